#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx ai-daily-summary` works right after `npm ci`.
// Both hooks are needed: require() for static imports, and the ESM loader for the dynamic
// import() calls that load each command's heavy modules only when that command runs.
import('tsx/esm').then(() => {
  require('tsx/cjs');
  return require('../src/cli/main.ts').main();
});
