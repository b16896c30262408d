/**
 * `npm ci` installs without warnings about install scripts: npm 11 skips dependencies' install scripts that the
 * project's `allowScripts` (package.json) does not cover and lists each one after the install
 * (https://docs.npmjs.com/cli/v11/commands/npm-install-scripts). Every package of the lock file that has an install
 * script is approved (esbuild) or denied (protobufjs, ssh2, cpu-features: optional native bits the emulator never
 * uses) there.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

describe('install scripts', () => {
  it('allowScripts covers every locked package that has an install script', () => {
    const lock = json('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const allow = (json('package.json') as { allowScripts: Record<string, boolean> }).allowScripts;
    expect(withScripts.sort()).toEqual(Object.keys(allow).sort());
  });

  it('npm finds no unreviewed install script in the installed tree', async () => {
    const { stdout } = await promisify(execFile)('npm', ['install-scripts', 'ls'], { cwd: ROOT });
    expect(stdout).toBe('No packages with unreviewed install scripts.\n');
  });
});
