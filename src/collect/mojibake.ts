/**
 * windows-1252 bytes 0x80–0x9F that stand for letters, by code point. Every other code point up
 * to U+00FF is its own byte (WHATWG windows-1252 maps the five unassigned bytes to U+0081,
 * U+008D, U+008F, U+0090 and U+009D).
 */
const WINDOWS_1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

/** A UTF-8 continuation byte (0x80–0xBF) as windows-1252 shows it. */
const CONTINUATION = '[\\u0080-\\u00BF\\u20AC\\u201A\\u0192\\u201E\\u2026\\u2020\\u2021\\u02C6\\u2030\\u0160\\u2039\\u0152\\u017D\\u2018\\u2019\\u201C\\u201D\\u2022\\u2013\\u2014\\u02DC\\u2122\\u0161\\u203A\\u0153\\u017E\\u0178]';

/** A UTF-8 lead byte (0xC2–0xF4) followed by the number of continuation bytes it announces. */
const DOUBLE_ENCODED = new RegExp(`[\\u00C2-\\u00DF]${CONTINUATION}|[\\u00E0-\\u00EF]${CONTINUATION}{2}|[\\u00F0-\\u00F4]${CONTINUATION}{3}`, 'g');

/**
 * Repair UTF-8 that was decoded as windows-1252 once too often (`Ã©` for `é`, `â€™` for `’`).
 * Each suspicious run is turned back into its windows-1252 bytes and decoded as UTF-8; it is
 * replaced only when those bytes form exactly one well-formed UTF-8 character, so Latin-1 text
 * that merely contains `Ã` stays as it is.
 */
export function repairDoubleEncoding(text: string): string {
  if (!/[\u00C2-\u00F4]/.test(text)) return text;

  return text.replace(DOUBLE_ENCODED, (run) => {
    const bytes = Buffer.from([...run].map((character) => windows1252Byte(character.codePointAt(0)!)));
    try {
      const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return [...decoded].length === 1 ? decoded : run;
    } catch {
      return run;
    }
  });
}

function windows1252Byte(codePoint: number): number {
  return codePoint <= 0xff ? codePoint : (WINDOWS_1252_HIGH[codePoint] ?? 0x3f);
}
