#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript CLI runs without a build step after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
