/** URL helpers: resolving relative links, and the normal form that dedup keys are built from. */

/** Query parameters that only track the reader, removed before comparing links. */
const TRACKING_PARAMETERS = new Set([
  'fbclid', 'gclid', 'dclid', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi',
  'ref_src', 'ref_url', 'cmpid', 'ncid', 'sr_share', 'spm', 'amp', 'outputtype', 'guccounter',
]);

/** Resolve `href` against `base`; null when it is empty or cannot form an http(s) URL. */
export function resolveUrl(href: string | null | undefined, base: string | null | undefined): string | null {
  const trimmed = href?.trim();
  if (!trimmed) return null;

  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Return whether a string is an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value.trim()) && resolveUrl(value, null) !== null;
}

/**
 * Normalise a link to the form two links of one story share: no scheme, a lower-case host
 * without `www.`, `amp.` or `m.`, no default port, no trailing slash, no tracking parameters,
 * no AMP suffix, and a sorted query. The fragment is kept because some feeds tell stories
 * apart only by it.
 */
export function normaliseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(unwrapGoogleAmp(value.trim()));
  } catch {
    return value.trim();
  }

  const host = url.hostname.toLowerCase().replace(/^(www|amp|m)\./, '');
  const port = url.port ? `:${url.port}` : '';

  const path = url.pathname
    .replace(/\/amp\/?$/i, '/')
    .replace(/\.amp(\.html?)$/i, '$1')
    .replace(/\/+$/, '');

  const parameters = [...url.searchParams.entries()]
    .filter(([name]) => !isTrackingParameter(name))
    .sort(([a], [b]) => a.localeCompare(b));
  const query = parameters.length > 0 ? '?' + new URLSearchParams(parameters).toString() : '';

  return `${host}${port}${path}${query}${url.hash}`;
}

function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMETERS.has(lower);
}

/** `https://www.google.com/amp/s/example.com/a` is the AMP cache form of `https://example.com/a`. */
function unwrapGoogleAmp(value: string): string {
  const match = /^https?:\/\/(?:www\.)?google\.[a-z.]+\/amp\/s\/(.+)$/i.exec(value);
  return match ? `https://${match[1]}` : value;
}
