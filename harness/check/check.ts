/**
 * `xacct check`: apply a setup, derive from every pipeline in the world the hops its run makes, make each hop as its
 * principal through the emulator, then prove each grant those hops rest on needed (a copy of the world without it
 * breaks a hop, shown with the error the pipeline would then get) or not, and probe what must stay refused.
 * Each grant's proof runs in its own copy of the world applied once; copies are cheap, so the proof is linear in
 * the number of grants.
 */
import type { PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { Emulator } from '../core/emulator.js';
import { serviceCatalog } from '../services/registry.js';
import { copyWorld, NotCopyable } from '../world/snapshot.js';
import { InProcessHandler } from '../transport/in-process.js';
import { rootPrincipal } from '../world/principal.js';
import { ROOT_SECRET, type World, type AccountSpec } from '../world/world.js';
import { startEmulator } from '../index.js';
import { settleCreationExecutions } from '../runner/creation-executions.js';
import { stackPlaceholdersIn } from '../runner/not-emulated.js';
import type { BackendWorld } from '../runner/scenario.js';
import { applierFor, synthesize, type SetupVariant, type StacksSource } from '../runner/setup.js';
import { administrationNote, GrantCollector, removing } from './grants.js';
import { deployedTemplateParameters } from './deployed-templates.js';
import { eventHops, type RuleTarget } from './event-hops.js';
import { pipelineHops, projectInfoOf, type Hop, type HopLookups, type PipelineRef, type ProjectInfo } from './hops.js';
import { mustRefuse } from './probes.js';
import { runHops, seedSources, type HopRun } from './run-hops.js';
import type { CheckReport, GrantResult, HopResult } from './types.js';

export interface CheckOptions {
  /** The setup to apply: the bundled reference setup (default) or a user's stacks module. */
  stacks?: StacksSource;
  /** The variant of the setup (the reference setup's parameters, or what a user's module takes). */
  setup?: SetupVariant;
  /**
   * A world already built (applied, then changed by hand) to check instead of applying a setup; it is not changed.
   * Placeholders in its CloudFormation stacks keep it from passing, as those of a setup check applies do; which of
   * its resources a Terraform applier left as placeholders it cannot tell (the applier alone knows).
   */
  world?: World;
  /** Only these pipelines (by name); default every pipeline in the world. */
  pipelines?: string[];
  /** Accounts the world holds besides those the setup's providers name. */
  accounts?: AccountSpec[];
  region?: string;
  /** Told what the check is doing, for progress on stderr. */
  onProgress?: (message: string) => void;
  /** Grant proofs in flight at once (each in its own copy of the world). */
  concurrency?: number;
}

const DEFAULT_ACCOUNTS: AccountSpec[] = [
  { name: 'pipeline', id: '111111111111' },
  { name: 'target', id: '222222222222' },
];

interface ApplyModule {
  apply(tf: object[], opts: { resolver: { clientConfig(accountId: string): unknown }; onProgress?: (e: { type: string; message?: string }) => void }): Promise<unknown>;
  planAll(docs: object[]): Array<{ nodes: Array<{ provider: { account: string } }> }>;
}

/**
 * The setup applied to a fresh world: the world as it stands after apply. The applier's "not emulated" notes (a
 * Terraform resource type xacct does not model, applied as a placeholder) are added to `notEmulated` when given.
 */
export async function applySetup(opts: Pick<CheckOptions, 'stacks' | 'setup' | 'accounts' | 'region'> = {}, notEmulated?: string[]): Promise<World> {
  const accounts = [...(opts.accounts ?? DEFAULT_ACCOUNTS)];
  // The CDK CLI deploys environment-agnostic stacks to its credentials' account and region: here the first account's.
  const stacks = opts.stacks?.kind === 'cdk-assembly' ? { ...opts.stacks, account: opts.stacks.account ?? accounts[0]!.id, region: opts.stacks.region ?? opts.region ?? 'us-east-1' } : opts.stacks;
  const docs = await synthesize(opts.setup ?? {}, stacks);
  const { apply, planAll } = (await applierFor(stacks)) as unknown as ApplyModule;
  for (const p of planAll(docs)) for (const n of p.nodes) if (n.provider.account && !accounts.some((a) => a.id === n.provider.account)) accounts.push({ name: `account-${n.provider.account}`, id: n.provider.account });
  const emu = await startEmulator({ accounts, region: opts.region });
  try {
    const onProgress = (e: { type: string; message?: string }) => void (e.type === 'note' && e.message?.startsWith('not emulated:') && notEmulated?.push(e.message));
    await apply(docs, { resolver: { clientConfig: (id: string) => emu.clientConfig(id) }, onProgress });
    // Each pipeline created started its first run, as in AWS: the world is copied once those runs have ended.
    const world = { has: (service: string) => emu.emulator.services.has(service), clientConfig: (id: string) => emu.clientConfig(id) };
    await settleCreationExecutions(world as unknown as BackendWorld, accounts.map((a) => a.id));
    return emu.emulator.world;
  } finally {
    await emu.dispose();
  }
}

/** `emulator` as a runner's world: SDK clients that reach it in process, as each account's root. */
function inProcessWorld(emulator: Emulator): BackendWorld {
  const handler = new InProcessHandler(() => emulator, 'https');
  const world = {
    has: (service: string) => emulator.services.has(service),
    clientConfig: (id: string) => ({ endpoint: 'https://xacct.local', region: emulator.region, credentials: { accessKeyId: id, secretAccessKey: ROOT_SECRET }, maxAttempts: 1, requestHandler: handler }),
  };
  return world as unknown as BackendWorld;
}

/**
 * Waits for the executions `emulator`'s pipelines are running to end: seeding a repository's branch is a push, which
 * starts the pipeline through its EventBridge rule as in AWS (a CDK Pipelines app's CodeCommit source), and a running
 * execution holds promises a copy of the world cannot keep.
 */
async function settleExecutions(emulator: Emulator): Promise<void> {
  await settleCreationExecutions(inProcessWorld(emulator), emulator.world.specs().map((a) => a.id));
}

/**
 * The "not emulated" notes of the placeholders in the world's CloudFormation stacks, however the world was built
 * (applied here, or given): each named with the mark CloudFormation gives it (runner/not-emulated.ts).
 */
async function stackPlaceholderNotes(emulator: Emulator): Promise<string[]> {
  const found = await stackPlaceholdersIn(inProcessWorld(emulator), emulator.world.specs().map((a) => a.id));
  return found.map((p) => `not emulated: ${p.account}/${p.stack}/${p.logicalId} (${p.type}) is a placeholder: ${p.reason}`);
}

/** Every pipeline of every account, as GetPipeline answers its owner. */
async function pipelinesOf(emulator: Emulator, only: string[] | undefined): Promise<PipelineRef[]> {
  const refs: PipelineRef[] = [];
  for (const { id } of emulator.world.specs()) {
    const root = rootPrincipal(id);
    const listed = (await emulator.invokeAs(root, 'codepipeline', 'ListPipelines', {})) as { pipelines?: Array<{ name?: string }> };
    for (const { name } of listed.pipelines ?? []) {
      if (only && !only.includes(name!)) continue;
      const out = (await emulator.invokeAs(root, 'codepipeline', 'GetPipeline', { name })) as { pipeline?: PipelineDeclaration };
      refs.push({ account: id, declaration: out.pipeline! });
    }
  }
  return refs;
}

/** Calls an operation as each account's root, when the service is emulated; nothing when it is not. */
async function eachAccount<O>(emulator: Emulator, service: string, f: (call: (operation: string, input: unknown) => Promise<O>, account: string) => Promise<void>): Promise<void> {
  if (!emulator.services.has(service)) return;
  for (const { id } of emulator.world.specs()) await f((operation, input) => emulator.invokeAs(rootPrincipal(id), service, operation, input) as Promise<O>, id);
}

/** Every CodeBuild project of every account, as BatchGetProjects describes it. */
async function lookupsOf(emulator: Emulator): Promise<HopLookups> {
  const projects = new Map<string, ProjectInfo>();
  type Projects = { projects?: Array<string | { name?: string; serviceRole?: string; encryptionKey?: string }> };
  await eachAccount<Projects>(emulator, 'codebuild', async (call, account) => {
    const names = ((await call('ListProjects', {})).projects ?? []) as string[];
    if (names.length === 0) return;
    for (const p of ((await call('BatchGetProjects', { names })).projects ?? []) as Array<{ name?: string; serviceRole?: string; encryptionKey?: string }>) {
      projects.set(`${account}/${p.name}`, projectInfoOf(p));
    }
  });
  return { project: (account, name) => projects.get(`${account}/${name}`) };
}

/** Every target of every rule on every bus of every account. */
async function ruleTargets(emulator: Emulator): Promise<RuleTarget[]> {
  const found: RuleTarget[] = [];
  await eachAccount<Record<string, unknown>>(emulator, 'events', async (call, account) => {
    const buses = ((await call('ListEventBuses', {}))['EventBuses'] ?? []) as Array<{ Name?: string; Arn?: string }>;
    for (const bus of buses) {
      const rules = ((await call('ListRules', { EventBusName: bus.Name }))['Rules'] ?? []) as Array<{ Name?: string; Arn?: string; State?: string }>;
      for (const rule of rules.filter((r) => r.State !== 'DISABLED')) {
        const targets = ((await call('ListTargetsByRule', { Rule: rule.Name, EventBusName: bus.Name }))['Targets'] ?? []) as Array<{ Arn?: string; RoleArn?: string }>;
        for (const t of targets) found.push({ account, rule: rule.Name!, ruleArn: rule.Arn!, busArn: bus.Arn!, targetArn: t.Arn!, ...(t.RoleArn ? { roleArn: t.RoleArn } : {}) });
      }
    }
  });
  return found;
}

/** S3 ARNs name no account: each hop on a bucket is placed in the account that owns it (ListBuckets of each). */
async function placeBuckets(emulator: Emulator, hops: Hop[]): Promise<void> {
  const owner = new Map<string, string>();
  for (const { id } of emulator.world.specs()) {
    const out = (await emulator.invokeAs(rootPrincipal(id), 's3', 'ListBuckets', {})) as { Buckets?: Array<{ Name?: string }> };
    for (const b of out.Buckets ?? []) owner.set(b.Name!, id);
  }
  for (const hop of hops) {
    const bucket = /^arn:aws[\w-]*:s3:::([^/]+)/.exec(hop.plan.resource)?.[1];
    if (bucket && owner.has(bucket)) hop.plan.resourceAccount = owner.get(bucket);
  }
}

/** An emulator on a copy of `world`: what it does there leaves `world` as it was. */
export function emulatorOn(world: World, region?: string): Emulator {
  const emulator = new Emulator({ services: serviceCatalog(), region, log: () => undefined });
  try {
    emulator.world = copyWorld(world);
  } catch (e) {
    // Say what the path means: work still running in the applied world (world/snapshot.ts refuses its promises).
    if (e instanceof NotCopyable) throw new NotCopyable(`check cannot copy the applied world while work in it still runs (a pipeline execution, an approval, a stack operation): ${e.message}`);
    throw e;
  }
  return emulator;
}

async function mapLimit<T, R>(items: T[], limit: number, f: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export async function check(opts: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  const progress = opts.onProgress ?? (() => undefined);
  const notes: string[] = [];
  if (!opts.world) progress('applying the setup');
  const placeholders: string[] = [];
  const applied = opts.world ?? (await applySetup(opts, placeholders));
  const setup = emulatorOn(applied, opts.region);
  // A setup that holds placeholders is not what AWS would have: its check is never a pass (README "not emulated").
  // The Terraform applier's are known only when check applied the setup; CloudFormation's are read from the world.
  placeholders.push(...(await stackPlaceholderNotes(setup)));
  notes.push(...placeholders);
  const pipelines = await pipelinesOf(setup, opts.pipelines);
  if (opts.pipelines) {
    const missing = opts.pipelines.filter((n) => !pipelines.some((p) => p.declaration.name === n));
    if (missing.length > 0) throw new Error(`no pipeline named ${missing.join(', ')} in the applied setup (it has: ${(await pipelinesOf(setup, undefined)).map((p) => p.declaration.name).join(', ') || 'none'})`);
  }
  const parameters = await deployedTemplateParameters(setup, pipelines);
  const lookups: HopLookups = { ...(await lookupsOf(setup)), ssmParameters: (account, pipeline, stage, action) => parameters.get(`${account}/${pipeline}/${stage}/${action}`) };
  const targets = await ruleTargets(setup);
  const hops: Hop[] = pipelines.flatMap((p) => [...eventHops(p, setup.region, targets), ...pipelineHops(p, setup.region, lookups)]);
  await placeBuckets(setup, hops);
  await seedSources(setup, hops);
  await settleExecutions(setup);
  const seed = setup.world;

  progress(`making ${hops.length} hops of ${pipelines.length} pipeline(s)`);
  const collector = new GrantCollector();
  const baseline: HopRun = { emulator: emulatorOn(seed, opts.region), sessions: new Map(), artifacts: new Map() };
  baseline.emulator.authorizationLens = collector.lens;
  const hopResults = await runHops(baseline, hops);
  baseline.emulator.authorizationLens = undefined;

  const grants = collector.grants();
  const mutationsStarted = performance.now();
  let done = 0;
  const grantResults = await mapLimit(grants, opts.concurrency ?? 4, async (grant): Promise<GrantResult> => {
    const run: HopRun = { emulator: emulatorOn(seed, opts.region), sessions: new Map(), artifacts: new Map() };
    run.emulator.authorizationLens = removing(grant);
    const without = await runHops(run, hops);
    progress(`proving grants: ${++done}/${grants.length}`);
    const neededBy = without
      .map((r, i): [HopResult, HopResult] => [hopResults[i]!, r])
      .filter(([before, after]) => before.outcome === 'allowed' && after.outcome === 'refused')
      .map(([, after]) => ({ hop: after.id, title: after.title, error: after.error }));
    if (neededBy.length > 0) return { ...grant, verdict: 'needed', neededBy };
    const note = administrationNote(grant, collector.statementOf(grant));
    return note ? { ...grant, verdict: 'administration', neededBy, note } : { ...grant, verdict: 'not-needed', neededBy };
  });
  const mutationSeconds = (performance.now() - mutationsStarted) / 1000;

  progress('probing what must stay refused');
  const probes = await mustRefuse(baseline, pipelines, hops);
  if (pipelines.length === 0) notes.push('the applied setup has no pipeline: there is nothing to check');
  // A hop that did not get through makes no request its grants could be proven by: what only it needs reads as not
  // needed. Say so, so a refused source does not pass for a list of grants to remove.
  const refused = hopResults.filter((h) => h.outcome === 'refused').length;
  const blocked = hopResults.filter((h) => h.outcome === 'blocked').length;
  if (refused + blocked > 0 && grantResults.some((g) => g.verdict === 'not-needed')) {
    notes.push(
      `${refused + blocked} of ${hopResults.length} hops did not get through (${refused} refused, ${blocked} blocked): a grant only they would use shows as not needed; allow the refused hops and check again before removing grants`,
    );
  }

  if (placeholders.length > 0) notes.push(`not emulated: the setup holds ${placeholders.length} placeholder(s) for resource types xacct does not model, so the check is not a pass`);
  const passed = hopResults.every((h) => h.outcome === 'allowed') && probes.every((p) => p.outcome === 'held') && pipelines.length > 0 && placeholders.length === 0;
  return {
    accounts: seed.specs().map((a) => a.id),
    pipelines: pipelines.map((p) => ({ account: p.account, name: p.declaration.name! })),
    hops: hopResults,
    grants: grantResults,
    mustRefuse: probes,
    passed,
    stats: {
      durationMs: Math.round(performance.now() - started),
      mutations: grants.length,
      mutationsPerSecond: grants.length === 0 ? 0 : Math.round(grants.length / Math.max(mutationSeconds, 1e-3)),
    },
    notes,
  };
}
