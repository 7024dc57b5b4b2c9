import { parseSince } from '../../src/compose/since';
import { AppError } from '../../src/errors';

const NOW = new Date('2026-12-04T06:30:00.000Z');

describe('parseSince', () => {
  test.each([
    ['36h', '2026-12-02T18:30:00.000Z'],
    ['7d', '2026-11-27T06:30:00.000Z'],
    ['90m', '2026-12-04T05:00:00.000Z'],
    ['2w', '2026-11-20T06:30:00.000Z'],
    ['1.5h', '2026-12-04T05:00:00.000Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2000-01-01', '2000-01-01T00:00:00.000Z'],
    ['2026-12-01T06:00', '2026-12-01T06:00:00.000Z'],
    ['2026-12-01T06:00:00Z', '2026-12-01T06:00:00.000Z'],
    ['2026-12-01T06:00:00+02:00', '2026-12-01T04:00:00.000Z'],
  ])('reads %s', (value, expected) => {
    expect(parseSince(value, NOW).toISOString()).toBe(expected);
  });

  test.each(['', 'yesterday', '36', 'h36', '2026-13-45', '2026-02-31', '12/01/2026'])('rejects %j', (value) => {
    expect(() => parseSince(value, NOW)).toThrow(AppError);
  });

  test('error names the value and the forms', () => {
    expect(() => parseSince('soon', NOW)).toThrow(/"soon".*36h or 7d/);
  });
});
