#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx ai-daily-summary` works right after `npm ci`.
require('tsx/cjs');
require('../src/cli/main.ts').main();
