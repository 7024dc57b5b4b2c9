import { resolveUrl } from '../urls';
import { attribute, childText, childrenOf, firstChild, namespacesOf, qualifiedNames, rawInnerOf, textOf, type XmlDocument, type XmlNode } from '../xml';
import { findImage, mediaNamesOf, type MediaNames } from './media';
import { NS, type RawFeed, type RawItem, type RawText } from './raw';

/** Return whether the root element is an Atom `<feed>`. */
export function isAtomRoot(rootName: string): boolean {
  return rootName === 'feed' || rootName.endsWith(':feed');
}

/** Read Atom 1.0 (RFC 4287) and Atom 0.3, resolving xml:base from the entry up to the feed. */
export function readAtom(document: XmlDocument, documentUrl: string): RawFeed {
  const { root } = document;
  const namespaces = namespacesOf(root);
  const isAtom03 = [...namespaces.values()].some((uri) => (NS.atom03 as readonly string[]).includes(uri));
  const names = (local: string) => qualifiedNames(namespaces, [...NS.atom, ...NS.atom03], local, 'atom');

  const feedBase = resolveUrl(attribute(root, 'xml:base'), documentUrl);
  const feedAuthor = authorOf(root, names);
  const base = feedBase ?? (/^https?:/i.test(documentUrl) ? documentUrl : (ownAbsoluteLink(root, names) ?? documentUrl));

  const media = mediaNamesOf(namespaces);
  const items = names('entry')
    .flatMap((name) => childrenOf(root, name))
    .map((entry) => readEntry(entry, { namespaces, names, media, base, hasXmlBase: feedBase !== null, feedAuthor, isAtom03 }));

  return {
    format: isAtom03 ? 'atom03' : 'atom',
    title: readTextConstruct(firstChild(root, names('title'))),
    link: alternateLink(root, names, base),
    base,
    items,
  };
}

interface EntryScope {
  namespaces: Map<string, string>;
  names: (local: string) => string[];
  media: MediaNames;
  base: string;
  hasXmlBase: boolean;
  feedAuthor: string | null;
  isAtom03: boolean;
}

function readEntry(entry: XmlNode, scope: EntryScope): RawItem {
  const { names, namespaces } = scope;
  const entryXmlBase = attribute(entry, 'xml:base');
  const entryBase = resolveUrl(entryXmlBase, scope.base) ?? scope.base;

  const guid = childText(entry, names('id'));
  const origLink = childText(entry, qualifiedNames(namespaces, NS.feedburner, 'origLink', 'feedburner'));
  const link = origLink ?? alternateLink(entry, names, entryBase) ?? (guid && /^https?:\/\//i.test(guid) ? guid : null);

  const contentNode = firstChild(entry, names('content'));
  const contentBase = resolveUrl(attribute(contentNode, 'xml:base'), entryBase) ?? entryBase;
  const usesXmlBase = scope.hasXmlBase || entryXmlBase !== null || attribute(contentNode, 'xml:base') !== null;

  const enclosures = names('link')
    .flatMap((name) => childrenOf(entry, name))
    .filter((node) => attribute(node, 'rel') === 'enclosure');

  return {
    guid,
    title: readTextConstruct(firstChild(entry, names('title'))),
    link,
    base: usesXmlBase ? contentBase : (resolveUrl(link, entryBase) ?? entryBase),
    date:
      childText(entry, names('published')) ??
      childText(entry, names('updated')) ??
      childText(entry, names('issued')) ??
      childText(entry, names('modified')) ??
      childText(entry, names('created')),
    author: authorOf(entry, names) ?? scope.feedAuthor,
    content: readTextConstruct(contentNode),
    summary: readTextConstruct(firstChild(entry, names('summary'))) ?? mediaDescription(entry, namespaces),
    image: findImage(entry, scope.media, enclosures),
  };
}

/**
 * Return the href of the link a reader follows: rel="alternate" or no rel, preferring text/html.
 * rel="self", "enclosure", "replies" and the rest never count, so a feed's own URL is never
 * taken as a story link.
 */
function alternateLink(node: XmlNode, names: (local: string) => string[], base: string): string | null {
  const candidates = names('link')
    .flatMap((name) => childrenOf(node, name))
    .filter((link) => (attribute(link, 'rel') ?? 'alternate') === 'alternate' && attribute(link, 'href'));
  const best = candidates.find((link) => /html/i.test(attribute(link, 'type') ?? 'text/html')) ?? candidates[0];
  if (!best) return null;

  const linkBase = resolveUrl(attribute(best, 'xml:base'), base) ?? base;
  return resolveUrl(attribute(best, 'href'), linkBase) ?? attribute(best, 'href');
}

/** Return the feed's absolute rel="self" (else alternate) link, the base of a feed read from a file. */
function ownAbsoluteLink(root: XmlNode, names: (local: string) => string[]): string | null {
  const links = names('link').flatMap((name) => childrenOf(root, name));
  const self = links.find((link) => attribute(link, 'rel') === 'self');
  const alternate = links.find((link) => (attribute(link, 'rel') ?? 'alternate') === 'alternate');
  return resolveUrl(attribute(self, 'href'), null) ?? resolveUrl(attribute(alternate, 'href'), null);
}

function authorOf(node: XmlNode, names: (local: string) => string[]): string | null {
  const author = firstChild(node, names('author'));
  return childText(author, names('name')) ?? childText(author, names('email'));
}

/**
 * Read an Atom text construct. type="text" (the default) is plain text, type="html" is escaped
 * markup and type="xhtml" is inline markup. Atom 0.3 marks the last two with mode="escaped" or "xml".
 */
export function readTextConstruct(node: XmlNode | undefined): RawText | null {
  if (!node) return null;
  const type = (attribute(node, 'type') ?? 'text').toLowerCase();
  const mode = attribute(node, 'mode')?.toLowerCase();

  if (mode === 'base64') return { value: Buffer.from(textOf(node).trim(), 'base64').toString('utf8'), kind: type.includes('html') ? 'html' : 'text' };
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') return { value: rawInnerOf(node).trim(), kind: 'html' };
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return { value: textOf(node).trim(), kind: 'html' };
  return { value: textOf(node).trim(), kind: 'text' };
}

function mediaDescription(entry: XmlNode, namespaces: Map<string, string>): RawText | null {
  const groups = qualifiedNames(namespaces, NS.media, 'group', 'media').flatMap((name) => childrenOf(entry, name));
  for (const scope of [entry, ...groups]) {
    const text = childText(scope, qualifiedNames(namespaces, NS.media, 'description', 'media'));
    if (text) return { value: text, kind: 'text' };
  }
  return null;
}
