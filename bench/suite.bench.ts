/**
 * Wall time of the bundled scenario suite (issue 6): `xacct run` as a user runs it (a fresh process, so it includes
 * Node start, loading, CDKTF synthesis of every variant, apply and the hand-off; the median of several runs), and, in
 * this process, 25 scenarios next to 250 (copies of the bundled ones) to show how the time grows with the suite.
 * Copies share their setups, so the 250 apply each of the 18 distinct setups once, as a suite of that size would.
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

/** `reuse: false`: every scenario applies its setup itself, as if no two scenarios shared one. */
async function timed(list: LoadedScenario[], o: { reuse: boolean } = { reuse: true }): Promise<{ ms: number; passed: number }> {
  const backend = embeddedBackend();
  const t0 = performance.now();
  const results = await runScenarios(list, { backend: o.reuse ? backend : { ...backend, copiesWorlds: false } });
  return { ms: performance.now() - t0, passed: results.filter((r) => r.status === 'passed').length };
}

/** One `xacct run --reporter json` of the bundled suite in a fresh process: wall time and the summary it printed. */
async function freshRun(): Promise<{ ms: number; passed: number; total: number }> {
  const t0 = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/xacct.js', 'run', '--reporter', 'json'], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  const { summary } = JSON.parse(stdout) as { summary: { passed: number; total: number } };
  return { ms, passed: summary.passed, total: summary.total };
}

/** Fresh-process runs are noisy on a shared 2-core machine: the median of several is the number to compare. */
const FRESH_RUNS = 5;

export async function benchSuite(): Promise<Record<string, unknown>> {
  const runs: Array<{ ms: number; passed: number; total: number }> = [];
  for (let i = 0; i < FRESH_RUNS; i++) runs.push(await freshRun());
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const cli = runs[runs.length - 1]!;

  const bundled = await loadScenarios(await findScenarioFiles([]));
  await timed(bundled);
  const small = await timed(copies(bundled, 25));
  const large = await timed(copies(bundled, 250));
  const smallAlone = await timed(copies(bundled, 25), { reuse: false });
  const largeAlone = await timed(copies(bundled, 250), { reuse: false });
  return {
    [`xacct run, bundled suite (fresh process), median of ${FRESH_RUNS} ms`]: Math.round(times[Math.floor(times.length / 2)]!),
    'fresh process min / max ms': `${Math.round(times[0]!)} / ${Math.round(times[times.length - 1]!)}`,
    'bundled scenarios passed': `${cli.passed}/${cli.total}`,
    'target ms': 3000,
    '25 scenarios, warm process ms': Math.round(small.ms),
    '250 scenarios, warm process ms': Math.round(large.ms),
    '250/25 time ratio (linear = 10)': large.ms / small.ms,
    'ms per scenario (250)': large.ms / 250,
    'each applying its own setup: 25 / 250 ms': `${Math.round(smallAlone.ms)} / ${Math.round(largeAlone.ms)}`,
    'each applying its own setup: 250/25 ratio': largeAlone.ms / smallAlone.ms,
    'passed (25, 250, 25 alone, 250 alone)': `${small.passed}, ${large.passed}, ${smallAlone.passed}, ${largeAlone.passed}`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchSuite());
