#!/usr/bin/env node
// Entry point. Runs the JavaScript compiled into dist/ (scripts/build.mjs): always in the installed package, which
// ships no sources; in a checkout while dist/ is current, and otherwise (a source edited since, or no build) the
// TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (!existsSync(join(root, 'harness'))) return true;
  try {
    const built = statSync(join(root, 'dist', '.build-stamp')).mtimeMs;
    return ['harness', 'stacks', 'scenarios'].every((dir) => newestSource(join(root, dir)) <= built);
  } catch {
    return false;
  }
}

// The CLI supports Node 20; the SDK's notice that its 2027 releases will need Node 22 is in the README, not on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let main;
if (compiledIsCurrent()) {
  ({ main } = await import('../dist/harness/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../harness/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
