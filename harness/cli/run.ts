/**
 * `xacct run [GLOB...] [--reporter table|json|junit] [--out FILE] [--backend embedded]`: applies each scenario's
 * setup to a fresh world, replays the hand-off, and reports. Progress goes to stderr; the report to stdout or
 * --out; the last line is `N passed, M failed`; the exit status is 1 when any expectation is not met.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { embeddedBackend } from '../runner/backends/embedded.js';
import type { Backend } from '../runner/backends/backend.js';
import { findScenarioFiles, loadScenarios, ScenarioLoadError } from '../runner/load.js';
import { renderJson } from '../runner/reporters/json.js';
import { renderJunit } from '../runner/reporters/junit.js';
import { summarize, summaryLine } from '../runner/reporters/summary.js';
import { renderTable } from '../runner/reporters/table.js';
import { runScenarios } from '../runner/runner.js';
import { UsageError, type Io } from './io.js';

export interface RunCommandOptions {
  reporter: 'table' | 'json' | 'junit';
  out?: string;
  stacks?: string;
  backend: 'embedded' | 'endpoint' | 'localstack';
  endpoint?: string;
  concurrency?: string;
}

async function backendFor(opts: RunCommandOptions): Promise<Backend> {
  if (opts.backend === 'embedded') return embeddedBackend();
  throw new UsageError(`--backend ${opts.backend} is not available yet; use --backend embedded (the default)`);
}

const MARK: Record<string, string> = { passed: 'pass', failed: 'FAIL', 'not-provable': 'n/p ', error: 'ERR ' };

export async function runCommand(globs: string[], opts: RunCommandOptions, io: Io): Promise<number> {
  if (opts.stacks) throw new UsageError('--stacks is not supported yet: scenarios run on the bundled reference setup and its variants');
  let loaded;
  try {
    loaded = await loadScenarios(await findScenarioFiles(globs));
  } catch (e) {
    if (e instanceof ScenarioLoadError) throw new UsageError(e.message);
    throw e;
  }
  if (loaded.length === 0) throw new UsageError('no scenarios found');
  const backend = await backendFor(opts);
  io.err(`xacct: running ${loaded.length} scenario${loaded.length === 1 ? '' : 's'} on the ${backend.name} backend`);
  const width = String(loaded.length).length;
  let done = 0;
  const results = await runScenarios(loaded, {
    backend,
    onProgress: (e) => {
      if (e.type !== 'done') return;
      done++;
      io.err(`[${String(done).padStart(width)}/${loaded.length}] ${MARK[e.result.status]} ${e.name} (${e.result.durationMs} ms)`);
    },
  });
  await backend.close();
  const report = opts.reporter === 'json' ? renderJson(results) : opts.reporter === 'junit' ? renderJunit(results) : renderTable(results, { color: false });
  const summary = summarize(results);
  if (opts.out) {
    const path = resolve(opts.out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, report.endsWith('\n') ? report : `${report}\n`);
    io.err(`xacct: ${opts.reporter} report written to ${path}`);
    if (opts.reporter !== 'table') io.out(summaryLine(summary));
    else io.out(report);
  } else {
    io.out(report);
    if (opts.reporter !== 'table') io.err(summaryLine(summary));
  }
  return summary.failed + summary.errors > 0 ? 1 : 0;
}
