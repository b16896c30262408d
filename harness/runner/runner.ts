/**
 * The runner's engine: for each scenario, a fresh world on the backend, the setup applied, the hand-off steps run
 * in order, and the outcome compared with the expectation. Independent scenarios run concurrently.
 */
import { resolveOptions } from '../../stacks/options.js';
import { ApplyResourceError } from '../apply/errors.js';
import type { Backend } from './backends/backend.js';
import { compare, resolveExpectation } from './expectation.js';
import { isNotApplicable, isNotProvable, isStepFailure } from './handoff.js';
import { deriveNames, deriveNamesFromWorld } from './derive-names.js';
import { handoffNames, type HandoffNames } from './names.js';
import { placeholdersIn } from './not-emulated.js';
import { applyMutations } from './mutations.js';
import type { ApplyResult } from '../apply/types.js';
import type { ClientConfig } from '../index.js';
import { settleCreationExecutions } from './creation-executions.js';
import type { ActualError, BackendWorld, Explanation, Scenario, ScenarioResult, StepContext, StepResult, SuppliedSource, WorldState } from './scenario.js';
import type { AccountSpec } from '../world/world.js';
import type { SuppliedBuildOutput } from '../services/codebuild/store.js';
import { NotCopyable } from '../world/snapshot.js';
import { applierFor, isSynthesized, prefetch, synthesize, type StacksSource } from './setup.js';

export interface LoadedScenario {
  scenario: Scenario;
  file?: string;
}

export type ProgressEvent =
  | { type: 'start'; name: string; index: number; total: number }
  | { type: 'done'; name: string; index: number; total: number; result: ScenarioResult };

export interface RunOptions {
  backend: Backend;
  /** Whose stacks to apply: the bundled reference setup (default) or a user's CDKTF module. */
  stacks?: StacksSource;
  concurrency?: number;
  onProgress?: (e: ProgressEvent) => void;
  /** CodeBuild builds of every scenario run their buildspec commands (`xacct run --run-builds`). */
  runBuilds?: boolean;
  /** Repository content for every scenario's source actions (`xacct run --source`), before each scenario's own. */
  sources?: SuppliedSource[];
  /** What builds whose commands are not run would have made (`xacct run --build-output PROJECT=DIR`). */
  buildOutputs?: SuppliedBuildOutput[];
  /**
   * Act on the world the backend holds, built by hand (`xacct run --no-reset`): no setup applied, the names derived
   * from the pipelines in that world. A scenario that needs a setup variant is not applicable there.
   */
  noReset?: boolean;
}

interface ApplyModule {
  apply(tf: object[], opts: { resolver: { clientConfig(accountId: string): ClientConfig }; onProgress?: (e: { type: string; message?: string }) => void }): Promise<ApplyResult>;
  planAll(docs: object[]): Array<{ nodes: Array<{ provider: { account: string } }> }>;
}
let applyModule: Promise<ApplyModule> | undefined;

function awsErrorOf(e: unknown): ActualError | undefined {
  if (isStepFailure(e)) return { code: e.code, status: e.status, message: e.message };
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string }; $fault?: string };
  if (err && err.$metadata && typeof err.name === 'string') {
    return { code: err.name, status: err.$metadata.httpStatusCode, message: err.message ?? '', requestId: err.$metadata.requestId };
  }
  return undefined;
}

/** The accounts the synthesized providers target, so the world has them before anything is applied (by document set). */
const targetAccounts = new WeakMap<object, string[]>();

function accountsOf(docs: object[], planAll: (docs: object[]) => Array<{ nodes: Array<{ provider: { account: string } }> }>): string[] {
  let ids = targetAccounts.get(docs);
  if (!ids) targetAccounts.set(docs, (ids = [...new Set(planAll(docs).flatMap((p) => p.nodes.map((n) => n.provider.account).filter(Boolean)))]));
  return ids;
}

/** A setup as applied once: a copy of the world right after apply, what the applier returned, the names read from it. */
interface Seed {
  state: WorldState;
  applied: ApplyResult;
  names: HandoffNames;
}

/**
 * Applied setups a run reuses, by backend, synthesized documents (memoised per variant, so the same object for the
 * same variant) and accounts. The first scenario with a setup claims it, applies it and publishes a copy; later
 * ones wait for it and start from their own copy, or apply the setup themselves when the first published none.
 */
const seeds = new WeakMap<Backend, WeakMap<object, Map<string, Promise<Seed | undefined>>>>();

/**
 * Either the setup another scenario is applying or has applied (`wait`), or the claim to apply it and `publish` what
 * the others start from (a copy, or undefined when there is none: each then applies the setup itself).
 */
function claimSeed(backend: Backend, docs: object, accounts: AccountSpec[]): { wait: Promise<Seed | undefined> } | { publish: (seed: Seed | undefined) => void } {
  let byDocs = seeds.get(backend);
  if (!byDocs) seeds.set(backend, (byDocs = new WeakMap()));
  let byAccounts = byDocs.get(docs);
  if (!byAccounts) byDocs.set(docs, (byAccounts = new Map()));
  const key = JSON.stringify(accounts);
  const pending = byAccounts.get(key);
  if (pending) return { wait: pending };
  let resolve!: (seed: Seed | undefined) => void;
  byAccounts.set(key, new Promise<Seed | undefined>((r) => (resolve = r)));
  const map = byAccounts;
  return {
    publish(seed) {
      if (!seed) map.delete(key);
      resolve(seed);
    },
  };
}

async function seedOf(world: BackendWorld, applied: ApplyResult, names: HandoffNames): Promise<Seed | undefined> {
  try {
    return { state: await world.snapshot!(), applied, names };
  } catch (e) {
    if (e instanceof NotCopyable) return undefined;
    throw e;
  }
}

/** Supplies the run's and the scenario's repository content to a fresh world, before anything is applied. */
async function supplySources(world: BackendWorld, backend: Backend, sources: SuppliedSource[]): Promise<void> {
  if (sources.length === 0) return;
  if (!world.supplySource) throw new Error(`the ${backend.name} backend cannot take supplied repository content (--source, a scenario's sources)`);
  for (const source of sources) await world.supplySource(source);
}

/**
 * The outputs builds whose commands are not run take: the user's (`--build-output`), and, for a CDK app, its cloud
 * assembly as the `cdk.out` its pipeline's synth step would make (CDK Pipelines' primaryOutputDirectory default:
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.pipelines.ShellStep.html): the assembly given to --stacks
 * is what `npx cdk synth` made.
 */
function buildOutputsFor(stacks: StacksSource, given: SuppliedBuildOutput[] = []): SuppliedBuildOutput[] {
  return stacks.kind === 'cdk-assembly' ? [...given, { directory: 'cdk.out', path: stacks.dir }] : given;
}

export async function runScenario(
  loaded: LoadedScenario,
  backend: Backend,
  stacks: StacksSource = { kind: 'reference' },
  opts: { runBuilds?: boolean; sources?: SuppliedSource[]; noReset?: boolean; buildOutputs?: SuppliedBuildOutput[] } = {},
): Promise<ScenarioResult> {
  const { scenario } = loaded;
  const worldOptions = { runBuilds: opts.runBuilds || scenario.runBuilds, buildOutputs: buildOutputsFor(stacks, opts.buildOutputs) };
  const sources = [...(opts.sources ?? []), ...(scenario.sources ?? [])];
  const started = performance.now();
  const options = resolveOptions(scenario.setup);
  const base = handoffNames(options);
  const result: ScenarioResult = {
    name: scenario.name,
    title: scenario.title,
    file: loaded.file,
    source: scenario.source,
    status: 'error',
    durationMs: 0,
    expected: resolveExpectation(scenario.expect, base),
    steps: scenario.steps.map((s) => ({ id: s.id, title: s.title, principal: s.principal(base), status: 'not-run' as const })),
    diff: [],
    notes: [],
  };
  let world: BackendWorld | undefined;
  let placeholders: string[] = [];
  /** The Terraform applier's placeholders ("<account>/<address> (<type>)"), kept with the applied world. */
  let appliedPlaceholders: string[] = [];
  // What the scenario needs beyond IAM enforcement and builds (reported below as before): without it, its steps
  // cannot show what they check, so it is not run.
  const lacking = (scenario.needs ?? []).filter((c) => c !== 'enforcesIam' && c !== 'runsBuilds' && !backend.capabilities[c]);
  /** Mutations, then the steps, on the applied (or existing) world; compares the outcome with the expectation. */
  const stepThrough = async (world: BackendWorld, names: HandoffNames, accountIds: string[]): Promise<ScenarioResult> => {
    // The scenario's own copy of the names (and of the options inside them): whatever its steps do to them never
    // reaches the applied setup's seed, the scenario's setup object, or another scenario of the run.
    names = structuredClone(names);
    result.expected = resolveExpectation(scenario.expect, names);
    const handle = { ...world, names };
    if (scenario.prepare) {
      try {
        await scenario.prepare(handle);
      } catch (e) {
        // A preparation that finds nothing of its kind (a build stage for an S3-sourced pipeline, on a CodeCommit one).
        if (!isNotApplicable(e)) throw e;
        result.status = 'not-applicable';
        result.notes.push(`not applicable: its preparation found nothing to act for: ${e.message}`);
        return finish();
      }
    }
    if (scenario.mutate?.length) {
      const notApplicable = await applyMutations(handle, scenario.mutate, (text) => result.notes.push(text));
      if (notApplicable) {
        result.notes.push(notApplicable);
        result.status = 'not-applicable';
        return finish();
      }
    }
    const ctx: StepContext = {
      world: handle,
      names,
      sessions: new Map(),
      state: new Map(),
      note: (text) => result.notes.push(text),
    };
    for (let i = 0; i < scenario.steps.length; i++) {
      const step = scenario.steps[i]!;
      const stepResult = result.steps[i] as StepResult;
      stepResult.principal = step.principal(names);
      if (step.titleFor) stepResult.title = step.titleFor(names);
      try {
        await step.run(ctx);
        stepResult.status = 'ok';
      } catch (e) {
        if (isNotApplicable(e)) {
          stepResult.status = 'not-run';
          result.status = 'not-applicable';
          result.notes.push(`not applicable: step "${step.id}" found nothing to act for: ${e.message}`);
          return finish();
        }
        if (isNotProvable(e)) {
          stepResult.status = 'not-run';
          result.status = 'not-provable';
          result.notes.push(`not provable: step "${step.id}" could not show what it checks: ${e.message}`);
          return finish();
        }
        const error = awsErrorOf(e);
        if (!error) throw e;
        stepResult.status = 'failed';
        stepResult.error = error;
        result.stoppedAt = step.id;
        result.error = error;
        let explanation: Explanation | undefined = isStepFailure(e) ? e.explanation : undefined;
        if (!explanation && error.requestId) explanation = await world.explain(error.requestId);
        if (explanation) result.explanation = explanation;
        break;
      }
    }
    // EventBridge delivers silently: a refused hop is shown here, or a step after it would fail without a reason.
    for (const d of (await world.eventDeliveries?.()) ?? []) if (d.outcome === 'failed' && d.explanation) result.notes.push(`EventBridge: ${d.explanation}`);
    placeholders = [...appliedPlaceholders, ...(await placeholdersIn(world, accountIds))];
    result.diff = compare(result.expected, result.stoppedAt, result.error);
    result.status = result.diff.length === 0 ? 'passed' : 'failed';
    return finish();
  };
  /** `--no-reset`: the steps on the world as built by hand, its names read from the pipelines it holds. */
  const onExistingWorld = async (): Promise<ScenarioResult> => {
    if (!backend.existingWorld) throw new Error(`the ${backend.name} backend cannot act on an existing world (--no-reset needs a running xacct serve)`);
    if (scenario.setup && Object.keys(scenario.setup).length > 0) {
      result.status = 'not-applicable';
      result.notes.push('not applicable: its setup variant must be applied, and --no-reset applies nothing (a scenario with mutations instead works on any world)');
      return finish();
    }
    if (sources.length > 0) throw new Error('--no-reset cannot supply repository content to a world built by hand');
    const existing = await backend.existingWorld();
    world = existing.world;
    const names = { ...(await deriveNamesFromWorld(world, existing.accounts, options)), userSetup: true };
    return stepThrough(world, names, existing.accounts);
  };
  const finish = (): ScenarioResult => {
    if (placeholders.length > 0) {
      result.notes.push(`not emulated: the world held placeholders for resources xacct does not model: ${placeholders.join(', ')}`);
      // A met expectation that leaned on a stand-in proves less than a pass: never counted as passed.
      if (result.status === 'passed') result.status = 'not-emulated';
    }
    const needsEnforcement = scenario.expect.outcome === 'denied' || (scenario.needs ?? []).includes('enforcesIam');
    if (needsEnforcement && !backend.capabilities.enforcesIam) {
      result.status = 'not-provable';
      result.notes.push(`not provable on the ${backend.name} backend: it does not enforce IAM, so a refusal (or its absence) proves nothing`);
    }
    if (lacking.length > 0) {
      result.status = 'not-provable';
      result.notes.push(`not provable on the ${backend.name} backend: the scenario needs ${lacking.join(', ')}, which it lacks`);
    }
    if (worldOptions.runBuilds && !backend.capabilities.runsBuilds) {
      result.status = 'not-provable';
      result.notes.push(`not provable on the ${backend.name} backend: it cannot run buildspec commands (the embedded backend's --run-builds), so the builds proved nothing`);
    }
    return result;
  };
  try {
    if (lacking.length > 0) return finish();
    if (opts.noReset) return await onExistingWorld();
    const tf = await synthesize(scenario.setup, stacks);
    const refused = backend.refuseSetup?.(tf);
    if (refused) throw new Error(refused);
    const { apply, planAll } = await (stacks.kind === 'cloudformation-plan' || stacks.kind === 'cdk-assembly' ? applierFor(stacks) : (applyModule ??= import('../apply/index.js') as unknown as Promise<ApplyModule>));
    const accounts = [{ name: 'pipeline', id: options.pipelineAccount }, { name: 'target', id: options.targetAccount }, ...(scenario.extraAccounts ?? [])];
    for (const id of accountsOf(tf, planAll)) if (!accounts.some((a) => a.id === id)) accounts.push({ name: `account-${id}`, id });
    let applied: ApplyResult;
    let names: HandoffNames;
    try {
      // A scenario's own sources make its applied world its own (the creation's runs read them): it is not shared.
      const claim = backend.copiesWorlds && !scenario.sources?.length ? claimSeed(backend, tf, accounts) : undefined;
      const seed = claim && 'wait' in claim ? await claim.wait : undefined;
      if (seed) {
        // Another scenario of this run applied the same setup: its world, copied before any step ran.
        world = await backend.newWorld(accounts, seed.state, worldOptions);
        await supplySources(world, backend, sources);
        applied = seed.applied;
        names = seed.names;
      } else {
        const publish = claim && 'publish' in claim ? claim.publish : undefined;
        try {
          world = await backend.newWorld(accounts, undefined, worldOptions);
          const w = world;
          await supplySources(w, backend, sources);
          // Terraform's warnings and the roles xacct creates for a provider's assume_role are the report's notes.
          const onProgress = (e: { type: string; message?: string }) => void (e.type === 'note' && e.message && result.notes.push(e.message));
          applied = await apply(tf, { resolver: { clientConfig: (id: string) => w.clientConfig(id) }, onProgress });
          // Each pipeline created started its first run (as in AWS): let it end before copying or stepping.
          await settleCreationExecutions(w, accounts.map((a) => a.id));
          // Read before any step runs, so the copy and the names describe the world exactly as applied.
          names = { ...(await deriveNames(w, applied, options)), ...(stacks.kind === 'reference' ? {} : { userSetup: true }) };
          publish?.(w.snapshot ? await seedOf(w, applied, names) : undefined);
        } catch (e) {
          publish?.(undefined);
          throw e;
        }
      }
    } catch (e) {
      // AWS refusing part of the setup (CodePipeline validating the roles, IAM validating a policy) is an outcome a
      // scenario may expect, at the pseudo-step "apply".
      if (!(e instanceof ApplyResourceError) || e.statusCode === undefined) throw e;
      result.stoppedAt = 'apply';
      result.error = { code: e.code, status: e.statusCode, message: e.awsMessage };
      result.notes.push(`the setup was refused while creating ${e.address}`);
      result.diff = compare(result.expected, result.stoppedAt, result.error);
      result.status = result.diff.length === 0 ? 'passed' : 'failed';
      return finish();
    }
    appliedPlaceholders = applied.resources.filter((r) => r.notEmulated !== undefined).map((r) => `${r.account}/${r.address} (${r.type})`);
    return await stepThrough(world, names, accounts.map((a) => a.id));
  } catch (e) {
    result.status = 'error';
    result.diff = [`the scenario could not run: ${e instanceof Error ? e.message : String(e)}`];
  } finally {
    await world?.dispose();
    result.durationMs = Math.round(performance.now() - started);
  }
  return result;
}

export async function runScenarios(list: LoadedScenario[], opts: RunOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array(list.length);
  prefetch(
    list.map((l) => l.scenario.setup ?? {}),
    opts.stacks,
  );
  // While the first setups synthesize, load the applier they need (a failure to load is reported by the scenarios
  // that use it, not as an unhandled rejection when none gets that far).
  applyModule ??= import('../apply/index.js') as unknown as Promise<ApplyModule>;
  applyModule.catch(() => undefined);
  const concurrency = opts.backend.concurrent ? Math.max(1, opts.concurrency ?? 4) : 1;
  // Scenarios start in order, except that one whose setup is already synthesized goes before one still waiting for
  // its synthesis (on the worker thread): this thread keeps working while the worker catches up.
  const waiting = list.map((_, i) => i);
  const nextIndex = (): number => {
    const ready = waiting.findIndex((i) => isSynthesized(list[i]!.scenario.setup, opts.stacks));
    return waiting.splice(Math.max(0, ready), 1)[0]!;
  };
  const worker = async () => {
    while (waiting.length > 0) {
      const index = nextIndex();
      const loaded = list[index]!;
      opts.onProgress?.({ type: 'start', name: loaded.scenario.name, index, total: list.length });
      const result = await runScenario(loaded, opts.backend, opts.stacks, { runBuilds: opts.runBuilds, sources: opts.sources, noReset: opts.noReset, buildOutputs: opts.buildOutputs });
      results[index] = result;
      opts.onProgress?.({ type: 'done', name: loaded.scenario.name, index, total: list.length, result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  return results;
}
