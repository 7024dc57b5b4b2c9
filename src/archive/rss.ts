import type { Config } from '../config/load';
import type { Database } from '../store/db';
import { issueBodyHtml } from './issue-html';
import { buildIssueView } from './issue-view';
import { archiveUrl, listSentIssues } from './sent-issues';

export const RSS_ISSUE_LIMIT = 30;

/**
 * Build the RSS 2.0 feed of the newest sent issues, each with its full body as HTML in
 * `description` and `content:encoded`. Dates are RFC 822, as RSS 2.0 requires.
 */
export function buildArchiveRss(db: Database, config: Pick<Config, 'publicUrl' | 'newsletter'>): string {
  const issues = listSentIssues(db, RSS_ISSUE_LIMIT);
  const title = config.newsletter.title;
  const channelLink = `${config.publicUrl}/archive`;
  const newest = issues[0];

  const items = issues.map((issue) => {
    const link = archiveUrl(config.publicUrl, issue.issue_date);
    const body = issueBodyHtml(buildIssueView(db, issue), `issue-${issue.id}-source-`).value;
    const sentAt = issue.sent_at ?? issue.created_at;
    return [
      '    <item>',
      `      <title>${escapeXml(issue.subject || `${title}: ${issue.issue_date}`)}</title>`,
      `      <link>${escapeXml(link)}</link>`,
      `      <guid isPermaLink="true">${escapeXml(link)}</guid>`,
      `      <pubDate>${new Date(sentAt).toUTCString()}</pubDate>`,
      `      <description>${escapeXml(body)}</description>`,
      `      <content:encoded>${escapeXml(body)}</content:encoded>`,
      '    </item>',
    ].join('\n');
  });

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '  <channel>',
    `    <title>${escapeXml(title)}</title>`,
    `    <link>${escapeXml(channelLink)}</link>`,
    `    <description>${escapeXml(`Daily digest of ${config.newsletter.field} news, grounded in the articles it cites`)}</description>`,
    `    <atom:link href="${escapeXml(`${config.publicUrl}/archive.rss`)}" rel="self" type="application/rss+xml"/>`,
    '    <language>en</language>',
    newest ? `    <lastBuildDate>${new Date(newest.sent_at ?? newest.created_at).toUTCString()}</lastBuildDate>` : null,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
