import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Run every stage benchmark in turn (`npm run bench`, or `npm run bench -- send` for one).
 * Each prints its own markdown section; docs/benchmarks.md records the figures.
 */
const STAGES = ['collect', 'compose', 'send', 'unsubscribe'];

const wanted = process.argv.slice(2);
const stages = wanted.length > 0 ? STAGES.filter((stage) => wanted.includes(stage)) : STAGES;

for (const stage of stages) {
  const file = path.join(__dirname, `${stage}.ts`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`bench: ${file} not found, skipped\n`);
    continue;
  }
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
