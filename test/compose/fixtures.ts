import type { Database } from '../../src/store/db';

export interface ItemFixture {
  title: string;
  text?: string;
  summary?: string;
  link?: string;
  publishedAt?: string | null;
  firstSeenAt?: string;
  feedId?: number;
}

/** Insert a feed row and return its id. */
export function insertFeed(db: Database, url = 'https://feeds.example.com/ai.xml', title = 'Example AI'): number {
  const result = db
    .prepare("INSERT INTO feeds (url, title, created_at) VALUES (?, ?, '2026-01-01T00:00:00.000Z')")
    .run(url, title);
  return Number(result.lastInsertRowid);
}

let counter = 0;

/** Insert an item row (as the collect stage would) and return its id. */
export function insertItem(db: Database, feedId: number, fixture: ItemFixture): number {
  counter += 1;
  const link = fixture.link ?? `https://example.com/posts/${counter}`;
  const result = db
    .prepare(
      `INSERT INTO items (feed_id, dedup_key, guid, link, title, published_at, first_seen_at, summary, text, html)
       VALUES (@feedId, @dedupKey, @guid, @link, @title, @publishedAt, @firstSeenAt, @summary, @text, '')`,
    )
    .run({
      feedId: fixture.feedId ?? feedId,
      dedupKey: link.replace(/^https?:\/\//, ''),
      guid: link,
      link,
      title: fixture.title,
      publishedAt: fixture.publishedAt === undefined ? '2026-12-04T05:00:00.000Z' : fixture.publishedAt,
      firstSeenAt: fixture.firstSeenAt ?? '2026-12-04T05:30:00.000Z',
      summary: fixture.summary ?? (fixture.text ?? '').slice(0, 200),
      text: fixture.text ?? '',
    });
  return Number(result.lastInsertRowid);
}

/** Seven items of one feed on three subjects: agents, open-weight models and inference chips. */
export const TOPICAL_ITEMS: ItemFixture[] = [
  {
    title: 'Coding agents learn to fix failing tests',
    text: 'A new release of the coding agent runs the test suite before it proposes a patch. The agent reads the failing test, edits the code and runs the tests again until they pass. Developers reported that agents now resolve half of the benchmark tasks without help.',
  },
  {
    title: 'Browser agents book travel on their own',
    text: 'Researchers built browser agents that plan a trip across several websites. Each agent keeps a memory of the pages it visited and the forms it filled in. The agents completed most booking tasks in the evaluation, though payment steps still needed a human.',
  },
  {
    title: 'Agents benchmark shows gaps in long tasks',
    text: 'The benchmark measures how agents handle tasks that take more than an hour. Agents lose track of their goals after many steps, the authors found. Memory and planning modules closed part of the gap in the agents tested.',
  },
  {
    title: 'Open-weight language model released under Apache license',
    text: 'The lab released an open-weight language model with 70 billion parameters under the Apache license. The weights of the model can be downloaded and fine-tuned on local hardware. The open-weight model matches closed models on several reasoning benchmarks.',
  },
  {
    title: 'Smaller open-weight model runs on laptops',
    text: 'A compact open-weight model with three billion parameters runs on a laptop without a GPU. Quantized weights keep the model under two gigabytes of memory. The model is released with a permissive license for research and products.',
  },
  {
    title: 'New inference chips cut energy per token',
    text: 'The chip maker announced inference chips that cut the energy per token by forty percent. The chips use a new memory layout that keeps model weights close to the compute units. Data centers can fit twice as many chips in the same power budget.',
  },
  {
    title: 'Inference chips ship to cloud providers',
    text: 'Cloud providers received the first batch of the new inference chips this week. The chips will power hosted language models for enterprise customers. Prices per token are expected to fall as the chips replace older accelerators.',
  },
];
