/**
 * `xacct run [GLOB...] [--reporter table|json|junit] [--out FILE] [--backend embedded|endpoint|localstack] [--concurrency N] [--shard i/n]
 * [--run-builds] [--build-output PROJECT=DIR ...] [--source [owner/repo[@branch]=]PATH ...] [--no-reset]`: applies each scenario's
 * setup to a fresh world, replays the hand-off, and reports. Progress goes to stderr; the report to stdout or
 * --out; the last line is `N passed, M failed`; the exit status is 1 when any expectation is not met.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { embeddedBackend } from '../runner/backends/embedded.js';
import type { Backend } from '../runner/backends/backend.js';
import { findScenarioFiles, loadScenarios, SCENARIO_FILES, ScenarioLoadError } from '../runner/load.js';
import { renderJson } from '../runner/reporters/json.js';
import { renderJunit } from '../runner/reporters/junit.js';
import { summarize, summaryLine } from '../runner/reporters/summary.js';
import { renderTable } from '../runner/reporters/table.js';
import { runScenarios } from '../runner/runner.js';
import { shutdown, synthesize, warmUp, type SetupVariant, type StacksSource } from '../runner/setup.js';
import type { SuppliedSource } from '../runner/scenario.js';
import type { SuppliedBuildOutput } from '../services/codebuild/store.js';
import { UsageError, type Io } from './io.js';

export interface RunCommandOptions {
  reporter: 'table' | 'json' | 'junit';
  out?: string;
  stacks?: string;
  /** With a Terraform directory: `--var name=value` and `--var-file FILE`, in the order given. */
  var?: string[];
  varFile?: string[];
  /** With a Terraform directory: `--provider-account PROVIDER=ID`. */
  providerAccount?: string[];
  /** With a CDK cloud assembly: `--stack NAME` (as `cdk deploy NAME`) and `--cdk-account ID` the CDK CLI runs as. */
  stack?: string[];
  cdkAccount?: string;
  backend: 'embedded' | 'endpoint' | 'localstack';
  endpoint?: string;
  /** PEM file of the CA that signed the endpoint's certificate. */
  endpointCa?: string;
  /** false with --no-enforcement: declare that the backend does not enforce IAM. */
  enforcement?: boolean;
  localstackImage?: string;
  /** Scenarios in flight at once (a whole number, at least 1; default 4). */
  concurrency?: string;
  /** `i/n`: run the i-th of n deterministic shares of the scenarios (one per CI job). */
  shard?: string;
  /** CodeBuild builds run their buildspec commands with bash (embedded backend only). */
  runBuilds?: boolean;
  /** `[owner/repo[@branch]=]PATH`: repository content (a folder or a .zip) for sources outside AWS. */
  source?: string[];
  /** `PROJECT=DIR`: what the builds of a CodeBuild project make, for builds whose commands are not run. */
  buildOutput?: string[];
  /** false with --no-reset: act on the world a running `xacct serve` holds, built by hand (nothing reset or applied). */
  reset?: boolean;
}

/**
 * `--source [owner/repo[@branch]=]PATH`: a folder or a .zip that source actions of a repository outside AWS
 * (CodeStar connections, GitHub version 1) read, for that repository (and branch) or, without a name, for any.
 */
export function parseSource(value: string): SuppliedSource {
  const m = /^([^=@\s]+\/[^=@\s]+)(?:@([^=\s]+))?=(.+)$/.exec(value);
  const path = resolve(m ? m[3]! : value);
  if (!existsSync(path)) throw new UsageError(`--source ${value}: no such folder or file ${path}`);
  if (!statSync(path).isDirectory() && !path.endsWith('.zip')) throw new UsageError(`--source ${value}: give a folder or a .zip file`);
  return { path, ...(m ? { repository: m[1]!, ...(m[2] ? { branch: m[2] } : {}) } : {}) };
}

/**
 * `--build-output PROJECT=DIR`: the folder holding what the buildspec commands of PROJECT's builds make, laid into
 * the build's source directory when the commands are not run (without --run-builds).
 */
export function parseBuildOutput(value: string): SuppliedBuildOutput {
  // A project's name: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CreateProject.html (name's pattern).
  const m = /^([A-Za-z0-9][A-Za-z0-9_-]{1,254})=(.+)$/.exec(value);
  if (!m) throw new UsageError(`--build-output must be PROJECT=DIR (a CodeBuild project name and a folder), got "${value}"`);
  const path = resolve(m[2]!);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`--build-output ${value}: no such folder ${path}`);
  return { project: m[1]!, directory: '.', path };
}

/** `i/n` with 1 <= i <= n, as vitest's and Playwright's --shard take it. */
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. --shard 1/3), got "${value}"`);
  }
  return { index, count };
}

/**
 * The scenarios of one shard: the list (sorted by file, then by position in the file) cut into n contiguous parts
 * whose sizes differ by at most one, as Playwright shards. Every job sees the same files, so the cut is the same.
 */
export function shardOf<T>(list: T[], shard: { index: number; count: number }): T[] {
  const start = Math.floor(((shard.index - 1) * list.length) / shard.count);
  const end = Math.floor((shard.index * list.length) / shard.count);
  return list.slice(start, end);
}

const REASONS: Record<string, string> = { EACCES: 'permission denied', EROFS: 'read-only file system', EISDIR: 'it is a directory' };

/** Checks before the run that the report can be written where --out says; returns the absolute path. */
export function reportPath(out: string): string {
  const path = resolve(out);
  let existing = dirname(path);
  while (!existsSync(existing)) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) throw new UsageError(`--out ${out}: cannot write the report there: ${existing} is not a directory`);
  try {
    if (existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    accessSync(existing, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--out ${out}: cannot write the report there: ${REASONS[code] ?? code}`);
  }
  return path;
}

/**
 * The backend asked for. Anything that makes it unusable (no --endpoint, an unreachable endpoint, no Docker) is a
 * one-line usage error (exit 2), printed before any scenario runs; what the backend cannot prove is printed too.
 */
async function backendFor(opts: RunCommandOptions, io: Io): Promise<Backend> {
  if (opts.runBuilds && opts.backend !== 'embedded') throw new UsageError('--run-builds runs build commands against the embedded backend only');
  if (opts.buildOutput?.length && opts.backend !== 'embedded') throw new UsageError('--build-output supplies build outputs to the embedded backend only');
  if (opts.buildOutput?.length && opts.runBuilds) throw new UsageError('--build-output stands for build commands that are not run: it cannot be used with --run-builds');
  if (opts.backend === 'embedded') {
    if (opts.endpoint) throw new UsageError('--endpoint is only used with --backend endpoint');
    return embeddedBackend({ runBuilds: opts.runBuilds });
  }
  const { BackendUnavailable, endpointBackend, readCa } = await import('../runner/backends/endpoint.js');
  const enforcesIam = opts.enforcement === false ? false : undefined;
  try {
    let backend: Backend & { notes: string[] };
    if (opts.backend === 'endpoint') {
      if (!opts.endpoint) throw new UsageError('--backend endpoint needs --endpoint <url> (e.g. the https URL of a running `xacct serve --https-port 4567`)');
      backend = await endpointBackend({ endpoint: opts.endpoint, ca: opts.endpointCa ? readCa(opts.endpointCa) : undefined, enforcesIam });
    } else {
      const { localstackBackend } = await import('../runner/backends/localstack.js').catch((e: unknown) => {
        if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
        throw new UsageError('--backend localstack needs testcontainers and @testcontainers/localstack in your project: npm install -D testcontainers @testcontainers/localstack');
      });
      backend = await localstackBackend({ image: opts.localstackImage, enforcesIam, endpoint: opts.endpoint });
    }
    for (const note of backend.notes) io.err(`xacct: ${note}`);
    if (!backend.capabilities.enforcesIam) io.err(`xacct: the ${backend.name} backend does not enforce IAM: negative scenarios will be reported as not provable`);
    return backend;
  } catch (e) {
    if (e instanceof BackendUnavailable) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * A setup the backend cannot prove (TLS-testing policies on a server reached over plain HTTP) fails the run before any
 * scenario, as a usage error, when the first scenario's setup is one; each scenario's own setup is checked again as it
 * runs. A setup that does not synthesize is left to its scenario to report.
 */
async function refuseFirstSetup(backend: Backend, setup: SetupVariant | undefined, stacks: StacksSource): Promise<void> {
  if (!backend.refuseSetup) return;
  const tf = await synthesize(setup, stacks).catch(() => undefined);
  const refused = tf && backend.refuseSetup(tf);
  if (!refused) return;
  await backend.close();
  throw new UsageError(refused);
}

/**
 * `--stacks PATH` as a setup source: what the path is (stacks-source.ts), loaded once so that a module that does not
 * load, or a Terraform configuration that does not read, is one error naming where.
 */
export async function stacksSource(
  path: string | undefined,
  tf: { vars?: string[]; varFiles?: string[]; providerAccounts?: string[] } = {},
  cdk: { stacks?: string[]; account?: string } = {},
): Promise<StacksSource> {
  const tfFlags = Boolean(tf.vars?.length || tf.varFiles?.length || tf.providerAccounts?.length);
  const cdkFlags = Boolean(cdk.stacks?.length || cdk.account);
  if (cdk.account !== undefined && !/^\d{12}$/.test(cdk.account)) throw new UsageError(`--cdk-account must be a 12-digit account id, got "${cdk.account}"`);
  if (!path) {
    if (tfFlags) throw new UsageError('--var, --var-file and --provider-account are for a Terraform directory given with --stacks');
    if (cdkFlags) throw new UsageError('--stack and --cdk-account are for a CDK cloud assembly given with --stacks');
    return { kind: 'reference' };
  }
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`--stacks ${path}: no such file`);
  const { detectStacksKind, parseProviderAccounts, StacksPathError } = await import('../runner/stacks-source.js');
  let kind;
  let providerAccounts;
  try {
    kind = detectStacksKind(file, `--stacks ${path}`);
    providerAccounts = parseProviderAccounts(tf.providerAccounts);
  } catch (e) {
    if (e instanceof StacksPathError) throw new UsageError(e.message);
    throw e;
  }
  if (kind === 'terraform') {
    const { loadTerraform, LoadError } = await import('../apply/index.js');
    const options = { vars: tf.vars, varFiles: tf.varFiles, providerAccounts };
    try {
      await loadTerraform(file, options);
    } catch (e) {
      if (e instanceof LoadError) throw new UsageError(`--stacks ${path}: ${e.message}`);
      throw e;
    }
    return { kind: 'terraform', dir: file, ...(tf.vars ? { vars: tf.vars } : {}), ...(tf.varFiles ? { varFiles: tf.varFiles } : {}), ...(providerAccounts ? { providerAccounts } : {}) };
  }
  if (tfFlags) throw new UsageError('--var, --var-file and --provider-account are for a Terraform directory given with --stacks');
  if (cdkFlags && kind !== 'cdk-assembly') throw new UsageError('--stack and --cdk-account are for a CDK cloud assembly given with --stacks');
  if (kind === 'cloudformation-plan' || kind === 'cdk-assembly') {
    const { readDeployDocument } = await import('./deploy-plan.js');
    const selection = { ...(cdk.stacks?.length ? { stacks: cdk.stacks } : {}), ...(cdk.account ? { account: cdk.account } : {}) };
    await readDeployDocument(kind, file, `--stacks ${path}`, selection);
    return kind === 'cdk-assembly' ? { kind, dir: file, ...selection } : { kind, file };
  }
  const { loadUserModule } = await import('./synth.js');
  try {
    await loadUserModule(file);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  return { kind: 'module', file };
}

const MARK: Record<string, string> = { passed: 'pass', failed: 'FAIL', 'not-provable': 'n/p ', 'not-emulated': 'n/e ', 'not-applicable': 'n/a ', error: 'ERR ' };

export async function runCommand(globs: string[], opts: RunCommandOptions, io: Io): Promise<number> {
  try {
    return await runWith(globs, opts, io);
  } finally {
    shutdown();
  }
}

async function runWith(globs: string[], opts: RunCommandOptions, io: Io): Promise<number> {
  const concurrency = Number(opts.concurrency ?? '4');
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`--concurrency must be a whole number of at least 1, got "${opts.concurrency}"`);
  }
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  const sources = (opts.source ?? []).map(parseSource);
  const buildOutputs = (opts.buildOutput ?? []).map(parseBuildOutput);
  const outPath = opts.out === undefined ? undefined : reportPath(opts.out);
  const stacks = await stacksSource(opts.stacks, { vars: opts.var, varFiles: opts.varFile, providerAccounts: opts.providerAccount }, { stacks: opts.stack, account: opts.cdkAccount });
  warmUp(stacks);
  let loaded;
  try {
    loaded = await loadScenarios(await findScenarioFiles(globs));
  } catch (e) {
    if (e instanceof ScenarioLoadError) throw new UsageError(e.message);
    throw e;
  }
  if (loaded.length === 0) throw new UsageError(`no scenarios found in ${globs.join(' ') || 'the bundled scenarios'}: scenario files are named ${SCENARIO_FILES}`);
  const all = loaded.length;
  if (shard) loaded = shardOf(loaded, shard);
  const noReset = opts.reset === false;
  if (noReset && opts.backend !== 'endpoint') throw new UsageError('--no-reset acts on the world a running xacct serve holds: use it with --backend endpoint --endpoint <url>');
  if (noReset && opts.stacks) throw new UsageError('--no-reset applies nothing: it cannot be used with --stacks');
  if (noReset && sources.length > 0) throw new UsageError('--no-reset cannot supply repository content (--source) to a world built by hand');
  const backend = await backendFor(opts, io);
  if (noReset && !backend.existingWorld) {
    await backend.close();
    throw new UsageError(`--no-reset needs a running xacct serve: ${opts.endpoint} cannot keep a copy of its world to start each scenario from`);
  }
  if (noReset) io.err('xacct: --no-reset: acting on the world the server holds (nothing reset or applied); each scenario starts from it as it is now, and the server holds it again when the run ends');
  else await refuseFirstSetup(backend, loaded[0]!.scenario.setup, stacks);
  const count = shard ? `${loaded.length} of ${all} scenarios (shard ${shard.index}/${shard.count})` : `${all} scenario${all === 1 ? '' : 's'}`;
  io.err(`xacct: running ${count} on the ${backend.name} backend`);
  const width = String(loaded.length).length;
  let done = 0;
  const results = await runScenarios(loaded, {
    backend,
    stacks,
    concurrency,
    runBuilds: opts.runBuilds,
    buildOutputs,
    sources,
    noReset,
    onProgress: (e) => {
      if (e.type !== 'done') return;
      done++;
      io.err(`[${String(done).padStart(width)}/${loaded.length}] ${MARK[e.result.status]} ${e.name} (${e.result.durationMs} ms)`);
    },
  });
  await backend.close();
  const report = opts.reporter === 'json' ? renderJson(results) : opts.reporter === 'junit' ? renderJunit(results) : renderTable(results, { color: false });
  const summary = summarize(results);
  if (outPath) {
    const path = outPath;
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
