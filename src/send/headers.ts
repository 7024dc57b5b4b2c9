/**
 * Make a data value safe for a header: CR, LF and other control characters become spaces, so
 * no name, title or token can end a header line and start another (header injection).
 */
export function headerSafe(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Return the lower-cased domain of an address such as `Digest <digest@news.example.com>`, or null. */
export function addressDomain(address: string): string | null {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * Build the RFC 2369 and RFC 8058 list headers of one subscriber's message. List-Unsubscribe
 * carries the one-click link and a mailto form whose subject contains the token.
 * List-Unsubscribe-Post declares that the link accepts a one-click POST. List-Id (RFC 2919)
 * names the list.
 */
export function listHeaders(options: { unsubscribeUrl: string; unsubscribeMailto: string; token: string; listId: string; listName: string }): Record<string, string> {
  const mailto = `mailto:${headerSafe(options.unsubscribeMailto)}?subject=unsubscribe-${headerSafe(options.token)}`;
  const listName = headerSafe(options.listName).replace(/[<>"]/g, '');
  return {
    'List-Unsubscribe': `<${headerSafe(options.unsubscribeUrl)}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${listName} <${headerSafe(options.listId)}>`,
  };
}
