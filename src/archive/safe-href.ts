/** Keep only http(s) links, so a stored link can never run script from an href. */
export function safeHref(link: string | null): string | null {
  if (link === null) return null;
  return /^https?:\/\//i.test(link) ? link : null;
}
