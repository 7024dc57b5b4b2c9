/** Text checks and clean-ups shared by both composers and the validator. */

/** Web and other link schemes (`hxxp` is the defanged form), and `www.` hosts. */
const URL_PATTERN = /\b(?:(?:https?|hxxps?|ftp|file):\/\/[^\s<>"'`]+|(?:mailto|javascript|data):[^\s<>"'`]+|www\.[^\s<>"'`]+)/gi;
const EMAIL_PATTERN = /\b[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b/gi;
const HTML_TAG_PATTERN = /<\/?[a-z][^<>]*>/gi;
const MARKDOWN_EMPHASIS_PATTERN = /(\*\*|__|`)(\S(?:.*?\S)?)\1/g;
const MARKDOWN_LINK_PATTERN = /!?\[([^\]\n]*)\]\(([^)\n]*)\)/g;
const BARE_DOMAIN_PATTERN = /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|ai|dev|co|app|xyz|info|biz|edu|gov|me|ly|tv|us|uk|de|fr|eu|ca|example)(?:\/[^\s<>"'`]*)?/gi;

/**
 * Mojibake markers: U+FFFD, and the UTF-8-read-as-Latin-1 pairs (`Ã©`, `â€™`, `Â `) that
 * appear when a decoder guesses the charset wrong.
 */
const MOJIBAKE_PATTERN = /\uFFFD|Ã[\u0080-\u00BF]|â€|Â[\s\u00A0-\u00BF]/;

/** Return whether the text carries a URL, a `www.` host, an email address, a bare domain or a markdown link. */
export function containsLink(text: string): boolean {
  return (
    new RegExp(URL_PATTERN.source, 'i').test(text) ||
    new RegExp(EMAIL_PATTERN.source, 'i').test(text) ||
    new RegExp(MARKDOWN_LINK_PATTERN.source).test(text) ||
    new RegExp(BARE_DOMAIN_PATTERN.source, 'i').test(text)
  );
}

/** Replace markdown links by their label and remove URLs and bare domains. */
export function stripLinks(text: string): string {
  const withoutMarkdown = text.replace(MARKDOWN_LINK_PATTERN, (_match, label: string) => label);
  // A URL match swallows the punctuation after it; keep that, so the sentence still ends.
  const keepTrailingPunctuation = (match: string) => /[.,;:!?)]*$/.exec(match)?.[0] ?? '';
  const withoutUrls = withoutMarkdown
    .replace(URL_PATTERN, keepTrailingPunctuation)
    .replace(EMAIL_PATTERN, '')
    .replace(BARE_DOMAIN_PATTERN, keepTrailingPunctuation);
  // Brackets left holding nothing, or only the word that introduced the link, go too.
  const withoutEmptyBrackets = withoutUrls.replace(/\(\s*(?:see|via|at|from|source:?)?\s*\)/gi, '');
  return collapseSpaces(withoutEmptyBrackets).replace(/\s+([.,;:!?])/g, '$1');
}

/** Return whether the text carries an HTML tag or markdown emphasis (`**bold**`, `__bold__`, `code`). */
export function containsMarkup(text: string): boolean {
  return new RegExp(HTML_TAG_PATTERN.source, 'i').test(text) || new RegExp(MARKDOWN_EMPHASIS_PATTERN.source).test(text);
}

/** Remove HTML tags and markdown emphasis markers, keeping the words they wrap. */
export function stripMarkup(text: string): string {
  return collapseSpaces(text.replace(HTML_TAG_PATTERN, ' ').replace(MARKDOWN_EMPHASIS_PATTERN, (_match, _marker: string, inner: string) => inner));
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
