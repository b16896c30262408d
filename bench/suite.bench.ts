/**
 * Wall time of the bundled scenario suite (issue 6): `xacct run` as a user runs it (a fresh process, so it includes
 * Node start, TypeScript loading, CDKTF synthesis of every variant, apply and the hand-off), and, in this process,
 * 25 scenarios next to 250 (copies of the bundled ones) to show how the time grows with the suite.
 * Target: the whole suite under 3 s on this 2-core machine, and linear in the number of scenarios.
 * Run alone: `node --import tsx bench/suite.bench.ts`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { embeddedBackend } from '../harness/runner/backends/embedded.js';
import { findScenarioFiles, loadScenarios } from '../harness/runner/load.js';
import { runScenarios, type LoadedScenario } from '../harness/runner/runner.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function copies(list: LoadedScenario[], n: number): LoadedScenario[] {
  return Array.from({ length: n }, (_, i) => {
    const { scenario, file } = list[i % list.length]!;
    return { scenario: { ...scenario, name: `${scenario.name}#${i}` }, file };
  });
}

async function timed(list: LoadedScenario[]): Promise<{ ms: number; passed: number }> {
  const t0 = performance.now();
  const results = await runScenarios(list, { backend: embeddedBackend() });
  return { ms: performance.now() - t0, passed: results.filter((r) => r.status === 'passed').length };
}

export async function benchSuite(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/xacct.js', 'run', '--reporter', 'json'], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const cliMs = performance.now() - t0;
  const cli = JSON.parse(stdout) as { summary: { passed: number; total: number } };

  const bundled = await loadScenarios(await findScenarioFiles([]));
  await timed(bundled);
  const small = await timed(copies(bundled, 25));
  const large = await timed(copies(bundled, 250));
  return {
    'xacct run, bundled suite (fresh process) ms': Math.round(cliMs),
    'bundled scenarios passed': `${cli.summary.passed}/${cli.summary.total}`,
    'target ms': 3000,
    '25 scenarios, warm process ms': Math.round(small.ms),
    '250 scenarios, warm process ms': Math.round(large.ms),
    '250/25 time ratio (linear = 10)': large.ms / small.ms,
    'ms per scenario (250)': large.ms / 250,
    'passed (25, 250)': `${small.passed}, ${large.passed}`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchSuite());
