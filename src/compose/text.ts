/** Text checks and clean-ups shared by both composers and the validator. */

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const MARKDOWN_LINK_PATTERN = /!?\[([^\]\n]*)\]\(([^)\n]*)\)/g;
const BARE_DOMAIN_PATTERN = /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|ai|dev|co|app|xyz)(?:\/[^\s<>"'`]*)?/gi;

/**
 * Mojibake markers: U+FFFD, and the UTF-8-read-as-Latin-1 pairs (`Ã©`, `â€™`, `Â `) that
 * appear when a decoder guesses the charset wrong.
 */
const MOJIBAKE_PATTERN = /\uFFFD|Ã[\u0080-\u00BF]|â€|Â[\s\u00A0-\u00BF]/;

/** Whether the text carries a URL, a `www.` host, a bare domain or a markdown link. */
export function containsLink(text: string): boolean {
  return (
    new RegExp(URL_PATTERN.source, 'i').test(text) ||
    new RegExp(MARKDOWN_LINK_PATTERN.source).test(text) ||
    new RegExp(BARE_DOMAIN_PATTERN.source, 'i').test(text)
  );
}

/** Replace markdown links by their label and remove URLs and bare domains. */
export function stripLinks(text: string): string {
  const withoutMarkdown = text.replace(MARKDOWN_LINK_PATTERN, (_match, label: string) => label);
  const withoutUrls = withoutMarkdown.replace(URL_PATTERN, '').replace(BARE_DOMAIN_PATTERN, '');
  return collapseSpaces(withoutUrls.replace(/\(\s*\)/g, ''));
}

export function hasMojibake(text: string): boolean {
  return MOJIBAKE_PATTERN.test(text);
}

/** Fold whitespace (CR and LF included) into single spaces and trim. */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cut `text` to at most `maxChars` characters at a word boundary, ending with an ellipsis. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const lastSpace = cut.lastIndexOf(' ');
  const base = lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut;
  return base.replace(/[\s,;:.-]+$/, '') + '…';
}
