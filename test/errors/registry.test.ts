import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../src/errors';

describe('error registry', () => {
  const docs = fs.readFileSync(path.resolve(__dirname, '../../docs/errors.md'), 'utf8');
  const documented = [...docs.matchAll(/^\| `([A-Z_]+)` \| (\d+) \|/gm)].map((match) => ({ code: match[1], exitCode: Number(match[2]) }));

  test('every code is documented', () => {
    for (const [code, { exitCode }] of Object.entries(ERROR_CODES)) {
      expect(documented).toContainEqual({ code, exitCode });
    }
  });

  test('no documented code is stale', () => {
    for (const { code } of documented) expect(Object.keys(ERROR_CODES)).toContain(code);
  });
});
