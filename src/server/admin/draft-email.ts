import { html, type SafeHtml } from '../pages/html';
import { GMAIL_CLIP_BYTES, type EmailPreview } from './preview';

/** Phone and desktop widths, in CSS pixels, at which the operator sees the email. */
export const PREVIEW_WIDTHS = [375, 1024] as const;

/**
 * Render the email as a subscriber gets it: sandboxed frames at phone and desktop width (srcdoc,
 * with no script and an opaque origin), the HTML size against Gmail's clipping limit, the
 * headers and the text part.
 */
export function emailSection(issueId: number, preview: EmailPreview): SafeHtml {
  if (!preview.ok) {
    return html`<section class="card" id="email"><h2>Email</h2><p class="banner banner-error">The email failed to render: ${preview.error}</p></section>`;
  }

  const frames = PREVIEW_WIDTHS.map(
    (width) => html`<div class="frame"><p class="muted">${width} px</p>
<iframe title="Email at ${width} px" width="${width}" sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" srcdoc="${preview.html}"></iframe></div>`,
  );

  return html`<section class="card" id="email"><h2>Email</h2>
${sizeLine(preview.htmlBytes)}
${preview.omittedItemCount > 0 ? html`<p class="over">The email leaves out the ${preview.omittedItemCount} lowest-ranked sources to stay under send.maxHtmlBytes; the web version lists them all.</p>` : null}
<p><a href="/admin/issues/${issueId}/email.html" target="_blank">Open the HTML part alone</a> · <a href="/admin/issues/${issueId}/email.txt" target="_blank">text part</a> · <a href="/admin/issues/${issueId}/export.md">Markdown</a></p>
<div class="frames">${frames}</div>
<h3>Headers</h3>
<table class="headers">${preview.headers.map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</table>
<h3>Text part</h3>
<pre class="text-part">${preview.text}</pre>
</section>`;
}

function sizeLine(htmlBytes: number): SafeHtml {
  const kilobytes = (htmlBytes / 1024).toFixed(1);
  const percent = Math.round((htmlBytes / GMAIL_CLIP_BYTES) * 100);
  if (htmlBytes > GMAIL_CLIP_BYTES) {
    return html`<p class="size over">HTML size ${kilobytes} KB: over Gmail's 102 KB limit (${percent}%), so Gmail clips the end of this email.</p>`;
  }
  return html`<p class="size">HTML size ${kilobytes} KB, ${percent}% of Gmail's 102 KB clipping limit.</p>`;
}
