/**
 * Markers left in the compiled issue and replaced per subscriber after compilation.
 * Each contains `=`, which the template engine always escapes to `&#x3D;` in data, so no
 * escaped feed text can ever form a marker in the HTML. The plain-text part is written
 * from data without escaping, so it passes every value through `neutralizePlaceholders`.
 */
export const PLACEHOLDERS = {
  unsubscribeUrl: '%%=unsubscribe-url=%%',
  greeting: '%%=greeting=%%',
} as const;

/** Maximum length of a subscriber name in a greeting. Longer names are cut, so the size budget stays true. */
export const MAX_NAME_LENGTH = 80;

/** Break any marker sequence in a data value, for output that is not HTML-escaped. */
export function neutralizePlaceholders(value: string): string {
  return value.replaceAll('%%=', '%% =');
}

/** Return the greeting line for a subscriber name; a null or blank name gives a nameless greeting. */
export function greetingFor(name: string | null): string {
  const cleaned = (name ?? '').replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_NAME_LENGTH).trim();
  return cleaned === '' ? 'Hello,' : `Hello ${cleaned},`;
}

/** Escape text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
