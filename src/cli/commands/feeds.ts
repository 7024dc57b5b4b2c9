import fs from 'node:fs';
import type { Command } from 'commander';
import { buildOpml, parseOpml } from '../../collect/opml';
import { feedUrlOf, isFileUrl } from '../../collect/sources';
import { loadConfig } from '../../config/load';
import { createContext } from '../../context';
import type { FeedRow } from '../../domain';
import { AppError, errorMessage } from '../../errors';
import { feedTags, findFeedByUrl, getFeed, listFeeds, removeFeed, upsertFeed } from '../../store/feeds';
import { printJson, printLine } from '../output';

interface AddFlags {
  title?: string;
  tag?: string[];
  fullText?: boolean;
}

export function registerFeedsCommand(program: Command): void {
  const feeds = program.command('feeds').description('manage the feed list, and parse a single feed');

  feeds
    .command('add <url>')
    .description('add a feed (an http(s) URL or a feed file), or update and re-enable it if it is already listed')
    .option('--title <T>', 'display name of the feed (default: the title the feed gives)')
    .option('--tag <T...>', 'tags of the feed, used to group it in OPML exports')
    .option('--full-text', 'fetch each article page and keep its main text when the feed carries only a teaser')
    .action((url: string, flags: AddFlags) => withContext((context) => {
      const feed = upsertFeed(
        context.db,
        { url: validatedFeedUrl(url), title: flags.title ?? null, tags: flags.tag ?? [], fullText: flags.fullText === true },
        { overwrite: true, enable: true },
      );
      printLine(`feed #${feed.id} ${feed.url}`);
    }));

  feeds
    .command('remove <url-or-id>')
    .description('remove a feed and the items no issue cites (a feed whose items an issue cites is disabled instead)')
    .action((target: string) => withContext((context) => {
      const feed = findFeed(context.db, target);
      const outcome = removeFeed(context.db, feed.id);
      printLine(outcome === 'deleted' ? `removed feed #${feed.id} ${feed.url}` : `disabled feed #${feed.id} ${feed.url}: issues cite its items`);
    }));

  feeds
    .command('list')
    .description('list the feeds with their state: failures in a row, last error and next attempt')
    .action(() => withContext((context) => {
      const rows = listFeeds(context.db);
      if (rows.length === 0) printLine('no feeds; add one with "feeds add <url>" or "feeds import FILE.opml"');
      for (const feed of rows) printFeedLine(feed);
    }));

  feeds
    .command('import <file>')
    .description('add the feeds of an OPML file; nested outlines become tags')
    .action((file: string) => withContext((context) => {
      const inputs = readOpml(file);
      for (const input of inputs) upsertFeed(context.db, input, { overwrite: true });
      printLine(`imported ${inputs.length} feeds from ${file}`);
    }));

  feeds
    .command('export')
    .description('print the feed list as OPML 2.0 on stdout')
    .action(() => withContext((context) => {
      const rows = listFeeds(context.db).map((feed) => ({ url: feed.url, title: feed.title, tags: feedTags(feed) }));
      process.stdout.write(buildOpml(rows, context.config.newsletter.title));
    }));

  feeds
    .command('parse <file-or-url>')
    .description('parse one feed and print the normalised result, without touching the database')
    .option('--json', 'print the result as JSON: { feed, items }')
    .action(async (location: string, flags: { json?: boolean }) => {
      const { parseFeedSource } = await import('../../collect/parse-source');
      const parsed = await parseFeedSource(location, loadConfig());
      if (flags.json) {
        printJson(parsed);
        return;
      }
      printLine(`${parsed.feed.title} (${parsed.feed.format}, ${parsed.feed.encoding}): ${parsed.items.length} items`);
      for (const item of parsed.items) printLine(`  ${item.published ?? 'no date'}  ${item.title}`);
    });
}

function withContext(work: (context: ReturnType<typeof createContext>) => void): void {
  const context = createContext();
  try {
    work(context);
  } finally {
    context.db.close();
  }
}

function printFeedLine(feed: FeedRow): void {
  const state = feed.enabled ? 'enabled' : `disabled (${feed.disabled_reason ?? 'by the operator'})`;
  const tags = feedTags(feed);
  printLine(`#${feed.id} ${feed.url}${feed.title ? ` "${feed.title}"` : ''}${tags.length ? ` [${tags.join(', ')}]` : ''}${feed.full_text ? ' full-text' : ''}`);
  printLine(`    ${state}; failures: ${feed.failure_count}; last success: ${feed.last_success_at ?? 'never'}`);
  if (feed.last_error) printLine(`    last error: ${feed.last_error}`);
  if (feed.next_attempt_at) printLine(`    next attempt: ${feed.next_attempt_at}`);
}

function validatedFeedUrl(location: string): string {
  const url = feedUrlOf(location);
  if (isFileUrl(url) && !fs.existsSync(new URL(url))) {
    throw new AppError('USAGE', `${location} is neither an http(s) URL nor an existing feed file; pass a URL such as https://example.com/feed.xml`);
  }
  return url;
}

function findFeed(db: ReturnType<typeof createContext>['db'], target: string): FeedRow {
  const feed = /^\d+$/.test(target) ? getFeed(db, Number(target)) : (findFeedByUrl(db, target) ?? findFeedByUrl(db, feedUrlOf(target)));
  if (!feed) throw new AppError('FEED_NOT_FOUND', `no feed with URL or id ${target}; run "feeds list" to see the feeds`);
  return feed;
}

function readOpml(file: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('USAGE', `OPML file ${file} could not be read: ${errorMessage(error)}`);
  }
  try {
    return parseOpml(text);
  } catch (error) {
    throw new AppError('USAGE', `${file} is not a valid OPML file: ${errorMessage(error)}; export one from your feed reader`);
  }
}
