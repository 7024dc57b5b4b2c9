import { html } from './html';
import { renderPage } from './layout';
import { messagePage } from './message';

/**
 * Render the page a GET on an unsubscribe link shows: one button that POSTs the RFC 8058 body
 * `List-Unsubscribe=One-Click` to the same URL. The caller has verified the token.
 */
export function unsubscribeFormPage(siteTitle: string, token: string): string {
  const body = html`<p>Press the button to stop receiving ${siteTitle}. Nothing changes until you do.</p>
<form method="post" action="/u/${token}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
`;
  return renderPage({ title: 'Unsubscribe', siteTitle, body });
}

/** Render the page shown after an unsubscribe, also when the address was already off the list. */
export function unsubscribedPage(siteTitle: string, alreadyOff: boolean): string {
  const first = alreadyOff ? 'This address was already unsubscribed, so nothing changed.' : `You will get no more emails from ${siteTitle}.`;
  return messagePage(siteTitle, 'You are unsubscribed', [
    first,
    html`Changed your mind? <a href="/subscribe">Subscribe again</a>; we send a confirmation email first.`,
  ]);
}

/** Render the 400 page for a malformed, tampered or truncated unsubscribe link. */
export function invalidUnsubscribeLinkPage(siteTitle: string, mailto: string): string {
  return messagePage(siteTitle, 'This unsubscribe link is not valid', [
    'The link may be cut off or changed. Open it again from the newsletter email, or copy the whole link into the address bar.',
    html`If that does not work, email <a href="mailto:${mailto}?subject=unsubscribe">${mailto}</a> with the subject “unsubscribe” from the address that receives the newsletter.`,
  ]);
}

/** Render the 404 page for a valid link whose subscriber no longer exists. */
export function unknownSubscriberPage(siteTitle: string): string {
  return messagePage(siteTitle, 'Subscription not found', [
    'We have no subscription for this link, so there is nothing to unsubscribe and you will get no emails from it.',
  ]);
}
