import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/context';

/** Create a test context whose config file contains `yaml` (removed by cleanup). */
export function createContextWithConfig(yaml: string): TestContext {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-collect-config-'));
  const configPath = path.join(folder, 'config.yaml');
  fs.writeFileSync(configPath, yaml);

  const context = createTestContext({ CONFIG: configPath });
  return {
    ...context,
    cleanup() {
      context.cleanup();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Build a small valid RSS 2.0 feed with one item per title. */
export function rssFeed(titles: string[], options: { channel?: string; linkBase?: string } = {}): string {
  const base = options.linkBase ?? 'https://example.com/posts';
  const items = titles
    .map((title, index) => `<item><title>${title}</title><link>${base}/${index + 1}</link><guid>${base}/${index + 1}</guid><pubDate>Tue, 04 Jun 2024 08:00:00 GMT</pubDate><description>About ${title}.</description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${options.channel ?? 'Test feed'}</title><link>https://example.com/</link>\n${items}\n</channel></rss>\n`;
}
