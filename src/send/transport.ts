import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { Config } from '../config/load';
import { AppError } from '../errors';

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
export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'dataDir' | 'send'> & Partial<Pick<Config, 'configPath'>>): MailTransport {
  const dkim = loadDkimOptions(config.send.dkim, config.configPath ?? null);
  if (config.smtpUrl !== null) return createSmtpTransport(config.smtpUrl, config.send, dkim);
  return createOutboxTransport(path.join(config.dataDir, OUTBOX_DIR), dkim);
}

/** nodemailer DKIM options: the signing domain, the DNS selector and the PEM private key. */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * Read the DKIM key named by `send.dkim.privateKeyFile`, relative to the config file's folder
 * (or the working directory without one). nodemailer 10's default signed header list includes
 * List-Unsubscribe and List-Unsubscribe-Post, as RFC 8058 requires for one-click unsubscribe.
 */
export function loadDkimOptions(dkim: Config['send']['dkim'], configPath: string | null): DkimOptions | undefined {
  if (!dkim) return undefined;

  const file = path.resolve(configPath ? path.dirname(configPath) : process.cwd(), dkim.privateKeyFile);
  let privateKey: string;
  try {
    privateKey = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `send.dkim.privateKeyFile ${file} cannot be read (${(error as Error).message}); fix the path or remove send.dkim`, {}, { cause: error });
  }
  if (!privateKey.includes('PRIVATE KEY')) {
    throw new AppError('CONFIG_INVALID', `send.dkim.privateKeyFile ${file} is not a PEM private key; point it at the key whose public half is published at ${dkim.keySelector}._domainkey.${dkim.domainName}`);
  }
  return { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey };
}

function createSmtpTransport(smtpUrl: string, options: Config['send'], dkim: DkimOptions | undefined): MailTransport {
  const url = new URL(smtpUrl);
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: options.maxMessages,
    dkim,
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

function createOutboxTransport(outboxDir: string, dkim: DkimOptions | undefined): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', dkim });

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
