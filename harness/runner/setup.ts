/**
 * A scenario's setup: CDKTF stacks synthesized to Terraform JSON, once per distinct variant (synthesis is the slow
 * part; worlds are cheap), then applied to a fresh world.
 * - The bundled reference setup (stacks/): the variant is its parameters (stacks/options.ts).
 * - A user's stacks module (`xacct run --stacks main.ts`): its default export `(app, variant) => void` receives the
 *   scenario's `setup` object as the variant, or the module exports an App.
 * - A Terraform directory (`xacct run --stacks infra/`): read as written (HCL and JSON, apply/load-hcl.ts), the same
 *   for every scenario.
 * - A CloudFormation deploy plan (xacct.deploy.yaml) or an AWS CDK cloud assembly (cdk.out): read into a deploy plan
 *   (apply/deploy), the same for every scenario, and applied through CloudFormation by its own applier (applierFor).
 */
import { relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReferenceSetupInput } from '../../stacks/options.js';
import { COMPILED, runnablePath } from '../runtime.js';
import type { SynthReply } from './synth-worker.js';

export type SetupVariant = ReferenceSetupInput;

export type StacksSource =
  | { kind: 'reference' }
  | { kind: 'module'; file: string }
  /** A Terraform directory (stacks-source.ts): its documents do not vary with a scenario's setup object. */
  | { kind: 'terraform'; dir: string; vars?: string[]; varFiles?: string[]; providerAccounts?: Record<string, string> }
  /** A CloudFormation deploy plan (xacct.deploy.yaml, or a directory holding one). */
  | { kind: 'cloudformation-plan'; file: string }
  /**
   * An AWS CDK cloud assembly (cdk.out), deployed as `cdk deploy` (apply/deploy/cdk-assembly.ts): `stacks` are the
   * STACK arguments (default all, `--all`), with their dependencies; `account` and `region` are those the CDK CLI
   * runs as, where environment-agnostic stacks go (check's default: its first account and its region).
   */
  | { kind: 'cdk-assembly'; dir: string; stacks?: string[]; account?: string; region?: string };

/** What applies a setup's documents: the Terraform applier, or the deploy-plan applier (same shape). */
export interface SetupApplier {
  apply(docs: object[], opts: { resolver: { clientConfig(accountId: string): unknown }; onProgress?: (e: { type: string; message?: string }) => void }): Promise<import('../apply/types.js').ApplyResult>;
  planAll(docs: object[]): Array<{ nodes: Array<{ provider: { account: string } }> }>;
}

/** The applier for a setup source: deploy plans and cloud assemblies deploy through CloudFormation. */
export function applierFor(source: StacksSource = { kind: 'reference' }): Promise<SetupApplier> {
  return (source.kind === 'cloudformation-plan' || source.kind === 'cdk-assembly' ? import('../apply/deploy/index.js') : import('../apply/index.js')) as unknown as Promise<SetupApplier>;
}

type Synth = (input: ReferenceSetupInput) => Record<string, unknown>;

const cache = new Map<string, Promise<Record<string, unknown>[]>>();
/** Keys of the variants whose synthesis has finished (or failed), so a runner can start those scenarios first. */
const settled = new Set<string>();
let referenceModule: Promise<{ synthReferenceSetup: Synth }> | undefined;

async function synthModule(file: string, variant: SetupVariant): Promise<Record<string, unknown>[]> {
  const { loadUserModule } = await import('../cli/synth.js');
  const { scratchApp, synthStacks } = await import('../../stacks/synth.js');
  const user = await loadUserModule(file);
  let app: import('cdktf').App;
  if (typeof user === 'function') {
    app = scratchApp();
    try {
      await user(app, variant as Record<string, unknown>);
    } catch (e) {
      const { describeThrown } = await import('../cli/typescript.js');
      throw new Error(`--stacks ${relative(process.cwd(), file) || file}: ${await describeThrown(e)}`);
    }
  } else {
    app = user;
  }
  const stacks = [...synthStacks(app).values()];
  if (stacks.length === 0) throw new Error(`--stacks ${relative(process.cwd(), file) || file} defines no stacks`);
  return stacks;
}

// Running compiled, the reference setup is synthesized on a worker thread; from the sources, in this thread.
let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (doc: Record<string, unknown>) => void; reject: (e: Error) => void }>();

/**
 * Starts the synthesis worker now, so CDKTF loads on the second core while this thread loads everything else, and
 * has it synthesize the reference setup as it is (the variant most scenarios use) before any scenario asks.
 */
export function warmUp(source: StacksSource = { kind: 'reference' }): void {
  if (COMPILED && source.kind === 'reference') prefetch([{}], source);
}

/**
 * Stops the synthesis worker; a run calls it when it ends, however it ends. Not awaited: on Node 22 the promise of
 * terminating a worker still starting up may never settle, and awaiting it left the CLI's top-level await unsettled
 * (exit status 13 instead of the usage error's 2). The worker stops with the process either way.
 */
export function shutdown(): void {
  const w = worker;
  worker = undefined;
  w?.terminate().catch(() => undefined);
}

function startWorker(): Worker {
  if (!worker) {
    worker = new Worker(runnablePath('harness/runner/synth-worker.ts'));
    // The worker never keeps the process alive: it is only waited on while a scenario needs its answer.
    worker.unref();
    worker.on('message', (reply: SynthReply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) w?.reject(new Error(reply.error));
      else w?.resolve(reply.doc);
    });
    worker.on('error', (e) => {
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
      worker = undefined;
    });
  }
  return worker;
}

function synthOnWorker(variant: SetupVariant): Promise<Record<string, unknown>> {
  const worker = startWorker();
  const id = nextId++;
  worker.ref();
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, variant });
  }).finally(() => {
    if (waiting.size === 0) worker.unref();
  });
}

const keyOf = (variant: SetupVariant = {}, source: StacksSource = { kind: 'reference' }): string => JSON.stringify([source, variant]);

/** Terraform JSON documents (one per stack) for a variant of the setup, memoised by source and variant. */
export function synthesize(variant: SetupVariant = {}, source: StacksSource = { kind: 'reference' }): Promise<Record<string, unknown>[]> {
  const key = keyOf(variant, source);
  return cache.get(key) ?? start(key, variant, source);
}

/** Whether synthesize() would answer at once for this variant (its synthesis has finished). */
export function isSynthesized(variant: SetupVariant = {}, source: StacksSource = { kind: 'reference' }): boolean {
  return settled.has(keyOf(variant, source));
}

/** Starts synthesizing every variant a run needs, so a worker can work ahead of the scenarios. */
export function prefetch(variants: SetupVariant[], source: StacksSource = { kind: 'reference' }): void {
  if (!COMPILED || source.kind !== 'reference') return;
  for (const v of variants) {
    const key = keyOf(v ?? {}, source);
    if (!cache.has(key)) start(key, v ?? {}, source).catch(() => undefined);
  }
}

function start(key: string, variant: SetupVariant, source: StacksSource): Promise<Record<string, unknown>[]> {
  let pending: Promise<Record<string, unknown>[]>;
  if (source.kind === 'module') {
    pending = synthModule(source.file, variant);
  } else if (source.kind === 'terraform') {
    pending = import('../apply/load-hcl.js').then(async ({ loadTerraform }) => (await loadTerraform(source.dir, { vars: source.vars, varFiles: source.varFiles, providerAccounts: source.providerAccounts })).documents);
  } else if (source.kind === 'cloudformation-plan') {
    pending = import('../apply/deploy/index.js').then(({ readDeployPlan }) => [readDeployPlan(source.file) as unknown as Record<string, unknown>]);
  } else if (source.kind === 'cdk-assembly') {
    pending = import('../apply/deploy/index.js').then(async ({ readCloudAssembly }) => [(await readCloudAssembly(source.dir, { stacks: source.stacks, account: source.account, region: source.region })) as unknown as Record<string, unknown>]);
  } else if (COMPILED) {
    pending = synthOnWorker(variant).then((doc) => [doc]);
  } else {
    // Loaded lazily: CDKTF is only needed when a scenario is set up.
    referenceModule ??= import('../../stacks/reference-setup.js') as Promise<{ synthReferenceSetup: Synth }>;
    pending = referenceModule.then((m) => [m.synthReferenceSetup(variant)]);
  }
  cache.set(key, pending);
  pending.then(
    () => settled.add(key),
    () => settled.add(key),
  );
  return pending;
}
