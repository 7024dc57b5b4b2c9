import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { sendIssue } from '../../src/send/send';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertSampleIssue, insertSubscribers } from '../render/fixtures/issue-fixture';
import { rawHeaderValues, useFastSending } from './fixtures/send-context';

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

describe('DKIM signing', () => {
  test('signature verifies and covers list headers', async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(context.config.dataDir, 'dkim.pem');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    context.config.newsletter.from = 'Digest <digest@news.example.com>';
    context.config.send.dkim = { domainName: 'news.example.com', keySelector: 'mail2026', privateKeyFile: keyFile };
    const publicKeyBase64 = (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
    const resolver = async (name: string, type: string) => {
      if (name === 'mail2026._domainkey.news.example.com' && type === 'TXT') return [[`v=DKIM1; k=rsa; p=${publicKeyBase64}`]];
      throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
    };
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 1);

    await sendIssue(context, issueId);
    const result = await dkimVerify(sink.messages[0]!.raw, { resolver: resolver as never });

    const [signature] = result.results;
    expect(signature?.status.result).toBe('pass');
    expect(signature?.signingDomain).toBe('news.example.com');
    const [dkimHeader] = rawHeaderValues(sink.messages[0]!.raw, 'DKIM-Signature');
    const signedHeaders = /(?:^|;)\s*h=([^;]+)/.exec(dkimHeader ?? '')![1]!.split(':').map((name) => name.trim().toLowerCase());
    expect(signedHeaders).toContain('list-unsubscribe');
    expect(signedHeaders).toContain('list-unsubscribe-post');
    expect(signedHeaders).toContain('from');
  });

  test('tampered header fails verification', async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(context.config.dataDir, 'dkim.pem');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    context.config.send.dkim = { domainName: 'news.example.com', keySelector: 's1', privateKeyFile: keyFile };
    const publicKeyBase64 = (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
    const resolver = async () => [[`v=DKIM1; k=rsa; p=${publicKeyBase64}`]];
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 1);

    await sendIssue(context, issueId);
    const tampered = Buffer.from(sink.messages[0]!.raw.toString('utf8').replace('List-Unsubscribe-Post: List-Unsubscribe=One-Click', 'List-Unsubscribe-Post: List-Unsubscribe=Two-Click'));
    const result = await dkimVerify(tampered, { resolver: resolver as never });

    expect(result.results[0]?.status.result).toBe('fail');
  });

  test('unreadable key file is CONFIG_INVALID', async () => {
    context.config.send.dkim = { domainName: 'news.example.com', keySelector: 's1', privateKeyFile: path.join(context.config.dataDir, 'missing.pem') };
    const { issueId } = insertSampleIssue(context.db);

    await expect(sendIssue(context, issueId)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
