import fs from 'node:fs';
import path from 'node:path';

/**
 * The read-only corpus of real feeds and bug cases beside the project (../shared).
 * CI always has it; a bare clone may not, and then the tests that need it are skipped.
 */
export const SHARED_DIR = path.resolve(__dirname, '../../../shared');
export const REAL_FEEDS_DIR = path.join(SHARED_DIR, 'feeds/real');
export const CASES_DIR = path.join(SHARED_DIR, 'cases');
export const HAS_SHARED = fs.existsSync(REAL_FEEDS_DIR) && fs.existsSync(CASES_DIR);

/** The seven realistic daily AI feeds named in the corpus manifest. */
export const AI_FEED_FILES = [
  'anthropic-news.rss.xml',
  'openai-research.rss.xml',
  'google-ai-blog.rss.xml',
  'meta-ai-blog.rss.xml',
  'deeplearning-ai-the-batch.rss.xml',
  'huggingface-daily-papers.rss.xml',
  'cloudflare-blog.rss.xml',
];

if (!HAS_SHARED) {
  process.stderr.write(`NOTE: ${SHARED_DIR} is absent, so tests on the real feed corpus and bug cases are skipped; check out the shared folder beside the project to run them.\n`);
}

/**
 * `describe` that runs only where ../shared exists. Elsewhere it registers one skipped test
 * that names the missing folder, and never calls the body, which may read corpus files.
 */
export const describeShared: jest.Describe = HAS_SHARED
  ? describe
  : (((name: string) =>
      describe(name, () => {
        test.skip(`skipped: ${SHARED_DIR} not found`, () => undefined);
      })) as unknown as jest.Describe);

export function readCase(name: string): Buffer {
  return fs.readFileSync(path.join(CASES_DIR, name));
}

export function readRealFeed(name: string): Buffer {
  return fs.readFileSync(path.join(REAL_FEEDS_DIR, name));
}

export function listRealFeeds(): string[] {
  return fs.readdirSync(REAL_FEEDS_DIR).filter((name) => name !== 'MANIFEST.md').sort();
}
