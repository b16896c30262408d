#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript CLI runs without a build step after `npm ci`.
import { register } from 'tsx/esm/api';

register();
// The CLI supports Node 20; the SDK's notice that its 2027 releases will need Node 22 is in the README, not on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
