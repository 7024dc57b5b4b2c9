import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerCollectCommand } from '../../src/cli/commands/collect';
import { registerFeedsCommand } from '../../src/cli/commands/feeds';
import { AppError } from '../../src/errors';
import { startHttpServer } from '../helpers/http-server';
import { describeShared, CASES_DIR, REAL_FEEDS_DIR } from '../helpers/shared';

/** Run the feeds and collect commands in-process with DATA_DIR and CONFIG pointing at `folder`. */
async function run(folder: string, ...args: string[]): Promise<string> {
  const program = new Command('ai-daily-summary').exitOverride();
  registerCollectCommand(program);
  registerFeedsCommand(program);

  const saved = { DATA_DIR: process.env.DATA_DIR, CONFIG: process.env.CONFIG, LOG_LEVEL: process.env.LOG_LEVEL };
  Object.assign(process.env, { DATA_DIR: path.join(folder, 'data'), CONFIG: path.join(folder, 'config.yaml'), LOG_LEVEL: 'silent' });

  let output = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += chunk.toString();
    return true;
  });
  try {
    await program.parseAsync(['node', 'ai-daily-summary', ...args]);
  } finally {
    write.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return output;
}

describe('feeds and collect commands', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-cli-'));
    fs.writeFileSync(path.join(folder, 'config.yaml'), '{}\n');
  });

  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  const feedFile = (name: string, title: string) => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, `<rss version="2.0"><channel><title>${title}</title><item><title>${title} story one here</title><link>https://e.org/${name}/1</link></item></channel></rss>`);
    return file;
  };

  test('add, list, remove', async () => {
    const file = feedFile('a.xml', 'Feed A');
    expect(await run(folder, 'feeds', 'add', file, '--title', 'A', '--tag', 'labs', 'ai', '--full-text')).toMatch(/^feed #1 file:\/\//);

    const listed = await run(folder, 'feeds', 'list');
    expect(listed).toContain('"A" [labs, ai] full-text');
    expect(listed).toContain('failures: 0');

    expect(await run(folder, 'feeds', 'remove', '1')).toContain('removed feed #1');
    expect(await run(folder, 'feeds', 'list')).toContain('no feeds');
  });

  test('remove unknown feed fails', async () => {
    await expect(run(folder, 'feeds', 'remove', 'https://nowhere.example/feed')).rejects.toThrow(AppError);
  });

  test('add rejects a missing file', async () => {
    await expect(run(folder, 'feeds', 'add', path.join(folder, 'missing.xml'))).rejects.toThrow(/neither an http\(s\) URL nor an existing feed file/);
  });

  test('collect prints counts and failures', async () => {
    const good = feedFile('good.xml', 'Good');
    const bad = path.join(folder, 'bad.xml');
    fs.writeFileSync(bad, 'not a feed');

    const output = await run(folder, 'collect', '--feeds', good, bad);
    expect(output).toMatch(/^feeds: 1 ok, 1 failed; 1 new items in \d+ ms$/m);
    expect(output).toMatch(/^ {2}failed: file:\/\/.*bad\.xml: feed file:\/\/.*bad\.xml could not be parsed/m);
  });

  test('collect lists failing feed with its error', async () => {
    const bad = path.join(folder, 'bad.xml');
    fs.writeFileSync(bad, '<html><body>page</body></html>');
    await run(folder, 'feeds', 'add', bad);
    await expect(run(folder, 'collect')).rejects.toMatchObject({ code: 'NO_FEEDS' });
    const listed = await run(folder, 'feeds', 'list');
    expect(listed).toContain('failures: 1');
    expect(listed).toContain('last error: feed file://');
  });

  test('collect --feeds leaves the list alone', async () => {
    const good = path.join(folder, 'good.xml');
    fs.writeFileSync(good, '<rss version="2.0"><channel><title>Good</title><item><title>One</title><link>https://e.org/1</link></item></channel></rss>');
    await run(folder, 'collect', '--feeds', good);
    expect(await run(folder, 'feeds', 'list')).toMatch(/^no feeds/);

    await run(folder, 'feeds', 'add', good);
    expect(await run(folder, 'feeds', 'list')).toContain('good.xml');
  });

  test('import and export OPML', async () => {
    const opml = path.join(folder, 'list.opml');
    fs.writeFileSync(opml, '<opml version="2.0"><body><outline text="Research"><outline type="rss" text="Lab" xmlUrl="https://lab.example/feed"/></outline></body></opml>');
    expect(await run(folder, 'feeds', 'import', opml)).toContain('imported 1 feeds');

    const exported = await run(folder, 'feeds', 'export');
    expect(exported).toContain('<outline text="Research">');
    expect(exported).toContain('xmlUrl="https://lab.example/feed"');
    expect(exported).toContain('category="Research"');
  });

  test('parse reads a URL', async () => {
    const server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      response.end('<rss version="2.0"><channel><title>Served</title><item><title>Served item</title><link>/a</link></item></channel></rss>');
    });
    try {
      const parsed = JSON.parse(await run(folder, 'feeds', 'parse', `${server.url}/feed.xml`, '--json')) as { items: { link: string }[] };
      expect(parsed.items[0]!.link).toBe(`${server.url}/a`);
    } finally {
      await server.close();
    }
  });

  test('parse of a missing file fails', async () => {
    await expect(run(folder, 'feeds', 'parse', path.join(folder, 'missing.xml'), '--json')).rejects.toThrow(/could not be read/);
  });

  test('parse prints a summary', async () => {
    const output = await run(folder, 'feeds', 'parse', feedFile('p.xml', 'Parsed'));
    expect(output).toContain('Parsed (rss2, utf-8): 1 items');
  });
});

describeShared('feeds parse --json', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-cli-'));
    fs.writeFileSync(path.join(folder, 'config.yaml'), '{}\n');
  });

  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  test('output matches the contract', async () => {
    const output = await run(folder, 'feeds', 'parse', path.join(CASES_DIR, 'B04-content-encoded-escaped.rss.xml'), '--json');
    expect(JSON.parse(output)).toEqual({
      feed: { title: 'Example Content Feed', link: 'https://example.com/', format: 'rss2', encoding: 'utf-8' },
      items: [
        {
          guid: 'item-0004',
          title: 'Body lives in content:encoded',
          link: 'https://example.com/b/4',
          published: '2024-06-05T09:00:00.000Z',
          author: 'Jane Doe',
          summary: 'Short teaser.',
          text: 'Full body text.',
          html: '<p>Full <b>body</b> text.</p>',
          image: null,
        },
      ],
    });
  });

  test('every corpus file keeps the shape', async () => {
    const output = await run(folder, 'feeds', 'parse', path.join(REAL_FEEDS_DIR, 'guardian-us-media.rss.xml'), '--json');
    const parsed = JSON.parse(output) as { feed: Record<string, unknown>; items: Record<string, unknown>[] };
    expect(Object.keys(parsed.feed).sort()).toEqual(['encoding', 'format', 'link', 'title']);
    for (const item of parsed.items) {
      expect(Object.keys(item).sort()).toEqual(['author', 'guid', 'html', 'image', 'link', 'published', 'summary', 'text', 'title']);
    }
    expect(fs.existsSync(path.join(folder, 'data'))).toBe(false);
  });
});
