import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { decodeFeedBytes } from '../../src/collect/charset';
import { repairDoubleEncoding } from '../../src/collect/mojibake';
import { parseFeed } from '../../src/collect/parse';

const FIXTURES = path.join(__dirname, 'fixtures');

function parseFixture(name: string, contentType: string | null = null) {
  return parseFeed({ bytes: fs.readFileSync(path.join(FIXTURES, name)), url: 'https://example.com/feed', contentType });
}

describe('charset decoding', () => {
  test.each([
    ['charset-shift_jis.rss.xml', 'shift_jis', '人工知能の最新ニュース'],
    ['charset-euc-jp.rss.xml', 'euc-jp', '人工知能の最新ニュース'],
    ['charset-koi8-r.rss.xml', 'koi8-r', 'Новости искусственного интеллекта'],
    ['charset-gbk.rss.xml', 'gbk', '人工智能最新消息'],
    ['charset-gb18030.rss.xml', 'gb18030', '人工智能最新消息'],
    ['charset-big5.rss.xml', 'big5', '人工智慧最新消息'],
    ['charset-euc-kr.rss.xml', 'euc-kr', '인공지능 최신 소식'],
    ['charset-iso-8859-2.rss.xml', 'iso-8859-2', 'Zażółć gęślą jaźń'],
    ['charset-iso-8859-7.rss.xml', 'iso-8859-7', 'Τεχνητή νοημοσύνη σήμερα'],
    ['charset-windows-1250.rss.xml', 'windows-1250', 'Příliš žluťoučký kůň'],
    ['utf16le-bom.rss.xml', 'utf-16le', 'Überraschung – UTF-16'],
    ['undeclared-shift_jis.rss.xml', 'shift_jis', '人工知能の最新ニュースと機械学習の研究について'],
  ])('%s decodes', async (file, encoding, title) => {
    const parsed = await parseFixture(file);
    expect(parsed.feed.encoding).toBe(encoding);
    expect(parsed.items[0]!.title).toBe(title);
    expect(JSON.stringify(parsed)).not.toContain('\uFFFD');
  });

  test('double-encoded UTF-8 repaired', async () => {
    const [item] = (await parseFixture('double-encoded-utf8.rss.xml')).items;
    expect(item!.title).toBe('Café – Jane’s “naïve” résumé');
    expect(item!.text).toBe('Déjà vu — voilà.');
  });

  test('HTTP charset outranks the declaration', async () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Лента</title></channel></rss>', 'koi8-r');
    expect(decodeFeedBytes(bytes, 'application/rss+xml; charset=KOI8-R').encoding).toBe('koi8-r');
    expect((await parseFeed({ bytes, url: 'https://e.org/f', contentType: 'text/xml; charset="koi8-r"' })).feed.title).toBe('Лента');
  });

  test('false HTTP utf-8 falls back to the declaration', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Привет</title></channel></rss>', 'windows-1251');
    expect(decodeFeedBytes(bytes, 'application/xml; charset=utf-8')).toEqual(expect.objectContaining({ encoding: 'windows-1251' }));
  });

  test('BOM outranks everything', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss/>')]);
    const decoded = decodeFeedBytes(bytes, 'text/xml; charset=windows-1252');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text.startsWith('<?xml')).toBe(true);
  });

  test('ISO-8859-1 label decodes as windows-1252', () => {
    const bytes = Buffer.from([0x3c, 0x61, 0x3e, 0x80, 0x93, 0x3c, 0x2f, 0x61, 0x3e]);
    expect(decodeFeedBytes(bytes, 'text/xml; charset=iso-8859-1').text).toBe('<a>€“</a>');
  });

  test('NFC composition', async () => {
    const bytes = Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>Cafe\u0301</title><link>https://e.org/1</link></item></channel></rss>');
    expect((await parseFeed({ bytes, url: 'https://e.org/f' })).items[0]!.title).toBe('Caf\u00e9');
  });
});

describe('repairDoubleEncoding', () => {
  test.each([
    ['CafÃ©', 'Café'],
    ['Janeâ€™s', 'Jane’s'],
    ['â€œquotedâ€\u009d', '“quoted”'],
    ['emoji ðŸ˜€', 'emoji 😀'],
    ['Ã\u00a0 bientôt', 'à bientôt'],
  ])('%s repaired', async (input, expected) => {
    expect(repairDoubleEncoding(input)).toBe(expected);
  });

  test.each(['São Paulo', 'Ãrvore Ã', 'naïve café', '© 2024 — ½', 'ÂÃ'])('%s left alone', (input) => {
    expect(repairDoubleEncoding(input)).toBe(input);
  });
});
