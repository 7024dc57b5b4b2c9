import { createTestContext } from './test/helpers/context';
import { insertSampleIssue } from './test/render/fixtures/issue-fixture';
import { renderIssue, personalize } from './src/render/render';
(async () => {
  const c = createTestContext();
  const { issueId } = insertSampleIssue(c.db);
  let t = performance.now();
  const r = await renderIssue(c, issueId);
  console.log('ms', performance.now() - t);
  t = performance.now();
  const r2 = await renderIssue(c, issueId);
  console.log('ms2', performance.now() - t);
  const p = personalize(r, { unsubscribeUrl: 'http://127.0.0.1:8787/u/abc.0.xyz', name: 'Jane <b>' });
  require('fs').writeFileSync('/tmp/digest.html', p.html);
  console.log(p.html.length, r.omittedItemCount);
  console.log(p.text);
  console.log((p.html.match(/href="[^"]*"/g)));
  c.cleanup();
})();
