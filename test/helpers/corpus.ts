import path from 'node:path';

/**
 * Paths of the read-only corpus beside the project (../shared), with no jest globals, so
 * that benchmarks can import them as well as tests.
 */
export const SHARED_DIR = path.resolve(__dirname, '../../../shared');
export const REAL_FEEDS_DIR = path.join(SHARED_DIR, 'feeds/real');
export const CASES_DIR = path.join(SHARED_DIR, 'cases');

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
