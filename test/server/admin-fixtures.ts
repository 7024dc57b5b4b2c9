import type { Composer, Digest, IssueStatus } from '../../src/domain';
import type { Database } from '../../src/store/db';

export interface FixtureIssueOptions {
  issueDate?: string;
  status?: IssueStatus;
  composer?: Composer;
  fallbackReason?: string | null;
  warnings?: string[];
  usage?: unknown;
  sentAt?: string | null;
  /** How many stored items the issue cites (the first two themes split them). */
  itemCount?: number;
  /** How many more items it considered and left out. */
  leftOutCount?: number;
}

export interface FixtureIssue {
  issueId: number;
  itemIds: number[];
  leftOutIds: number[];
  digest: Digest;
}

let sequence = 0;

/**
 * Insert a feed, items and an issue with a two-theme digest straight into the tables, the way
 * the compose stage stores them, so operator and archive tests need no composer.
 */
export function insertFixtureIssue(db: Database, options: FixtureIssueOptions = {}): FixtureIssue {
  sequence += 1;
  const now = new Date().toISOString();
  const feedId = Number(
    db.prepare('INSERT INTO feeds (url, title, created_at) VALUES (?, ?, ?)').run(`https://feeds.example.com/${sequence}.xml`, `Example Feed ${sequence}`, now).lastInsertRowid,
  );

  const insertItem = db.prepare(
    `INSERT INTO items (feed_id, dedup_key, guid, link, title, published_at, first_seen_at, summary)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const makeItems = (count: number, label: string) =>
    Array.from({ length: count }, (_unused, index) => {
      const link = `https://news.example.com/${sequence}/${label}-${index + 1}`;
      return Number(insertItem.run(feedId, link, link, link, `${label} story ${index + 1} & more`, now, now, 'A summary.').lastInsertRowid);
    });
  const itemIds = makeItems(options.itemCount ?? 4, 'Cited');
  const leftOutIds = makeItems(options.leftOutCount ?? 1, 'Skipped');

  const half = Math.max(1, Math.floor(itemIds.length / 2));
  const first = itemIds.slice(0, half);
  const second = itemIds.slice(half).length > 0 ? itemIds.slice(half) : first;
  const digest: Digest = {
    themes: [
      {
        title: 'Models get smaller',
        summary: [{ text: 'Labs released compact models for phones.', itemIds: first }],
        keyItems: first.map((itemId) => ({ itemId, sentence: 'A compact model shipped.' })),
      },
      {
        title: 'Agents <b>in</b> production',
        summary: [
          { text: 'Teams moved agents into production.', itemIds: second },
          { text: 'Costs fell for long tasks.', itemIds: [second[0] as number] },
        ],
        keyItems: [{ itemId: second[0] as number, sentence: 'An agent framework reached 1.0.' }],
      },
    ],
    conclusion: [{ text: 'Smaller and cheaper was the theme of the day.', itemIds: [first[0] as number] }],
    topItemIds: itemIds.slice(0, 2),
    itemIds,
  };

  const status = options.status ?? 'draft';
  const issueId = Number(
    db
      .prepare(
        `INSERT INTO issues (issue_date, status, subject, digest_json, composer, fallback_reason, warnings_json, usage_json, created_at, sent_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        options.issueDate ?? `2026-11-${String(sequence).padStart(2, '0')}`,
        status,
        `AI Daily Summary: models get smaller (${sequence})`,
        JSON.stringify(digest),
        options.composer ?? 'claude',
        options.fallbackReason ?? null,
        JSON.stringify(options.warnings ?? []),
        options.usage === undefined ? null : JSON.stringify(options.usage),
        now,
        options.sentAt ?? (status === 'sent' ? now : null),
      ).lastInsertRowid,
  );

  const insertIssueItem = db.prepare('INSERT INTO issue_items (issue_id, item_id, included, rank) VALUES (?, ?, ?, ?)');
  itemIds.forEach((itemId, index) => insertIssueItem.run(issueId, itemId, 1, index + 1));
  leftOutIds.forEach((itemId) => insertIssueItem.run(issueId, itemId, 0, null));

  return { issueId, itemIds, leftOutIds, digest };
}

export function countDeliveries(db: Database): number {
  return db.prepare('SELECT count(*) FROM deliveries').pluck().get() as number;
}

export function insertConfirmedSubscriber(db: Database, email: string): number {
  const now = new Date().toISOString();
  return Number(
    db.prepare("INSERT INTO subscribers (email, status, source, created_at, confirmed_at) VALUES (?, 'confirmed', 'operator', ?, ?)").run(email, now, now).lastInsertRowid,
  );
}

export interface TextResponse {
  statusCode: number;
  headers: Headers;
  body: string;
}

/**
 * Request a page over real HTTP and read its body. Tests listen on port 0 and use fetch
 * rather than fastify's inject, because inject loads the ESM-only `cookie` package, which
 * jest cannot require.
 */
export async function fetchText(url: string, init: RequestInit = {}): Promise<TextResponse> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { statusCode: response.status, headers: response.headers, body: await response.text() };
}

export interface OperatorSession {
  /** The Cookie header to send: the session and CSRF cookies. */
  cookie: string;
  /** A CSRF token for form posts, read from the login page's form. */
  csrfToken: string;
}

/** Log in through the form as a browser does, and return the cookies and a CSRF token. */
export async function logIn(baseUrl: string, token: string): Promise<OperatorSession> {
  const form = await fetch(`${baseUrl}/admin/login`);
  const csrfCookie = cookiePairs(form.headers);
  const csrfToken = csrfTokenIn(await form.text());

  const login = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrfToken, token }).toString(),
  });
  if (login.status !== 303) throw new Error(`login answered ${login.status}, expected 303`);
  return { cookie: `${csrfCookie}; ${cookiePairs(login.headers)}`, csrfToken };
}

/** Post a form with the session's cookies; `_csrf` is added unless `csrf` is false. */
export function postForm(baseUrl: string, path: string, session: OperatorSession | null, fields: Record<string, string | string[]> = {}, csrf = true): Promise<TextResponse> {
  const body = new URLSearchParams();
  if (csrf && session) body.append('_csrf', session.csrfToken);
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (session) headers.cookie = session.cookie;
  return fetchText(baseUrl + path, { method: 'POST', headers, body: body.toString() });
}

/** Join the `name=value` pairs of a response's Set-Cookie headers into a Cookie header. */
export function cookiePairs(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((line) => line.split(';')[0] as string)
    .join('; ');
}

export function csrfTokenIn(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1] as string;
}
