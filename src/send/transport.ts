import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { Config } from '../config/load';

export const OUTBOX_DIR = 'outbox';

/** The channel every message goes through: SMTP, or .eml files in the outbox. */
export interface MailTransport {
  /** The destination shown in summaries: `smtp://host:port` (no credentials) or the outbox folder. */
  destination: string;
  send(message: Mail.Options): Promise<{ messageId: string; response: string }>;
  close(): void;
}

/**
 * Create the transport named by SMTP_URL (or `send.smtpUrl` in the config). Without one,
 * every message is written as an .eml file to DATA_DIR/outbox, so a fresh clone needs no
 * mail account.
 */
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'dataDir' | 'send'>): MailTransport {
  if (config.smtpUrl !== null) return createSmtpTransport(config.smtpUrl, config.send);
  return createOutboxTransport(path.join(config.dataDir, OUTBOX_DIR));
}

function createSmtpTransport(smtpUrl: string, options: Config['send']): MailTransport {
  const url = new URL(smtpUrl);
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: options.maxMessages,
  } as unknown as Parameters<typeof nodemailer.createTransport>[0]);

  return {
    destination: `${url.protocol}//${url.host}`,
    async send(message) {
      const info = await transporter.sendMail(message);
      return { messageId: info.messageId, response: String(info.response ?? '') };
    },
    close: () => transporter.close(),
  };
}

function createOutboxTransport(outboxDir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  return {
    destination: outboxDir,
    async send(message) {
      const info = await transporter.sendMail(message);
      fs.mkdirSync(outboxDir, { recursive: true });
      const name = info.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
      const file = path.join(outboxDir, `${name}.eml`);
      fs.writeFileSync(file, info.message as Buffer);
      return { messageId: info.messageId, response: `written to ${file}` };
    },
    close: () => transporter.close(),
  };
}
