/**
 * What a scenario is: one file in scenarios/ that names its source, the setup (the reference stacks or a variant
 * with one grant removed or changed), the steps of the artifact hand-off, and the expected outcome — success, or
 * a refusal at a named step with AWS's error code, HTTP status and message.
 */
import type { ClientConfig, Credentials } from '../index.js';
import type { PrincipalInfo } from '../iam/types.js';
import type { HandoffNames } from './names.js';
import type { SuppliedSource } from '../services/codepipeline/supplied-sources.js';

export type { SuppliedSource };

export interface ScenarioSource {
  /** Human title of the document the case comes from. */
  title: string;
  /** A file in shared/seeds/ or a public URL. */
  seed?: string;
  url?: string;
}

/** What the backend must be able to do for a scenario's outcome to prove anything. */
/** `runsBuilds`: CodeBuild builds can run their buildspec commands (`--run-builds`, the embedded backend). */
/** `eventDeliveries`: EventBridge's deliveries (and their refused hops) can be read (BackendWorld.eventDeliveries). */
export type Capability = 'enforcesIam' | 'codepipelineExecutions' | 'cloudformation' | 'runsBuilds' | 'eventDeliveries';

/**
 * One delivery of an event by a rule to a target, as the emulator records it: AWS delivers silently, so this is
 * where a refused hop (its error, its denial's request id) is seen, besides the rule's FailedInvocations.
 */
export type { Delivery as EventDelivery } from '../services/events/delivery.js';

/** A principal and one authorization, for the engine-checked steps. */
export interface DecideInput {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  /** Evaluate against this role's trust policy (for sts:AssumeRole by a service principal). */
  trustOf?: string;
}

export interface DecideOutput {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** AWS's words for the denial, as the named service would say them ('' when allowed). */
  message: string;
  explanation: Explanation;
}

/** One fresh world on a backend: what steps and the applier need. */
export interface BackendWorld {
  endpoint: string;
  region: string;
  clientConfig(accountId: string): ClientConfig;
  configFor(credentials: Credentials, opts?: { insecure?: boolean }): ClientConfig;
  assumeRoleAsService(roleArn: string, service: string, sessionName?: string): Promise<ClientConfig>;
  /** The engine's record of why a request was denied, when the backend can tell. */
  explain(requestId: string): Promise<Explanation | undefined>;
  /** Whether the backend emulates a service (e.g. cloudformation). */
  has(service: string): boolean;
  /** Who a client config signs as. */
  whoAmI(config: ClientConfig): Promise<{ account: string; principal: PrincipalInfo }>;
  /** The engine's verdict without a request, for steps the backend cannot run (absent when it has no engine). */
  decide?(principal: PrincipalInfo, check: DecideInput, service: string): Promise<DecideOutput>;
  /**
   * A copy of the world's state as it is now, from which the backend's newWorld builds another world (the embedded
   * emulator and a running `xacct serve` can; other endpoints cannot). Rejects with NotCopyable when the state
   * cannot be copied.
   */
  snapshot?(): Promise<WorldState>;
  /**
   * Makes repository content available to source actions whose repository is outside AWS (CodeStar connections,
   * GitHub version 1), as `xacct run --source` and a scenario's `sources` supply it (the embedded emulator can).
   */
  supplySource?(source: SuppliedSource): Promise<void>;
  /**
   * Waits until the events emitted so far are delivered (with what those deliveries emitted in turn), then returns
   * EventBridge's delivery log, oldest first (the embedded emulator can; AWS itself shows only the rules' metrics).
   */
  eventDeliveries?(): Promise<readonly import('../services/events/delivery.js').Delivery[]>;
  dispose(): Promise<void>;
}

/** A backend's copy of a world's state; only the backend that made it can read it. */
export type WorldState = { readonly kind: 'world-state' };

export interface WorldHandle extends BackendWorld {
  names: HandoffNames;
}

export interface StepContext {
  world: WorldHandle;
  names: HandoffNames;
  /** Client configs of the sessions earlier steps obtained, by name ('pipeline', 'action', …). */
  sessions: Map<string, ClientConfig>;
  /** Values steps hand to later steps (artifact key, bytes written…). */
  state: Map<string, unknown>;
  /** A line for the report (e.g. how a step was checked). */
  note(text: string): void;
}

export interface Step {
  id: string;
  title: string;
  /** The title on the setup the names describe, when it depends on them (who writes the artifact); `title` otherwise. */
  titleFor?(names: HandoffNames): string;
  /** Who performs the step, for the report. */
  principal(names: HandoffNames): string;
  run(ctx: StepContext): Promise<void>;
}

export type MessageSpec = string | ((names: HandoffNames) => string);

export type Expectation =
  | { outcome: 'success' }
  | {
      outcome: 'denied';
      /** Id of the step that must fail, or 'apply' when AWS must refuse the setup itself. */
      step: string;
      code: string;
      /** HTTP status; `undefined` for failures that have none (a pipeline action's errorDetails). */
      status: number | undefined;
      /** Exact message; `<placeholder>` matches any generated value (ids, request ids). */
      message: MessageSpec;
    };

/**
 * A scenario; `S` is the type of its `setup` object: the reference stacks' switches by default, or a user's own
 * (`defineScenario<MySwitches>({ setup: {...} })`), which their `--stacks` module receives as its variant.
 */
export interface Scenario<S extends object = import('./setup.js').SetupVariant> {
  /** kebab-case id, unique in a run. */
  name: string;
  title: string;
  source: ScenarioSource;
  /** Changes to the setup: the reference setup's parameters (see stacks/), or what a user's stacks module takes. */
  setup?: S;
  /** Accounts beyond the pipeline and target accounts (e.g. a third "repository" account). */
  extraAccounts?: Array<{ name: string; id: string }>;
  /**
   * Changes the applied world before the steps run, as the accounts' roots, for cases the stack's parameters do
   * not cover (a third account's role, a bucket's ownership setting). Runs through the real SDK.
   */
  prepare?: (world: WorldHandle) => Promise<void>;
  /**
   * Negative variants as generic mutations of the applied world (harness/runner/mutations.ts), applied in order
   * after `prepare`: each finds its target from the pipeline's definition, so it works on a user's stacks too. One
   * that finds nothing to change makes the scenario not applicable (never passed).
   */
  mutate?: import('./mutations.js').Mutation[];
  /**
   * Repository content for source actions whose repository xacct cannot reach (a connection's GitHub repository, a
   * GitHub version 1 source): folders or zips, supplied before the setup is applied, so the execution each
   * pipeline's creation starts finds them. Added to what `xacct run --source` supplies.
   */
  sources?: SuppliedSource[];
  steps: Step[];
  expect: Expectation;
  /** Capabilities needed to prove it; negative scenarios need IAM enforcement unless stated. */
  needs?: Capability[];
  /** CodeBuild builds run their buildspec commands (as `xacct run --run-builds` makes every scenario do). */
  runBuilds?: boolean;
}

/**
 * `S` is never inferred from the object (NoInfer): without a type argument the setup is checked against the
 * reference switches, so a misspelt switch is a type error; with one, against the user's own.
 */
export function defineScenario<S extends object = import('./setup.js').SetupVariant>(s: Scenario<NoInfer<S>>): Scenario {
  // The runner hands the setup object to the stacks module as it is; only the reference stacks read its switches.
  return s as unknown as Scenario;
}

export interface Explanation {
  decision: string;
  policyType?: string;
  resourceKind?: string;
  policyName?: string;
  statement?: string;
  explanation: string;
  fix?: string;
}

export interface ActualError {
  code: string;
  status?: number;
  message: string;
  requestId?: string;
}

export interface StepResult {
  id: string;
  title: string;
  principal: string;
  status: 'ok' | 'failed' | 'not-run';
  error?: ActualError;
}

/**
 * 'not-emulated': the expectation was met, but the world held resources xacct only stands in for (placeholders).
 * 'not-applicable': a mutation found nothing to change in the setup (the variant does not exist there).
 */
export type ScenarioStatus = 'passed' | 'failed' | 'not-provable' | 'not-emulated' | 'not-applicable' | 'error';

export interface ScenarioResult {
  name: string;
  title: string;
  file?: string;
  source: ScenarioSource;
  status: ScenarioStatus;
  durationMs: number;
  expected: { outcome: 'success' } | { outcome: 'denied'; step: string; code: string; status: number | undefined; message: string };
  /** Where the hand-off stopped, if it did. */
  stoppedAt?: string;
  error?: ActualError;
  explanation?: Explanation;
  steps: StepResult[];
  /** Lines saying how expected and actual differ, when the scenario failed. */
  diff: string[];
  notes: string[];
}
