/**
 * The domain vocabulary shared by every stage: feed, item, issue, theme, subscriber, delivery.
 * Row types mirror the SQLite tables (src/store/migrations); timestamps are ISO-8601 UTC strings.
 */

export const ISSUE_STATUSES = ['draft', 'approved', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** Statuses that suppress a subscriber: never mailed again unless the person confirms again. */
export const SUPPRESSED_STATUSES: readonly SubscriberStatus[] = ['unsubscribed', 'bounced', 'complained'];

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The composer that wrote an issue's digest. */
export const COMPOSERS = ['claude', 'claude-after-repair', 'offline', 'offline-fallback'] as const;
export type Composer = (typeof COMPOSERS)[number];

export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  site_url: string | null;
  format: string | null;
  encoding: string | null;
  tags: string;
  full_text: number;
  enabled: number;
  disabled_reason: string | null;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  failure_count: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
}

export interface ItemRow {
  id: number;
  feed_id: number;
  dedup_key: string;
  guid: string | null;
  link: string | null;
  title: string;
  author: string | null;
  published_at: string | null;
  first_seen_at: string;
  summary: string;
  text: string;
  html: string;
  image: string | null;
  text_source: 'feed' | 'page';
}

export interface IssueRow {
  id: number;
  issue_date: string;
  status: IssueStatus;
  subject: string;
  digest_json: string;
  composer: Composer;
  fallback_reason: string | null;
  warnings_json: string;
  usage_json: string | null;
  created_at: string;
  approved_at: string | null;
  sending_at: string | null;
  sent_at: string | null;
  failed_at: string | null;
  cancelled_at: string | null;
  status_reason: string | null;
}

export interface SubscriberRow {
  id: number;
  email: string;
  name: string | null;
  status: SubscriberStatus;
  source: string;
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  bounce_reason: string | null;
  soft_bounce_count: number;
}

export interface DeliveryRow {
  id: number;
  issue_id: number;
  subscriber_id: number;
  status: DeliveryStatus;
  message_id: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  updated_at: string;
}

/** A sentence of the digest and the ids of the items it rests on. */
export interface Statement {
  text: string;
  itemIds: number[];
}

/** A story the theme highlights, with one sentence about it. */
export interface KeyItem {
  itemId: number;
  sentence: string;
}

export interface Theme {
  title: string;
  summary: Statement[];
  keyItems: KeyItem[];
}

/**
 * The composed content of an issue, stored as issues.digest_json. It contains item ids only,
 * because every title, link and date in the email is read from the items table at render time.
 */
export interface Digest {
  themes: Theme[];
  conclusion: Statement[];
  /** The most important items, best first ("Top sources"). */
  topItemIds: number[];
  /** Every item of the issue in rank order ("Sources"); the email may cut the tail to fit. */
  itemIds: number[];
}
