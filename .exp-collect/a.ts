import fs from 'node:fs';
import Parser from 'rss-parser';
import { decodeFeedBytes } from '../src/collect/charset';
const dir = '/work/shared/feeds/real';
const p = new Parser({ customFields: { item: [['link', 'links', { keepArray: true }]] } });
(async () => {
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.xml')) continue;
    const { text } = decodeFeedBytes(fs.readFileSync(`${dir}/${f}`), null);
    try { const r = await p.parseString(text.replace(/^\uFEFF/, '')); console.log('OK', f, r.items.length); }
    catch (e) { console.log('ERR', f, String(e).slice(0, 150)); }
  }
})();
