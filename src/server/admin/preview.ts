import type { AppContext } from '../../context';
import { errorMessage } from '../../errors';
import { personalize, PREVIEW_UNSUBSCRIBE_PATH, renderIssue } from '../../render/render';
import { buildMailOptions } from '../../send/message';

/** The dummy recipient shown in the preview's To header; nothing is sent to it. */
const PREVIEW_RECIPIENT = 'subscriber@example.com';

/** Gmail clips a message whose HTML exceeds 102 KB and hides the rest behind a link. */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/** The email of an issue as a dummy subscriber gets it, or the reason it failed to render. */
export type EmailPreview =
  | {
      ok: true;
      html: string;
      text: string;
      htmlBytes: number;
      /** Sources the renderer left out to keep the HTML under send.maxHtmlBytes. */
      omittedItemCount: number;
      headers: Array<[name: string, value: string]>;
    }
  | { ok: false; error: string };

/**
 * Render the email for a dummy subscriber, as `renderPreview` does, but compiling once for
 * both parts. It creates no delivery and reads no subscriber. A render failure is returned,
 * not raised, so the rest of the draft page still shows.
 */
export async function loadEmailPreview(context: AppContext, issueId: number): Promise<EmailPreview> {
  try {
    const rendered = await renderIssue(context, issueId);
    const unsubscribeUrl = context.config.publicUrl + PREVIEW_UNSUBSCRIBE_PATH;
    const { html, text } = personalize(rendered, { unsubscribeUrl, name: null });
    return {
      ok: true,
      html,
      text,
      htmlBytes: Buffer.byteLength(html, 'utf8'),
      omittedItemCount: rendered.omittedItemCount,
      headers: previewHeaders(context, rendered.subject, unsubscribeUrl),
    };
  } catch (error) {
    context.logger.warn({ issueId, err: error }, 'email preview failed');
    return { ok: false, error: errorMessage(error) };
  }
}

/** List the headers of a subscriber's copy, built by the send stage's builder for a dummy subscriber. */
function previewHeaders(context: AppContext, subject: string, unsubscribeUrl: string): Array<[string, string]> {
  const options = buildMailOptions(context.config.newsletter, {
    subject,
    html: '',
    text: '',
    messageId: '(one per delivery)',
    recipient: { email: PREVIEW_RECIPIENT, name: null },
    unsubscribeUrl,
    token: 'preview',
  });

  const headers: Array<[string, string]> = [
    ['From', String(options.from)],
    ['To', PREVIEW_RECIPIENT],
  ];
  if (options.replyTo) headers.push(['Reply-To', String(options.replyTo)]);
  headers.push(['Subject', String(options.subject)], ['Message-ID', String(options.messageId)]);
  headers.push(...Object.entries(options.headers as Record<string, string>));
  headers.push(['Content-Type', 'multipart/alternative (text/plain, text/html)']);
  return headers;
}
