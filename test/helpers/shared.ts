import fs from 'node:fs';
import path from 'node:path';
import { CASES_DIR, REAL_FEEDS_DIR, SHARED_DIR } from './corpus';

/**
 * The read-only corpus of real feeds and bug cases beside the project (../shared).
 * CI always has it; a bare clone may not, and then the tests that need it are skipped.
 */
export { AI_FEED_FILES, CASES_DIR, REAL_FEEDS_DIR, SHARED_DIR } from './corpus';
export const HAS_SHARED = fs.existsSync(REAL_FEEDS_DIR) && fs.existsSync(CASES_DIR);

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
