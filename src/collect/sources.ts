import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** File name endings taken from a folder of feed files; anything else (README.md, MANIFEST.md) is skipped. */
export const FEED_FILE_PATTERN = /\.(xml|rss|atom|rdf|json|feed)(\.gz)?$/i;

/** One source resolved to the URL stored in feeds.url, or the reason it cannot be collected. */
export type ResolvedSource = { url: string; error: null } | { url: string; error: string };

/**
 * Turn `--feeds` entries into feed URLs. http(s) URLs stay as they are; a file becomes its
 * file:// URL; a folder becomes the file:// URLs of its feed files, sorted by name.
 */
export function resolveSources(sources: readonly string[], cwd = process.cwd()): ResolvedSource[] {
  const resolved: ResolvedSource[] = [];

  for (const source of sources) {
    const trimmed = source.trim();
    if (/^https?:\/\//i.test(trimmed)) {
      resolved.push({ url: trimmed, error: null });
      continue;
    }

    const filePath = /^file:/i.test(trimmed) ? fileURLToPath(trimmed) : path.resolve(cwd, trimmed);
    const stat = fs.statSync(filePath, { throwIfNoEntry: false });
    if (!stat) {
      resolved.push({ url: trimmed, error: `${filePath} not found; pass a feed URL, a feed file or a folder of feed files` });
    } else if (stat.isDirectory()) {
      const names = fs.readdirSync(filePath).filter((name) => FEED_FILE_PATTERN.test(name)).sort();
      for (const name of names) resolved.push({ url: pathToFileURL(path.join(filePath, name)).href, error: null });
    } else {
      resolved.push({ url: pathToFileURL(filePath).href, error: null });
    }
  }
  return resolved;
}

/** Return whether a stored feed URL names a local file. */
export function isFileUrl(url: string): boolean {
  return /^file:/i.test(url);
}

/** Turn a config or CLI feed location into the URL stored in feeds.url: paths become file:// URLs. */
export function feedUrlOf(location: string, cwd = process.cwd()): string {
  const trimmed = location.trim();
  if (/^(https?|file):/i.test(trimmed)) return trimmed;
  return pathToFileURL(path.resolve(cwd, trimmed)).href;
}
