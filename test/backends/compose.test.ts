/**
 * docker-compose.yml and the Dockerfile, checked without Docker (none runs here): the `xacct` service builds the
 * repository's Dockerfile on a Node 20 image, installs with `npm ci`, serves on 4566 (HTTPS on 4567) bound to all
 * interfaces inside the container (saying so with --public) but published on the host's loopback only, since every
 * account's keys are public (issue 13), and is healthy when GET /_xacct/health answers; the `localstack` service is
 * optional (profile `localstack`), pinned to localstack/localstack:4.14.0, also on loopback, and passes
 * LOCALSTACK_AUTH_TOKEN and ENFORCE_IAM.
 * The healthcheck command itself is run against a real emulator, so a typo in it would fail here.
 * Compose file reference: https://docs.docker.com/reference/compose-file/services/
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../harness/index.js';
import { REPO } from '../helpers/serve-process.js';

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  ports?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
}

const compose = parse(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };

/** Dockerfile instructions with line continuations joined: [instruction, arguments]. */
function instructions(text: string): Array<[string, string]> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const space = l.indexOf(' ');
      return [l.slice(0, space).toUpperCase(), l.slice(space + 1).trim()];
    });
}

const dockerfile = instructions(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
const all = (name: string) => dockerfile.filter(([i]) => i === name).map(([, a]) => a);

function runNode(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 20_000 }, (error) => resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0));
  });
}

describe('Dockerfile', () => {
  it('builds on a Node 20 image and installs with npm ci from the lock file', () => {
    expect(all('FROM')).toEqual(['node:20-bookworm-slim']);
    expect(all('COPY')[0]).toBe('package.json package-lock.json ./');
    expect(all('RUN').some((r) => /^npm ci\b/.test(r))).toBe(true);
  });

  it('copies what `xacct serve` loads, and .dockerignore leaves it in the context', () => {
    const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const sources = all('COPY').flatMap((c) => c.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['bin', 'harness', 'package.json', 'package-lock.json', 'tsconfig.json']));
    for (const source of sources) {
      expect(existsSync(join(REPO, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git']));
  });

  it('serves on 0.0.0.0:4566 (deliberately: --public) with HTTPS on 4567, exposes both, and runs as the unprivileged node user', () => {
    expect(JSON.parse(all('CMD')[0]!)).toEqual(['node', 'bin/xacct.js', 'serve', '--host', '0.0.0.0', '--public', '--port', '4566', '--https-port', '4567']);
    expect(all('EXPOSE')).toEqual(['4566 4567']);
    expect(all('USER')).toEqual(['node']);
  });

  it('has a healthcheck on GET /_xacct/health', () => {
    expect(all('HEALTHCHECK')[0]).toContain("CMD node -e \"fetch('http://127.0.0.1:4566/_xacct/health')");
  });
});

describe('docker-compose.yml', () => {
  it("has the xacct service, built from the Dockerfile, on the host's loopback port 4566 (and 4567 for HTTPS), always on", () => {
    const xacct = compose.services['xacct']!;
    expect(xacct.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(xacct.ports).toEqual(['127.0.0.1:4566:4566', '127.0.0.1:4567:4567']);
    expect(xacct.profiles).toBeUndefined();
  });

  it('checks xacct health through /_xacct/health, and that command works against a real emulator', async () => {
    const check = compose.services['xacct']!.healthcheck!;
    expect(check).toMatchObject({ interval: '5s', timeout: '3s', retries: 5, start_period: '20s' });
    expect(check.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const script = check.test[3]!;
    expect(script).toContain('http://127.0.0.1:4566/_xacct/health');
    await using emu = await startEmulator({ transport: 'http' });
    expect(await runNode(['-e', script.replace('http://127.0.0.1:4566', emu.endpoint)])).toBe(0);
    expect(await runNode(['-e', script.replace('http://127.0.0.1:4566', 'http://127.0.0.1:1')])).toBe(1);
  });

  it('has an optional localstack service (profile localstack), pinned, passing the auth token and ENFORCE_IAM', () => {
    const localstack = compose.services['localstack']!;
    expect(localstack.profiles).toEqual(['localstack']);
    expect(localstack.image).toBe('${XACCT_LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}');
    expect(localstack.ports).toEqual(['127.0.0.1:4576:4566']);
    expect(localstack.environment).toEqual({ LOCALSTACK_AUTH_TOKEN: '${LOCALSTACK_AUTH_TOKEN:-}', ENFORCE_IAM: '${ENFORCE_IAM:-0}' });
    expect(localstack.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:4566/_localstack/health');
  });

  it('has no other services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['localstack', 'xacct']);
  });
});
