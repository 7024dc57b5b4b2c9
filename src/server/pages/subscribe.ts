import { html } from './html';
import { renderPage } from './layout';
import { messagePage } from './message';

/** Name of the hidden form field that people leave empty and form-filling bots fill in. */
export const HONEYPOT_FIELD = 'website';

/** Render the subscribe form, optionally with an error above it and the values typed so far. */
export function subscribeFormPage(siteTitle: string, field: string, values: { email?: string; name?: string; error?: string } = {}): string {
  const error = values.error === undefined ? null : html`<p role="alert"><strong>${values.error}</strong></p>`;
  const body = html`<p>Get ${siteTitle}: one email a day about ${field}, built from the articles of its feeds.</p>
${error}
<form method="post" action="/subscribe">
<label for="email">Email address</label>
<input id="email" name="email" type="email" required autocomplete="email" maxlength="254" value="${values.email ?? ''}">
<label for="name">Name (optional)</label>
<input id="name" name="name" type="text" autocomplete="name" maxlength="100" value="${values.name ?? ''}">
<div class="trap" aria-hidden="true">
<label for="${HONEYPOT_FIELD}">Leave this field empty</label>
<input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off">
</div>
<button type="submit">Subscribe</button>
</form>
<p class="note">We email you a link to confirm first. Every email has a one-click unsubscribe link.</p>
`;
  return renderPage({ title: 'Subscribe', siteTitle, body });
}

/** Render the page returned for every accepted form submission, whether the address is new, known or suppressed. */
export function checkInboxPage(siteTitle: string): string {
  return messagePage(siteTitle, 'Check your inbox', [
    'If this address can subscribe, we have sent it an email with a confirmation link. Open it and press the button to start receiving the newsletter.',
    'Nothing arrived after a few minutes? Check the spam folder, or subscribe again later.',
  ]);
}

/** Render the page a confirmation link opens: one button that POSTs back, so that link scanners cannot confirm. */
export function confirmFormPage(siteTitle: string, token: string): string {
  const body = html`<p>Press the button to confirm your subscription to ${siteTitle}.</p>
<form method="post" action="/confirm/${token}">
<button type="submit">Confirm subscription</button>
</form>
`;
  return renderPage({ title: 'Confirm your subscription', siteTitle, body });
}

/** Render the page shown after a confirmation, or for a link whose subscription is already confirmed. */
export function confirmedPage(siteTitle: string): string {
  return messagePage(siteTitle, 'You are subscribed', [
    `The next issue of ${siteTitle} will reach your inbox. Every issue has a link to unsubscribe in one click.`,
  ]);
}

/** Render the 4xx page for a confirmation link that is invalid, expired, stale or unknown. */
export function invalidConfirmLinkPage(siteTitle: string): string {
  return messagePage(siteTitle, 'This confirmation link is not valid', [
    'The link may be cut off, expired or older than your last unsubscribe.',
    html`<a href="/subscribe">Subscribe again</a> to get a new confirmation email.`,
  ]);
}
