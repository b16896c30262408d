/**
 * `xacct run [GLOB...] [--reporter table|json|junit] [--out FILE] [--backend embedded|endpoint|localstack] [--concurrency N]`: applies each scenario's
 * setup to a fresh world, replays the hand-off, and reports. Progress goes to stderr; the report to stdout or
 * --out; the last line is `N passed, M failed`; the exit status is 1 when any expectation is not met.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { embeddedBackend } from '../runner/backends/embedded.js';
import type { Backend } from '../runner/backends/backend.js';
import { findScenarioFiles, loadScenarios, SCENARIO_FILES, ScenarioLoadError } from '../runner/load.js';
import { renderJson } from '../runner/reporters/json.js';
import { renderJunit } from '../runner/reporters/junit.js';
import { summarize, summaryLine } from '../runner/reporters/summary.js';
import { renderTable } from '../runner/reporters/table.js';
import { runScenarios } from '../runner/runner.js';
import { shutdown, warmUp, type StacksSource } from '../runner/setup.js';
import { UsageError, type Io } from './io.js';

export interface RunCommandOptions {
  reporter: 'table' | 'json' | 'junit';
  out?: string;
  stacks?: string;
  backend: 'embedded' | 'endpoint' | 'localstack';
  endpoint?: string;
  /** PEM file of the CA that signed the endpoint's certificate. */
  endpointCa?: string;
  /** false with --no-enforcement: declare that the backend does not enforce IAM. */
  enforcement?: boolean;
  localstackImage?: string;
  /** Scenarios in flight at once (a whole number, at least 1; default 4). */
  concurrency?: string;
}

/**
 * The backend asked for. Anything that makes it unusable (no --endpoint, an unreachable endpoint, no Docker) is a
 * one-line usage error (exit 2), printed before any scenario runs; what the backend cannot prove is printed too.
 */
async function backendFor(opts: RunCommandOptions, io: Io): Promise<Backend> {
  if (opts.backend === 'embedded') {
    if (opts.endpoint) throw new UsageError('--endpoint is only used with --backend endpoint');
    return embeddedBackend();
  }
  const { BackendUnavailable, endpointBackend, readCa } = await import('../runner/backends/endpoint.js');
  const enforcesIam = opts.enforcement === false ? false : undefined;
  try {
    let backend: Backend & { notes: string[] };
    if (opts.backend === 'endpoint') {
      if (!opts.endpoint) throw new UsageError('--backend endpoint needs --endpoint <url> (e.g. the https URL of a running `xacct serve --https-port 4567`)');
      backend = await endpointBackend({ endpoint: opts.endpoint, ca: opts.endpointCa ? readCa(opts.endpointCa) : undefined, enforcesIam });
    } else {
      if (opts.endpoint) throw new UsageError('--endpoint is only used with --backend endpoint; --backend localstack starts its own container');
      const { localstackBackend } = await import('../runner/backends/localstack.js');
      backend = await localstackBackend({ image: opts.localstackImage, enforcesIam });
    }
    for (const note of backend.notes) io.err(`xacct: ${note}`);
    if (!backend.capabilities.enforcesIam) io.err(`xacct: the ${backend.name} backend does not enforce IAM: negative scenarios will be reported as not provable`);
    return backend;
  } catch (e) {
    if (e instanceof BackendUnavailable) throw new UsageError(e.message);
    throw e;
  }
}

const MARK: Record<string, string> = { passed: 'pass', failed: 'FAIL', 'not-provable': 'n/p ', error: 'ERR ' };

export async function runCommand(globs: string[], opts: RunCommandOptions, io: Io): Promise<number> {
  try {
    return await runWith(globs, opts, io);
  } finally {
    await shutdown();
  }
}

async function runWith(globs: string[], opts: RunCommandOptions, io: Io): Promise<number> {
  const concurrency = Number(opts.concurrency ?? '4');
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`--concurrency must be a whole number of at least 1, got "${opts.concurrency}"`);
  }
  let stacks: StacksSource = { kind: 'reference' };
  if (opts.stacks) {
    const file = resolve(opts.stacks);
    if (!existsSync(file)) throw new UsageError(`--stacks ${opts.stacks}: no such file`);
    stacks = { kind: 'module', file };
    // Loaded once before any scenario: a module that does not load is one error naming its line, not one per scenario.
    const { loadUserModule } = await import('./synth.js');
    try {
      await loadUserModule(file);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  warmUp(stacks);
  let loaded;
  try {
    loaded = await loadScenarios(await findScenarioFiles(globs));
  } catch (e) {
    if (e instanceof ScenarioLoadError) throw new UsageError(e.message);
    throw e;
  }
  if (loaded.length === 0) throw new UsageError(`no scenarios found in ${globs.join(' ') || 'the bundled scenarios'}: scenario files are named ${SCENARIO_FILES}`);
  const backend = await backendFor(opts, io);
  io.err(`xacct: running ${loaded.length} scenario${loaded.length === 1 ? '' : 's'} on the ${backend.name} backend`);
  const width = String(loaded.length).length;
  let done = 0;
  const results = await runScenarios(loaded, {
    backend,
    stacks,
    concurrency,
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
