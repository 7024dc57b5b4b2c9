import { createTestContext } from './test/helpers/context';
import { insertSampleIssue, insertSubscribers } from './test/render/fixtures/issue-fixture';
import { sendIssue } from './src/send/send';
import { startSmtpSink } from './test/helpers/smtp-sink';
(async () => {
  const sink = await startSmtpSink();
  const c = createTestContext({ SMTP_URL: sink.url });
  const { issueId } = insertSampleIssue(c.db);
  insertSubscribers(c.db, 200, { name: (i) => i === 1 ? 'Jane Doe\r\nBcc: x@y.z' : null });
  c.config.send.rateLimit = 100000;
  const r = await sendIssue(c, issueId);
  console.log(r, sink.messages.length);
  const m = sink.messages[0]!;
  console.log(m.raw.toString().split('\r\n\r\n')[0]);
  console.log(await sendIssue(c, issueId));
  await sink.close(); c.cleanup();
})();
