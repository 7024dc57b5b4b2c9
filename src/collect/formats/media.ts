import { attribute, childrenOf, qualifiedNames, type XmlNode } from '../xml';
import { NS } from './raw';

/** The tag names of the media elements in one document (see qualifiedNames). */
export interface MediaNames {
  group: string[];
  content: string[];
  thumbnail: string[];
  itunesImage: string[];
}

/** Look up the media tag names of a document once, for all of its items. */
export function mediaNamesOf(namespaces: Map<string, string>): MediaNames {
  return {
    group: qualifiedNames(namespaces, NS.media, 'group', 'media'),
    content: qualifiedNames(namespaces, NS.media, 'content', 'media'),
    thumbnail: qualifiedNames(namespaces, NS.media, 'thumbnail', 'media'),
    itunesImage: qualifiedNames(namespaces, NS.itunes, 'image', 'itunes'),
  };
}

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i;

function isImage(type: string | null, url: string): boolean {
  return type ? type.toLowerCase().startsWith('image/') : IMAGE_EXTENSION.test(url);
}

/**
 * Find the item's image URL, unresolved: the first image enclosure, else a Media RSS image
 * (media:content, then media:thumbnail, also inside media:group), else itunes:image.
 * Audio and video enclosures are never taken.
 */
export function findImage(item: XmlNode, names: MediaNames, enclosures: XmlNode[]): string | null {
  for (const enclosure of enclosures) {
    const url = attribute(enclosure, 'url') ?? attribute(enclosure, 'href');
    if (url && isImage(attribute(enclosure, 'type'), url)) return url;
  }

  const scopes = [item, ...names.group.flatMap((name) => childrenOf(item, name))];

  for (const scope of scopes) {
    for (const name of names.content) {
      for (const content of childrenOf(scope, name)) {
        const url = attribute(content, 'url');
        const medium = attribute(content, 'medium');
        if (url && (medium === 'image' || (medium === null && isImage(attribute(content, 'type'), url)))) return url;
      }
    }
  }

  for (const scope of scopes) {
    for (const name of names.thumbnail) {
      const url = attribute(childrenOf(scope, name)[0], 'url');
      if (url) return url;
    }
  }

  for (const name of names.itunesImage) {
    const url = attribute(childrenOf(item, name)[0], 'href');
    if (url) return url;
  }
  return null;
}
