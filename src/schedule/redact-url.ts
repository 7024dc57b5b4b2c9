/** Remove credentials, query string and fragment from an http(s) URL; return any other value (a file path) unchanged. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (!url.protocol.startsWith('http')) return value;
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return value;
  }
}

/** Redact every http(s) URL in a message as redactUrl does. */
export function redactUrlsInText(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>]+/g, (url) => redactUrl(url));
}
