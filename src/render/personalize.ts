import { escapeHtml, greetingFor, PLACEHOLDERS } from './placeholders';

/** Per-subscriber values substituted into a compiled issue. */
export interface SubscriberVariables {
  unsubscribeUrl: string;
  name: string | null;
}

/** A compiled part cut at its markers once, so each subscriber costs one join. */
interface SplitPart {
  pieces: string[];
  markers: Array<keyof typeof PLACEHOLDERS>;
}

const splitCache = new WeakMap<object, { html: SplitPart; text: SplitPart }>();
const MARKER_PATTERN = new RegExp(
  Object.values(PLACEHOLDERS).map((marker) => marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
);

/**
 * Substitute a subscriber's values into the HTML and text of a compiled issue: HTML-escaped
 * in the HTML part, as they are in the text part. The split of each part at its markers is
 * cached per `rendered` object, so personalising many subscribers compiles nothing again.
 */
export function personalizeParts(rendered: { html: string; text: string }, variables: SubscriberVariables): { html: string; text: string } {
  let split = splitCache.get(rendered);
  if (!split) {
    split = { html: splitAtMarkers(rendered.html), text: splitAtMarkers(rendered.text) };
    splitCache.set(rendered, split);
  }

  const values = { unsubscribeUrl: variables.unsubscribeUrl, greeting: greetingFor(variables.name) };
  const htmlValues = { unsubscribeUrl: escapeHtml(values.unsubscribeUrl), greeting: escapeHtml(values.greeting) };
  return { html: joinPart(split.html, htmlValues), text: joinPart(split.text, values) };
}

function splitAtMarkers(source: string): SplitPart {
  const markerNames = new Map<string, keyof typeof PLACEHOLDERS>(Object.entries(PLACEHOLDERS).map(([name, marker]) => [marker, name as keyof typeof PLACEHOLDERS]));
  const pieces: string[] = [];
  const markers: SplitPart['markers'] = [];
  let start = 0;

  for (const match of source.matchAll(MARKER_PATTERN)) {
    pieces.push(source.slice(start, match.index));
    markers.push(markerNames.get(match[0])!);
    start = match.index + match[0].length;
  }
  pieces.push(source.slice(start));
  return { pieces, markers };
}

function joinPart(part: SplitPart, values: Record<keyof typeof PLACEHOLDERS, string>): string {
  let output = part.pieces[0]!;
  for (let index = 0; index < part.markers.length; index += 1) {
    output += values[part.markers[index]!] + part.pieces[index + 1]!;
  }
  return output;
}
