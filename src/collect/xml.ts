import he from 'he';
import { Parser } from 'htmlparser2';

/** One parsed element: child elements as arrays under their tag name, attributes under `@_name`. */
export type XmlNode = Record<string, unknown>;

/**
 * Elements whose content may be markup (Atom xhtml, unescaped HTML in RSS): their inner text is
 * kept raw, markup and CDATA sections included, and no child elements are built for them.
 */
const RAW_ELEMENTS = new Set(['title', 'subtitle', 'tagline', 'summary', 'content', 'description', 'content:encoded']);

/** A raw element being read: where its inner text starts, and how deep same-named tags nest. */
interface RawElement {
  node: XmlNode;
  name: string;
  start: number;
  depth: number;
}

/** The root element of a document, with its tag name. */
export interface XmlDocument {
  rootName: string;
  root: XmlNode;
}

/**
 * Parse XML text into XmlNode objects with htmlparser2 in XML mode. htmlparser2 8 reports no
 * well-formedness errors, so a truncated or broken feed still yields the elements it contains. Text keeps its
 * entities and CDATA markers (see `textOf`). Throws when the text contains no element.
 */
export function parseXml(text: string): XmlDocument {
  const top: XmlNode = {};
  const stack: XmlNode[] = [top];
  let rootName: string | null = null;

  let raw = null as RawElement | null;
  let inCdata = false;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (raw) {
          if (name === raw.name) raw.depth += 1;
          return;
        }
        const node: XmlNode = {};
        for (const [key, value] of Object.entries(attributes)) node[`@_${key}`] = value;
        appendChild(stack[stack.length - 1]!, name, node);
        rootName ??= name;

        if (RAW_ELEMENTS.has(name)) raw = { node, name, start: parser.endIndex + 1, depth: 1 };
        else stack.push(node);
      },
      onclosetag(name) {
        if (raw) {
          if (name !== raw.name) return;
          raw.depth -= 1;
          if (raw.depth > 0) return;
          raw.node['#text'] = [parser.startIndex > raw.start ? text.slice(raw.start, parser.startIndex) : ''];
          raw = null;
          return;
        }
        if (stack.length > 1) stack.pop();
      },
      ontext(data) {
        if (raw) return;
        const node = stack[stack.length - 1]!;
        appendText(node, inCdata ? `<![CDATA[${data}]]>` : data);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeSelfClosing: true },
  );
  parser.end(text);

  if (raw) raw.node['#text'] = [text.slice(raw.start)];

  const root = rootName ? childrenOf(top, rootName)[0] : undefined;
  if (!rootName || !root) throw new Error('no root element found');
  return { rootName, root };
}

function appendChild(parent: XmlNode, name: string, child: XmlNode): void {
  const siblings = parent[name];
  if (Array.isArray(siblings)) siblings.push(child);
  else parent[name] = [child];
}

function appendText(node: XmlNode, data: string): void {
  const parts = node['#text'];
  if (Array.isArray(parts)) parts.push(data);
  else node['#text'] = [data];
}

/** Child elements named `name`, in document order. */
export function childrenOf(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? (value.filter((child) => typeof child === 'object' && child !== null) as XmlNode[]) : [];
}

/** Return the first child element found under any of `names`. */
export function firstChild(node: XmlNode | undefined, names: readonly string[]): XmlNode | undefined {
  for (const name of names) {
    const child = childrenOf(node, name)[0];
    if (child) return child;
  }
  return undefined;
}

/** Return an attribute value with its entities decoded, or null when it is missing. */
export function attribute(node: XmlNode | undefined, name: string): string | null {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? he.decode(value) : null;
}

/**
 * Return the text of an element with XML entities decoded once and CDATA taken literally. For
 * elements kept raw (see RAW_ELEMENTS) the markup inside is returned unchanged.
 */
export function textOf(node: XmlNode | undefined): string {
  return node ? decodeRawXml(rawInnerOf(node)) : '';
}

/** Return the trimmed text of the first non-empty child under any of `names`, or null. */
export function childText(node: XmlNode | undefined, names: readonly string[]): string | null {
  for (const name of names) {
    for (const child of childrenOf(node, name)) {
      const value = textOf(child).trim();
      if (value !== '') return value;
    }
  }
  return null;
}

/** Return the raw inner text of an element, with entities and CDATA sections left in place. */
export function rawInnerOf(node: XmlNode | undefined): string {
  const text = node?.['#text'];
  if (Array.isArray(text)) return text.join('');
  return typeof text === 'string' ? text : '';
}

/**
 * Turn raw XML character data into text: CDATA sections are copied literally and entities
 * elsewhere are decoded once (HTML named entities too, since feeds use them without a DTD).
 */
export function decodeRawXml(raw: string): string {
  if (!raw.includes('&') && !raw.includes('<![CDATA[')) return raw;

  let result = '';
  let position = 0;
  while (position < raw.length) {
    const start = raw.indexOf('<![CDATA[', position);
    if (start === -1) {
      result += he.decode(raw.slice(position));
      break;
    }
    result += he.decode(raw.slice(position, start));
    const end = raw.indexOf(']]>', start + 9);
    result += raw.slice(start + 9, end === -1 ? raw.length : end);
    position = end === -1 ? raw.length : end + 3;
  }
  return result;
}

/** Map each namespace prefix declared on `nodes` to its URI; the default namespace has the prefix ''. */
export function namespacesOf(...nodes: (XmlNode | undefined)[]): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const node of nodes) {
    for (const [key, value] of Object.entries(node ?? {})) {
      if (typeof value !== 'string') continue;
      if (key === '@_xmlns') namespaces.set('', value);
      else if (key.startsWith('@_xmlns:')) namespaces.set(key.slice(8), value);
    }
  }
  return namespaces;
}

/**
 * Return the tag names an element of namespace `uris` may carry in this document. These are
 * `prefix:local` for each declared prefix and `local` when it is the default namespace. The
 * conventional prefix is added too, because some feeds use it without declaring it.
 */
export function qualifiedNames(namespaces: Map<string, string>, uris: readonly string[], local: string, conventionalPrefix: string): string[] {
  let cache = qualifiedNameCache.get(namespaces);
  if (!cache) {
    cache = new Map();
    qualifiedNameCache.set(namespaces, cache);
  }
  const cacheKey = `${uris.join(' ')}|${local}|${conventionalPrefix}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  const names = new Set<string>();
  for (const [prefix, uri] of namespaces) {
    if (!uris.includes(uri)) continue;
    names.add(prefix === '' ? local : `${prefix}:${local}`);
  }
  names.add(`${conventionalPrefix}:${local}`);

  const result = [...names];
  cache.set(cacheKey, result);
  return result;
}

/** qualifiedNames results per document, because readers ask the same question for every item. */
const qualifiedNameCache = new WeakMap<Map<string, string>, Map<string, string[]>>();
