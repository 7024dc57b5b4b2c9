import he from 'he';
import { XMLParser } from 'fast-xml-parser';
import type { FeedInput } from '../store/feeds';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'outline',
});

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  type?: string;
  category?: string;
  outline?: Outline[];
}

/**
 * Read the feeds of an OPML subscription list. Each outline with an xmlUrl is a feed. Its tags
 * are the titles of the outlines it is nested in and the paths of its OPML 2.0 `category`
 * attribute. Throws an Error when the text is not OPML.
 */
export function parseOpml(text: string): FeedInput[] {
  const document = parser.parse(text) as { opml?: { body?: { outline?: Outline[] } } };
  if (!document.opml) throw new Error('the root element is not <opml>');

  const feeds: FeedInput[] = [];
  const visit = (outlines: Outline[] | undefined, parents: string[]) => {
    for (const outline of outlines ?? []) {
      const name = (outline.title ?? outline.text ?? '').trim();
      if (outline.xmlUrl) {
        const categories = (outline.category ?? '')
          .split(',')
          .flatMap((path) => path.split('/'))
          .map((tag) => tag.trim())
          .filter(Boolean);
        feeds.push({ url: outline.xmlUrl.trim(), title: name || null, tags: [...new Set([...parents, ...categories])] });
      }
      visit(outline.outline, outline.xmlUrl || !name ? parents : [...parents, name]);
    }
  };
  visit(document.opml.body?.outline, []);
  return feeds;
}

/** Build an OPML 2.0 document of the feeds, each nested under its first tag, with every tag in `category`. */
export function buildOpml(feeds: readonly { url: string; title: string | null; tags: string[] }[], title: string): string {
  const groups = new Map<string, string[]>();
  for (const feed of feeds) {
    const group = feed.tags[0] ?? '';
    const attributes = [
      `type="rss"`,
      `text="${escape(feed.title ?? feed.url)}"`,
      feed.title ? `title="${escape(feed.title)}"` : null,
      `xmlUrl="${escape(feed.url)}"`,
      feed.tags.length > 0 ? `category="${escape(feed.tags.join(','))}"` : null,
    ].filter(Boolean);
    const line = `<outline ${attributes.join(' ')}/>`;
    groups.set(group, [...(groups.get(group) ?? []), line]);
  }

  const body: string[] = [];
  for (const [group, lines] of groups) {
    if (group === '') body.push(...lines.map((line) => `    ${line}`));
    else body.push(`    <outline text="${escape(group)}">`, ...lines.map((line) => `      ${line}`), '    </outline>');
  }

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escape(title)}</title></head>`,
    '  <body>',
    ...body,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

function escape(value: string): string {
  return he.escape(value);
}
