/**
 * `npm run bench`: runs every exported `bench*` function of every `bench/*.bench.ts` module and prints a readable
 * report. A module that fails to load or a benchmark that throws is reported and the others still run. Nothing is
 * written into the repository. `npm run bench -- serve policy` runs only the modules whose file name contains one
 * of the words.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchFn = () => Promise<Record<string, unknown>> | Record<string, unknown>;

interface Outcome {
  module: string;
  name: string;
  ok: boolean;
  seconds: number;
  result?: Record<string, unknown>;
  error?: string;
}

const here = dirname(fileURLToPath(import.meta.url));

function format(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, '');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function print(o: Outcome): void {
  const head = `${o.module} › ${o.name}`;
  if (!o.ok) {
    console.log(`\n✗ ${head}  FAILED after ${o.seconds.toFixed(1)} s\n    ${o.error}`);
    return;
  }
  console.log(`\n✓ ${head}  (${o.seconds.toFixed(1)} s)`);
  const entries = Object.entries(o.result ?? {});
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  for (const [k, v] of entries) console.log(`    ${k.padEnd(width)}  ${format(v)}`);
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

export async function runBenchmarks(filters: string[] = []): Promise<Outcome[]> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort();
  const outcomes: Outcome[] = [];
  if (files.length === 0) console.log(`no bench/*.bench.ts module matches ${filters.join(' ') || '(any)'}`);
  for (const file of files) {
    const started = performance.now();
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(join(here, file)).href)) as Record<string, unknown>;
    } catch (e) {
      const o = { module: file, name: '(load)', ok: false, seconds: (performance.now() - started) / 1000, error: reason(e) };
      print(o);
      outcomes.push(o);
      continue;
    }
    const benches = Object.entries(mod).filter((entry): entry is [string, BenchFn] => entry[0].startsWith('bench') && typeof entry[1] === 'function');
    if (benches.length === 0) {
      const o = { module: file, name: '(none)', ok: false, seconds: 0, error: 'exports no bench* function' };
      print(o);
      outcomes.push(o);
    }
    for (const [name, fn] of benches) {
      const t0 = performance.now();
      let o: Outcome;
      try {
        o = { module: file, name, ok: true, seconds: 0, result: await fn() };
      } catch (e) {
        o = { module: file, name, ok: false, seconds: 0, error: reason(e) };
      }
      o.seconds = (performance.now() - t0) / 1000;
      print(o);
      outcomes.push(o);
    }
  }
  const failed = outcomes.filter((o) => !o.ok);
  console.log(`\n${outcomes.length - failed.length} benchmark(s) ran, ${failed.length} failed${failed.length ? `: ${failed.map((o) => `${o.module} › ${o.name}`).join(', ')}` : ''}`);
  return outcomes;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`xacct benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  await runBenchmarks(process.argv.slice(2));
}
