import { html, type SafeHtml } from '../pages/html';
import type { IssueView } from '../../archive/issue-view';
import type { IssueRow } from '../../domain';
import { emailSection } from './draft-email';
import { leftOutSection, themesSection } from './draft-themes';
import { adminPage } from './layout';
import type { EmailPreview } from './preview';
import { parseUsage } from './usage-cost';

/** Messages shown after an action redirects back to the draft page, by the `notice` query value. */
export const NOTICES = {
  approved: 'Approved: the scheduled send will deliver this issue.',
  discarded: 'Discarded: the issue is cancelled and its date is free for a new compose.',
  edited: 'Theme saved as an operator edit.',
  'test-sent': 'Test copy sent.',
  sending: 'Sending started; reload this page to follow the status.',
  recomposed: 'Recomposed: this is the new draft; the old one is cancelled.',
} as const;
export type Notice = keyof typeof NOTICES;

export interface DraftPageInput {
  view: IssueView;
  preview: EmailPreview;
  csrfToken: string;
  notice?: Notice;
  /** The time of the latest operator edit of each edited theme, by theme index. */
  themeEdits: Map<number, string>;
}

/** Render the draft page: what goes out, the evidence behind it, and the operator's actions. */
export function draftPage(input: DraftPageInput): string {
  const { view, preview, csrfToken, notice } = input;
  const { issue } = view;

  const body = html`${notice ? html`<p class="banner banner-ok" role="status">${NOTICES[notice]}</p>` : null}
${summaryCard(issue)}
${fallbackBanner(issue)}
${warningsCard(view.warnings)}
${actionsCard(issue, csrfToken)}
${emailSection(issue.id, preview)}
${themesSection(view, input.themeEdits, csrfToken)}
${usageCard(issue)}
${leftOutSection(view)}`;

  return adminPage(`Issue #${issue.id} (${issue.issue_date})`, body, { csrfToken });
}

function summaryCard(issue: IssueRow): SafeHtml {
  const stamps: Array<[string, string | null]> = [
    ['created', issue.created_at],
    ['approved', issue.approved_at],
    ['sending', issue.sending_at],
    ['sent', issue.sent_at],
    ['failed', issue.failed_at],
    ['cancelled', issue.cancelled_at],
  ];
  const timeline = stamps
    .filter((stamp): stamp is [string, string] => stamp[1] !== null)
    .map(([label, at]) => html`<li>${label}: ${at.slice(0, 19).replace('T', ' ')} UTC</li>`);

  return html`<section class="card"><h1>${issue.subject || '(no subject)'}</h1>
<p>Issue #${issue.id} for ${issue.issue_date} · <span class="status status-${issue.status}" id="issue-status">${issue.status}</span> · composer <strong>${issue.composer}</strong></p>
${issue.status_reason ? html`<p class="muted">Reason: ${issue.status_reason}</p>` : null}
<ul class="muted">${timeline}</ul></section>`;
}

function fallbackBanner(issue: IssueRow): SafeHtml | null {
  if (issue.fallback_reason === null && issue.composer !== 'offline-fallback') return null;
  return html`<section class="banner banner-warn" id="fallback"><strong>Fallback issue.</strong>
Claude did not write this digest, so the offline composer did (composer ${issue.composer}). Reason: ${issue.fallback_reason ?? 'not recorded'}.
Read the themes before approving, or recompose once the cause is fixed.</section>`;
}

function warningsCard(warnings: string[]): SafeHtml {
  if (warnings.length === 0) return html`<section class="card" id="warnings"><h2>Validation warnings</h2><p class="muted">None.</p></section>`;
  return html`<section class="card" id="warnings"><h2>Validation warnings (${warnings.length})</h2><ul>${warnings.map((warning) => html`<li>${warning}</li>`)}</ul></section>`;
}

function actionsCard(issue: IssueRow, csrfToken: string): SafeHtml {
  const live = issue.status === 'draft' || issue.status === 'approved';
  const post = (action: string, label: string, className = '') =>
    html`<form method="post" action="/admin/issues/${issue.id}/${action}"><input type="hidden" name="_csrf" value="${csrfToken}"><button type="submit" class="${className}" name="action" value="${action}">${label}</button></form>`;

  const buttons = [
    issue.status === 'draft' ? post('approve', 'Approve', 'primary') : null,
    live || issue.status === 'failed' ? post('send', 'Send now') : null,
    issue.status === 'draft' ? post('recompose', 'Recompose') : null,
    live ? post('discard', 'Discard', 'danger') : null,
  ];

  const testSend = html`<form method="post" action="/admin/issues/${issue.id}/test-send" style="flex:1 1 18rem">
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="test-addresses">Test send to (one or more addresses, separated by commas or lines)</label>
<textarea id="test-addresses" name="addresses" rows="2" required></textarea>
<button type="submit">Send test copy</button></form>`;

  return html`<section class="card" id="actions"><h2>Actions</h2><div class="actions">${buttons}${testSend}</div></section>`;
}

function usageCard(issue: IssueRow): SafeHtml {
  const usage = parseUsage(issue.usage_json);
  if (!usage) return html`<section class="card" id="usage"><h2>Token usage</h2><p class="muted">No model call recorded (composer ${issue.composer}).</p></section>`;

  const tokens = (count: number | undefined) => (count ?? 0).toLocaleString('en-US');
  return html`<section class="card" id="usage"><h2>Token usage and cost</h2>
<table><tr><th>Model</th><td>${usage.model}</td></tr>
<tr><th>Calls</th><td>${usage.calls}</td></tr>
<tr><th>Input tokens</th><td>${tokens(usage.inputTokens)}</td></tr>
<tr><th>Output tokens</th><td>${tokens(usage.outputTokens)}</td></tr>
<tr><th>Cache write / read tokens</th><td>${tokens(usage.cacheCreationInputTokens)} / ${tokens(usage.cacheReadInputTokens)}</td></tr>
<tr><th>Latency</th><td>${((usage.latencyMs ?? 0) / 1000).toFixed(1)} s</td></tr>
<tr><th>Estimated cost</th><td>$${(usage.estimatedCostUsd ?? 0).toFixed(4)} (estimate from list prices)</td></tr></table></section>`;
}
