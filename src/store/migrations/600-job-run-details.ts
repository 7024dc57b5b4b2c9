/**
 * Job bookkeeping for the daemon: which process ran a job, for which local issue date, what
 * started it and why it failed; plus the one-row table the /healthz write check updates.
 */
export const sql = `
ALTER TABLE job_runs ADD COLUMN owner TEXT;
ALTER TABLE job_runs ADD COLUMN issue_date TEXT;
ALTER TABLE job_runs ADD COLUMN trigger TEXT;
ALTER TABLE job_runs ADD COLUMN error TEXT;
ALTER TABLE job_runs ADD COLUMN duration_ms INTEGER;
CREATE INDEX job_runs_job_date ON job_runs (job, issue_date);

CREATE TABLE health_checks (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at TEXT NOT NULL,
  owner TEXT NOT NULL
);
`;
