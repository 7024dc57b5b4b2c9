/**
 * Feed date parsing. Only English RFC 822/2822 dates and ISO 8601 dates are accepted, so a
 * localized date such as `Mo, 23 Okt 2023` becomes null instead of a guess.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Offsets in minutes for the zone names RFC 822 defines, plus a few common in feeds. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  CET: 60, CEST: 120, BST: 60, IST: 330, JST: 540, AEST: 600, AEDT: 660,
};

const RFC822 =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2}|\d{4})(?:[\s,]+(\d{1,2}):?(\d{2})(?::?(\d{2}(?:\.\d+)?))?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?$/i;

const ISO8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[t\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Parse a feed date into ISO-8601 UTC, or return null when it is missing or not understood. */
export function parseFeedDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return null;

  const millis = parseIso(trimmed) ?? parseRfc822(trimmed);
  if (millis === null || !Number.isFinite(millis)) return null;

  const date = new Date(millis);
  const year = date.getUTCFullYear();
  if (year < 1970 || year > 9999) return null;
  return date.toISOString();
}

function parseIso(value: string): number | null {
  const match = ISO8601.exec(value);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone] = match;

  const millisPart = Math.round(Number(`0.${fraction}`) * 1000);
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millisPart);
  if (!validParts(Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))) return null;

  return utc - zoneOffsetMinutes(zone ?? 'Z')! * 60_000;
}

function parseRfc822(value: string): number | null {
  const match = RFC822.exec(value);
  if (!match) return null;
  const [, day, monthName, yearText, hour = '0', minute = '0', second = '0', zone] = match;

  const month = MONTHS[monthName!.toLowerCase()];
  if (month === undefined) return null;

  // RFC 2822 section 4.3: a two-digit year below 50 is 20xx, otherwise 19xx.
  let year = Number(yearText);
  if (yearText!.length === 2) year += year < 50 ? 2000 : 1900;

  const offset = zoneOffsetMinutes(zone ?? 'GMT');
  if (offset === null) return null;
  if (!validParts(month, Number(day), Number(hour), Number(minute), Math.floor(Number(second)))) return null;

  const utc = Date.UTC(year, month, Number(day), Number(hour), Number(minute), Math.floor(Number(second)));
  return utc - offset * 60_000;
}

function zoneOffsetMinutes(zone: string): number | null {
  const named = ZONES[zone.toUpperCase()];
  if (named !== undefined) return named;

  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? '0');
  return match[1] === '-' ? -minutes : minutes;
}

function validParts(month: number, day: number, hour: number, minute: number, second: number): boolean {
  return month >= 0 && month <= 11 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60;
}
