import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { collectFeeds } from '../src/collect/collect';
import { estimateFixedTokens } from '../src/compose/claude/prompt';
import { cutAtSentence, removeTitleRepeat, stripSharedPrefix } from '../src/compose/claude/excerpt';
import { buildItemRecords, MAX_EXCERPT_CHARS, renderRecords, type ItemRecord } from '../src/compose/claude/records';
import { estimateTokens } from '../src/compose/claude/tokens';
import { composeOffline, offlineOptionsFrom } from '../src/compose/offline/compose-offline';
import { collapseSpaces, stripLinks, truncateText } from '../src/compose/text';
import { createContext } from '../src/context';
import type { ItemRow } from '../src/domain';
import { AI_FEED_FILES, REAL_FEEDS_DIR } from '../test/helpers/corpus';

/**
 * Compose benchmark on the 100 newest items of the seven AI feeds of ../shared/feeds/real.
 * It compares the input tokens of the budgeted Claude prompt with a naive prompt that pastes
 * each item's full text, using one estimate (four characters a token) for both and the same
 * system prompt and tool schema on both sides. It also times the offline composer.
 * Run: `npx tsx bench/compose.ts [runs]`. Prints a markdown section.
 */
const RUNS = Number(process.argv[2] ?? 5);
const ITEM_COUNT = 100;
const ISSUE_DATE = '2026-12-04';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-bench-compose-'));
  const configPath = path.join(dataDir, 'config.yaml');
  fs.writeFileSync(configPath, '{}\n');
  const context = createContext({ env: { DATA_DIR: dataDir, CONFIG: configPath }, logger: pino({ level: 'silent' }) });

  try {
    // Collect the corpus and take the newest items.
    await collectFeeds(context, { sources: AI_FEED_FILES.map((file) => path.join(REAL_FEEDS_DIR, file)) });
    const items = context.db
      .prepare('SELECT * FROM items ORDER BY coalesce(published_at, first_seen_at) DESC, id DESC LIMIT ?')
      .all(ITEM_COUNT) as ItemRow[];
    const feeds = new Map((context.db.prepare('SELECT id, coalesce(title, url) AS title FROM feeds').all() as { id: number; title: string }[]).map((row) => [row.id, row.title]));

    // Budgeted prompt against the naive one, same system prompt and tool on both sides.
    const fixed = estimateFixedTokens(context.config, ISSUE_DATE);
    const budget = context.config.compose.inputTokenBudget;
    const records = buildItemRecords(items, feeds, budget - fixed);
    const budgetedTokens = fixed + estimateTokens(records.text);
    const fullTextRecords = items.map((item) => ({ id: item.id, source: feeds.get(item.feed_id) ?? '', title: item.title, date: item.published_at, excerpt: item.text }));
    const naiveText = renderNaive(fullTextRecords);
    const naiveTokens = fixed + estimateTokens(naiveText);
    const groupedNaiveTokens = fixed + estimateTokens(renderRecords(fullTextRecords.map((record) => ({ ...record, date: record.date?.slice(0, 10) ?? null }))));
    const ratio = (tokens: number) => (tokens / naiveTokens).toFixed(3);
    const perIssueRatio = ((budgetedTokens - fixed) / (naiveTokens - fixed)).toFixed(3);
    const withExcerpts = records.records.filter((record) => record.excerpt !== '');
    const excerptChars = withExcerpts.reduce((sum, record) => sum + record.excerpt.length, 0);
    const capRows = [700, 240, 120, 0].map((cap) => {
      const tokens = fixed + estimateTokens(buildItemRecords(items, feeds, budget - fixed, cap).text);
      return `| ${cap === 0 ? 'titles only, no excerpt' : `excerpts cut at a sentence within ${cap} characters`} | ${tokens.toLocaleString('en-US')} | ${ratio(tokens)} |`;
    });
    const budgetRows = [4000, 3500].map((issueBudget) => {
      const result = buildItemRecords(items, feeds, issueBudget - fixed);
      const tokens = fixed + result.tokens;
      return `| budget ${issueBudget.toLocaleString('en-US')} (${result.shortenedCount} excerpts shortened) | ${tokens.toLocaleString('en-US')} | ${ratio(tokens)} |`;
    });

    const stepRows = excerptSteps(items, feeds).map((step, index, steps) => {
      const tokens = fixed + estimateTokens(step.text);
      const saved = index === 0 ? '' : (fixed + estimateTokens(steps[index - 1]!.text) - tokens).toLocaleString('en-US');
      return `| ${step.label} | ${tokens.toLocaleString('en-US')} | ${saved} |`;
    });

    // Offline composer time: the first run loads the wink-nlp model.
    const timings: number[] = [];
    let themeTitles: string[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const digest = composeOffline(items, offlineOptionsFrom(context.config));
      timings.push(performance.now() - started);
      themeTitles = digest.themes.map((theme) => theme.title);
    }
    const warm = timings.slice(1).sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)] ?? timings[0]!;

    const lines = [
      '## Compose',
      '',
      `Items: the ${items.length} newest of the seven AI feeds (${items.reduce((sum, item) => sum + item.text.length, 0).toLocaleString('en-US')} characters of text).`,
      `Command: \`npx tsx bench/compose.ts ${RUNS}\``,
      `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}, load average ${os.loadavg()[0]!.toFixed(2)}`,
      `Tokens: estimated at four characters a token for both prompts. Both include the same system prompt, tool schema and message frame (${fixed.toLocaleString('en-US')} estimated tokens).`,
      '',
      '| prompt | estimated input tokens | ratio to naive |',
      '|---|---|---|',
      `| naive: one \`id / source / date / title / full text\` line per item | ${naiveTokens.toLocaleString('en-US')} | 1 |`,
      `| naive with the budgeted prompt's source and date headings | ${groupedNaiveTokens.toLocaleString('en-US')} | ${ratio(groupedNaiveTokens)} |`,
      `| budgeted: as sent, budget ${budget.toLocaleString('en-US')} (${records.shortenedCount} excerpts shortened) | ${budgetedTokens.toLocaleString('en-US')} | ${ratio(budgetedTokens)} |`,
      '',
      `Per-issue part only (system prompt, tool schema and frame left out of both): ratio ${perIssueRatio}.`,
      `Excerpts sent: ${withExcerpts.length} of ${items.length} items, ${withExcerpts.length === 0 ? 0 : Math.round(excerptChars / withExcerpts.length)} characters on average.`,
      '',
      'Each change to the records, applied in this order on top of the ones before:',
      '',
      '| change | estimated input tokens | saved |',
      '|---|---|---|',
      ...stepRows,
      '',
      'The same prompt with other excerpt caps (the composer uses 240) and smaller budgets:',
      '',
      '| records | estimated input tokens | ratio to naive |',
      '|---|---|---|',
      ...capRows,
      ...budgetRows,
      '',
      '| offline composer | ms |',
      '|---|---|',
      `| first run (loads the wink-nlp model) | ${timings[0]!.toFixed(0)} |`,
      `| median of the next ${warm.length} runs | ${median.toFixed(0)} |`,
      '',
      `Theme titles: ${themeTitles.map((title) => `"${title}"`).join(', ')}.`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    context.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Render the records once per change that the composer makes to them, in the order it makes
 * them, starting from the layout and 240-character word cuts that it used before.
 */
function excerptSteps(items: ItemRow[], feeds: ReadonlyMap<number, string>): { label: string; text: string }[] {
  const base: ItemRecord[] = items.map((item) => ({
    id: item.id,
    source: collapseSpaces(feeds.get(item.feed_id) ?? 'unknown feed'),
    title: stripLinks(item.title),
    date: (item.published_at ?? item.first_seen_at).slice(0, 10),
    excerpt: stripLinks(item.summary.trim() !== '' ? item.summary : item.text),
  }));
  const wordCut = (records: ItemRecord[]) => records.map((record) => ({ ...record, excerpt: truncateText(record.excerpt, MAX_EXCERPT_CHARS) }));

  const prefixStripped = base.map((record) => ({ ...record }));
  const bySource = new Map<string, ItemRecord[]>();
  for (const record of prefixStripped) bySource.set(record.source, [...(bySource.get(record.source) ?? []), record]);
  for (const sourceRecords of bySource.values()) {
    const stripped = stripSharedPrefix(sourceRecords.map((record) => record.excerpt));
    sourceRecords.forEach((record, index) => {
      record.excerpt = stripped[index]!;
    });
  }
  const titleRepeatRemoved = prefixStripped.map((record) => ({ ...record, excerpt: removeTitleRepeat(record.excerpt, record.title) }));
  const sentenceCut = titleRepeatRemoved.map((record) => ({ ...record, excerpt: record.excerpt === '' ? '' : cutAtSentence(record.excerpt, MAX_EXCERPT_CHARS) }));

  return [
    { label: 'before: one `id / source / date / title / excerpt` line per item, excerpts cut at a word', text: renderNaive(wordCut(base)) },
    { label: 'lines grouped under `# source` and `## date` headings', text: renderRecords(wordCut(base)) },
    { label: "a label shared by a source's excerpts removed", text: renderRecords(wordCut(prefixStripped)) },
    { label: 'text that repeats the title removed', text: renderRecords(wordCut(titleRepeatRemoved)) },
    { label: 'excerpts cut after the last whole sentence', text: renderRecords(sentenceCut) },
  ];
}

/**
 * Render the naive prompt's records: a legend of source codes, then one
 * `id | source | date | title | full text` line per item. This is the layout the composer sent
 * before the records were grouped, kept here so that the baseline does not move with it.
 */
function renderNaive(records: ItemRecord[]): string {
  const sourceCodes = new Map<string, string>();
  for (const record of records) if (!sourceCodes.has(record.source)) sourceCodes.set(record.source, `S${sourceCodes.size + 1}`);

  const field = (text: string) => text.replace(/\|/g, '/');
  const legend = [...sourceCodes].map(([source, code]) => `${code} = ${field(source)}`).join('; ');
  const lines = records.map((record) =>
    [String(record.id), sourceCodes.get(record.source)!, record.date ?? '', field(record.title), field(record.excerpt)].join(' | '),
  );
  return [`Sources: ${legend}`, 'Articles (id | source | date | title | excerpt):', ...lines].join('\n');
}

void main();
