import { asList, attribute, childrenOf, type ParsedEntry, type XmlValue } from '../feed-parser';

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i;

function isImage(type: string | null, url: string): boolean {
  return type ? type.toLowerCase().startsWith('image/') : IMAGE_EXTENSION.test(url);
}

/**
 * Find the item's image URL, unresolved: the first image enclosure, else a Media RSS image
 * (media:content, then media:thumbnail, also inside media:group), else itunes:image.
 * Audio and video enclosures are never taken. `enclosures` are RSS `<enclosure>` elements or
 * Atom `<link rel="enclosure">` elements.
 */
export function findImage(item: ParsedEntry, enclosures: XmlValue[]): string | null {
  for (const enclosure of enclosures) {
    const url = attribute(enclosure, 'url') ?? attribute(enclosure, 'href');
    if (url && isImage(attribute(enclosure, 'type'), url)) return url;
  }

  const groups = asList(item['mediaGroups']);
  const contents = [...asList(item['mediaContents']), ...groups.flatMap((group) => childrenOf(group, 'media:content'))];
  for (const content of contents) {
    const url = attribute(content, 'url');
    const medium = attribute(content, 'medium');
    if (url && (medium === 'image' || (medium === null && isImage(attribute(content, 'type'), url)))) return url;
  }

  const thumbnails = [asList(item['mediaThumbnails'])[0], ...groups.map((group) => childrenOf(group, 'media:thumbnail')[0])];
  for (const thumbnail of thumbnails) {
    const url = attribute(thumbnail, 'url');
    if (url) return url;
  }

  return attribute(asList(item['itunesImages'])[0], 'href');
}
