import type { AppContext } from '../context';
import type { Digest } from '../domain';
import { AppError } from '../errors';
import { elapsedMs } from '../log';
import { getIssue } from '../store/issues';
import { compileTemplate } from './compile';
import { loadItemViews, readDigest, type ItemView } from './issue-data';
import { personalizeParts, type SubscriberVariables } from './personalize';
import { escapeHtml, MAX_NAME_LENGTH, PLACEHOLDERS } from './placeholders';
import { writePlainText } from './plain-text';
import { buildDigestView, countSources, type DigestView } from './view-model';

export { compileTemplate } from './compile';
export type { SubscriberVariables } from './personalize';

/** An issue compiled once; `html` and `text` still contain the per-subscriber placeholders. */
export interface RenderedIssue {
  issueId: number;
  subject: string;
  html: string;
  text: string;
  /** Sources left out of the email to keep the HTML under `send.maxHtmlBytes`. */
  omittedItemCount: number;
}

/** Unsubscribe link shown in previews and test copies; it is not a valid token, so it unsubscribes no one. */
export const PREVIEW_UNSUBSCRIBE_PATH = '/u/preview';

/**
 * Compile an issue's digest into email HTML and text. When the HTML would exceed
 * `send.maxHtmlBytes` once personalised, the lowest-ranked sources are left out, and a line
 * links to the web version for them. Header, themes and footer stay, except that an item whose
 * texts still overflow the budget without any source is left out of the email with a warning.
 */
export async function renderIssue(context: AppContext, issueId: number): Promise<RenderedIssue> {
  const start = performance.now();
  const issue = getIssue(context.db, issueId);
  if (!issue) throw new AppError('ISSUE_NOT_FOUND', `issue ${issueId} not found; list issues with \`ai-daily-summary drafts list\``, { issueId });
  context.logger.info({ issueId }, 'render started');

  // Read every title, link and date from the items table by id.
  const digest = readDigest(issue);
  const items = loadItemViews(context.db, digest, context.config.schedule.timezone);
  const sourceCount = countSources(digest, items);

  // Fit the HTML into the byte budget, keeping as many sources as fit.
  const budget = context.config.send.maxHtmlBytes - personalizationReserve(context.config.publicUrl);
  const fitted = await fitIssue({
    build: (shownItems, keptSourceCount) => buildDigestView(context.config, issue, digest, shownItems, keptSourceCount),
    digest,
    items,
    budget,
    issueId,
    onDrop: (itemId, bytes) => context.logger.warn({ issueId, itemId, itemBytes: bytes, budget }, 'item left out of the email: the header and themes exceed the HTML budget with it'),
  });

  const rendered = { issueId, subject: fitted.view.subject, html: fitted.html, text: writePlainText(fitted.view), omittedItemCount: sourceCount - fitted.keptSourceCount };
  context.logger.info(
    { issueId, htmlBytes: Buffer.byteLength(rendered.html), sources: fitted.keptSourceCount, omittedItemCount: rendered.omittedItemCount, durationMs: elapsedMs(start) },
    'render finished',
  );
  return rendered;
}

/** Substitute one subscriber's unsubscribe link and name into a rendered issue. */
export function personalize(rendered: RenderedIssue, variables: SubscriberVariables): { html: string; text: string } {
  return personalizeParts(rendered, variables);
}

/** Render an issue for a dummy subscriber, for `preview` and the web page; writes nothing. */
export async function renderPreview(context: AppContext, issueId: number, format: 'html' | 'text'): Promise<string> {
  const rendered = await renderIssue(context, issueId);
  const parts = personalize(rendered, { unsubscribeUrl: context.config.publicUrl + PREVIEW_UNSUBSCRIBE_PATH, name: null });
  return format === 'html' ? parts.html : parts.text;
}

interface FitRequest {
  digest: Digest;
  build: (items: Map<number, ItemView>, keptSourceCount: number) => DigestView;
  items: Map<number, ItemView>;
  budget: number;
  issueId: number;
  /** Called for each item left out of the email because the issue does not fit even without sources. */
  onDrop: (itemId: number, bytes: number) => void;
}

/**
 * Compile with all sources; when over budget, binary-search the largest number of sources that
 * fits. Each probe is one MJML compile, so a 45-source issue costs at most 8 compiles.
 * When the issue does not fit even without sources, its items are left out of the email one
 * at a time, largest first, until it fits. Display limits make that rare: it takes many items
 * near the limits, or an oversized theme. It raises RENDER_FAILED once no key item or top
 * source is left to drop.
 */
async function fitIssue(request: FitRequest) {
  const { build, budget, issueId } = request;
  const shownItems = new Map(request.items);
  const compile = async (keptSourceCount: number) => {
    const view = build(shownItems, keptSourceCount);
    const { html } = await compileTemplate('digest', view);
    return { keptSourceCount, view, html, fits: Buffer.byteLength(html) <= budget };
  };

  const full = await compile(countSources(request.digest, shownItems));
  if (full.fits) return full;

  let best = await compile(0);
  while (!best.fits) {
    const largest = largestItem(request.digest, shownItems);
    if (!largest) {
      throw new AppError('RENDER_FAILED', `issue ${issueId} is ${Buffer.byteLength(best.html)} bytes of HTML even without sources, over the budget of ${budget}; shorten its themes or raise send.maxHtmlBytes`, { issueId });
    }
    shownItems.delete(largest.id);
    request.onDrop(largest.id, largest.bytes);
    best = await compile(0);
  }

  let low = 1;
  let high = countSources(request.digest, shownItems) - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const probe = await compile(middle);
    if (probe.fits) {
      best = probe;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/**
 * Find the item of the header and themes (key items and top sources) whose texts, links and
 * key-item sentences take the most bytes, because leaving it out frees the most room.
 */
function largestItem(digest: Digest, items: Map<number, ItemView>): { id: number; bytes: number } | null {
  const bytesById = new Map<number, number>();
  const add = (id: number, text: string): void => {
    if (items.has(id)) bytesById.set(id, (bytesById.get(id) ?? 0) + Buffer.byteLength(text));
  };

  for (const id of digest.topItemIds) add(id, '');
  for (const keyItem of digest.themes.flatMap((theme) => theme.keyItems)) add(keyItem.itemId, keyItem.sentence);
  for (const id of bytesById.keys()) {
    const item = items.get(id)!;
    add(id, [item.title, item.link ?? '', item.feedName, item.excerpt, item.image ?? ''].join(''));
  }

  let largest: { id: number; bytes: number } | null = null;
  for (const [id, bytes] of bytesById) {
    if (!largest || bytes > largest.bytes) largest = { id, bytes };
  }
  return largest;
}

/**
 * Return the bytes to keep free for the values substituted per subscriber. The unsubscribe URL
 * ends in a token of at most 12 + 3 + 43 characters after `/u/`. The greeting's name has at most
 * MAX_NAME_LENGTH characters, and each takes at most 6 bytes once escaped.
 */
function personalizationReserve(publicUrl: string): number {
  const longestUrl = Buffer.byteLength(escapeHtml(publicUrl)) + '/u/'.length + 12 + 3 + 43;
  const longestGreeting = 'Hello ,'.length + MAX_NAME_LENGTH * 6;
  return longestUrl - PLACEHOLDERS.unsubscribeUrl.length + longestGreeting - PLACEHOLDERS.greeting.length;
}
