import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectFeeds } from '../../src/collect/collect';
import { parseFeed } from '../../src/collect/parse';
import { AppError } from '../../src/errors';
import { createTestContext } from '../helpers/context';
import { describeShared, listRealFeeds, readRealFeed } from '../helpers/shared';

const MUTATIONS = 3000;
const MAX_SEED_BYTES = 40_000;

/** mulberry32: a small seeded generator, so a failing mutation can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(bytes: Buffer, next: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const kind = Math.floor(next() * 4);

  if (kind === 0) return copy.subarray(0, Math.floor(next() * copy.length));

  if (kind === 1) {
    for (let flips = 1 + Math.floor(next() * 20); flips > 0; flips -= 1) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
    return copy;
  }

  const text = copy.toString('latin1');
  if (kind === 2) {
    const tags = [...text.matchAll(/<\/?[A-Za-z][^>]*>/g)];
    let result = text;
    for (let removals = 1 + Math.floor(next() * 10); removals > 0 && tags.length > 0; removals -= 1) {
      const tag = tags.splice(Math.floor(next() * tags.length), 1)[0]![0];
      result = result.replace(tag, '');
    }
    return Buffer.from(result, 'latin1');
  }

  const start = Math.floor(next() * text.length);
  const end = Math.min(text.length, start + Math.floor(next() * 2000));
  return Buffer.from(text.slice(0, start) + text.slice(start, end) + text.slice(start), 'latin1');
}

describeShared('fuzzed feeds', () => {
  const seeds = listRealFeeds()
    .map((file) => ({ file, bytes: readRealFeed(file) }))
    .filter((seed) => seed.bytes.length <= MAX_SEED_BYTES);

  test(`${MUTATIONS} mutations never crash`, async () => {
    const next = random(20241204);
    const failures: string[] = [];

    for (let index = 0; index < MUTATIONS; index += 1) {
      const seed = seeds[index % seeds.length]!;
      const url = `https://fuzz.example/${index}/${seed.file}`;
      try {
        const parsed = await parseFeed({ bytes: mutate(seed.bytes, next), url });
        for (const item of parsed.items) {
          if (typeof item.title !== 'string' || item.title === '') failures.push(`${url}: empty title`);
          if (item.published !== null && Number.isNaN(Date.parse(item.published))) failures.push(`${url}: bad date`);
        }
      } catch (error) {
        if (!(error instanceof AppError) || !error.message.includes(url)) failures.push(`${url}: ${String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('collect reports each broken feed', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-fuzz-'));
    const context = createTestContext();
    const next = random(7);
    try {
      for (let index = 0; index < 40; index += 1) {
        const seed = seeds[index % seeds.length]!;
        fs.writeFileSync(path.join(folder, `${String(index).padStart(2, '0')}-${seed.file}`), mutate(seed.bytes, next));
      }
      const report = await collectFeeds(context, { sources: [folder] });
      expect(report.feeds).toHaveLength(40);
      for (const feed of report.feeds.filter((result) => result.status === 'failed')) {
        expect(feed.error).toContain(path.basename(new URL(feed.url).pathname));
      }
    } finally {
      context.cleanup();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
