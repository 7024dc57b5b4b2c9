/** The first schema: feeds, items, issues, subscribers, deliveries and the job bookkeeping. */
export const sql = `
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  site_url TEXT,
  format TEXT,
  encoding TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  full_text INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  etag TEXT,
  last_modified TEXT,
  last_fetched_at TEXT,
  last_success_at TEXT,
  failure_count INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT,
  created_at TEXT NOT NULL
);

-- One row per story. dedup_key is the normalised guid or link (scheme, trailing slash and
-- tracking parameters removed), so a story seen again under another form is not stored twice.
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL REFERENCES feeds(id),
  dedup_key TEXT NOT NULL UNIQUE,
  guid TEXT,
  link TEXT,
  title TEXT NOT NULL,
  author TEXT,
  published_at TEXT,
  first_seen_at TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  html TEXT NOT NULL DEFAULT '',
  image TEXT,
  text_source TEXT NOT NULL DEFAULT 'feed' CHECK (text_source IN ('feed', 'page'))
);
CREATE INDEX items_order ON items (coalesce(published_at, first_seen_at));
CREATE INDEX items_feed ON items (feed_id);

-- Other feeds that carried the same story ("also covered by").
CREATE TABLE item_sources (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  feed_id INTEGER NOT NULL REFERENCES feeds(id),
  link TEXT,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (item_id, feed_id)
);

-- status: draft -> approved -> sending -> sent, or failed / cancelled.
-- Only one issue per date may be live: a cancelled one frees its date for a recompose.
CREATE TABLE issues (
  id INTEGER PRIMARY KEY,
  issue_date TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'approved', 'sending', 'sent', 'failed', 'cancelled')),
  subject TEXT NOT NULL DEFAULT '',
  digest_json TEXT NOT NULL,
  composer TEXT NOT NULL,
  fallback_reason TEXT,
  warnings_json TEXT NOT NULL DEFAULT '[]',
  usage_json TEXT,
  created_at TEXT NOT NULL,
  approved_at TEXT,
  sending_at TEXT,
  sent_at TEXT,
  failed_at TEXT,
  cancelled_at TEXT,
  status_reason TEXT
);
CREATE UNIQUE INDEX issues_one_live_per_date ON issues (issue_date) WHERE status <> 'cancelled';

-- The items an issue considered: included ones carry their rank in the email.
CREATE TABLE issue_items (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id),
  included INTEGER NOT NULL DEFAULT 1,
  rank INTEGER,
  PRIMARY KEY (issue_id, item_id)
);
CREATE INDEX issue_items_item ON issue_items (item_id);

-- status: pending (awaiting double opt-in) -> confirmed -> unsubscribed | bounced | complained.
-- The last three form the suppression list.
CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced', 'complained')),
  source TEXT NOT NULL DEFAULT 'operator',
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  unsubscribed_at TEXT,
  bounce_reason TEXT,
  soft_bounce_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX subscribers_status ON subscribers (status, id);

-- status: queued -> sending -> sent, or failed (transient, retried) / bounced (permanent).
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced')),
  message_id TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT,
  sent_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (issue_id, subscriber_id)
);
CREATE INDEX deliveries_issue_status ON deliveries (issue_id, status);

-- Named leases that keep two processes on one database from running the same job.
CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- One row per job run (collect, compose, send, run), for /status and the operator.
CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed', 'skipped')),
  summary_json TEXT
);
CREATE INDEX job_runs_job ON job_runs (job, id);
`;
