/** The root element's name and attributes, read from the start tag. */
export interface RootElement {
  name: string;
  attributes: Record<string, string>;
}

/** The prolog before the root: XML declaration, processing instructions, comments and doctype. */
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;

/**
 * Read the root start tag of an XML document, or return null when none follows the prolog.
 * rss-parser reports only "not recognized" for other roots, and never the RSS version or the
 * default namespace that tell RSS 0.90 from 1.0, so these come from the start tag.
 */
export function readRootElement(text: string): RootElement | null {
  const prolog = PROLOG.exec(text)?.[0].length ?? 0;
  const match = /^<([A-Za-z_][\w:.-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(text.slice(prolog));
  if (!match) return null;

  const attributes: Record<string, string> = {};
  for (const [, name, doubleQuoted, singleQuoted] of match[2]!.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[name!] = doubleQuoted ?? singleQuoted ?? '';
  }
  return { name: match[1]!, attributes };
}
