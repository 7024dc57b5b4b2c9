import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { buildMailOptions } from '../../src/send/message';
import { sendIssue } from '../../src/send/send';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { describeShared, readCase } from '../helpers/shared';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertSampleIssue, insertSubscriber } from '../render/fixtures/issue-fixture';
import { rawHeaderValues, useFastSending } from './fixtures/send-context';

const run = promisify(execFile);
const PROJECT_DIR = path.resolve(__dirname, '../..');

async function buildRaw(options: Parameters<typeof buildMailOptions>[1], newsletter: Partial<TestContext['config']['newsletter']> = {}): Promise<{ raw: Buffer; envelope: { to: string[] } }> {
  const base = { title: 'Example Digest', field: 'AI', from: 'Example Digest <digest@example.com>', listId: 'digest.example.com', unsubscribeMailto: 'unsubscribe@example.com' };
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transporter.sendMail(buildMailOptions({ ...base, ...newsletter }, options));
  return { raw: info.message as Buffer, envelope: info.envelope as unknown as { to: string[] } };
}

describeShared('shared send cases', () => {
  test('B19 strips CR/LF from the display name', async () => {
    const record = JSON.parse(readCase('B19-crlf-display-name.json').toString('utf8'));

    const { raw, envelope } = await buildRaw(
      {
        subject: record.subject,
        html: '<p>hi</p>',
        text: 'hi',
        messageId: '<b19@example.com>',
        recipient: { email: record.subscriber.address, name: record.subscriber.name },
        unsubscribeUrl: 'https://example.com/u/t',
        token: 't',
      },
      { from: `${record.from.name} <${record.from.address}>` },
    );

    const headerLines = raw.toString('utf8').split('\r\n\r\n')[0]!.split('\r\n');
    const to = rawHeaderValues(raw, 'To');
    expect(to).toHaveLength(1);
    expect(to[0]).toBe('"Jane Doe Bcc: someone@example.net" <jane@example.com>');
    expect(headerLines.some((line) => /^bcc:/i.test(line))).toBe(false);
    expect(envelope.to).toEqual(['jane@example.com']);
  });

  test('B21 has one of each list header', async () => {
    const record = JSON.parse(readCase('B21-list-unsubscribe.json').toString('utf8'));
    const token = record.subscriber.unsubscribe_token as string;

    const { raw } = await buildRaw(
      {
        subject: 'Daily',
        html: '<p>hi</p>',
        text: 'hi',
        messageId: '<b21@example.com>',
        recipient: { email: record.subscriber.address, name: record.subscriber.name },
        unsubscribeUrl: `${record.unsubscribe_base_url}${token}`,
        token,
      },
      { unsubscribeMailto: record.unsubscribe_mailto },
    );

    expect(rawHeaderValues(raw, 'List-Unsubscribe')).toEqual(['<https://example.com/u/tok_abc123>, <mailto:unsubscribe@example.com?subject=unsubscribe-tok_abc123>']);
    expect(rawHeaderValues(raw, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
  });

  describe('B31 double trigger', () => {
    let sink: SmtpSink;
    let context: TestContext;

    beforeEach(async () => {
      sink = await startSmtpSink();
      context = createTestContext({ SMTP_URL: sink.url });
      useFastSending(context);
    });

    afterEach(async () => {
      context.cleanup();
      await sink.close();
    });

    test('second trigger sends nothing and exits 0', async () => {
      const scenario = JSON.parse(readCase('B31-double-trigger.json').toString('utf8'));
      const { issueId } = insertSampleIssue(context.db, { issueDate: scenario.issue_date });
      for (const subscriber of scenario.subscribers) insertSubscriber(context.db, subscriber.address);

      const first = await sendIssue(context, issueId);
      const configFile = path.join(context.config.dataDir, 'config.yaml');
      const second = await run('npx', ['tsx', 'src/cli/main.ts', 'send', String(issueId)], {
        cwd: PROJECT_DIR,
        env: { ...process.env, DATA_DIR: context.config.dataDir, CONFIG: configFile, SMTP_URL: sink.url, LOG_LEVEL: 'info', PUBLIC_URL: context.config.publicUrl },
      });

      expect(first.sent).toBe(2);
      expect(second.stdout).toContain(`issue ${issueId} was already sent; nothing sent`);
      expect(second.stderr).toContain('issue already sent');
      expect(sink.messages).toHaveLength(2);
      expect(sink.messages.map((message) => message.envelopeTo[0]).sort()).toEqual(['jane@example.com', 'john@example.com']);
      expect(getIssue(context.db, issueId)?.status).toBe('sent');
      expect(fs.existsSync(configFile)).toBe(true);
    });
  });
});
