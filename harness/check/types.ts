/**
 * What `xacct check` proves and reports: the hops every pipeline in the world makes, each run as its principal;
 * the grants those hops rest on, each removed once to prove it needed (or not); and the requests that must stay
 * refused. The same data feeds the table, JSON, JUnit and HTML reports and the `toPassCheck()` matcher.
 */

export interface CheckError {
  code: string;
  status?: number;
  message: string;
}

export type HopKind =
  | 'service-assumes-role'
  | 'assume-role'
  | 'read-source'
  | 'write-artifact'
  | 'read-artifact'
  | 'pass-role'
  | 'deploy-write'
  | 'start-build'
  | 'start-pipeline'
  | 'put-events'
  | 'read-parameters';

/** One request a pipeline's run makes, as the principal that makes it. */
export interface HopPlan {
  /** Stable within a check: `<pipeline account>/<pipeline>/<stage>/<action>/<what>`. */
  id: string;
  kind: HopKind;
  title: string;
  pipeline: string;
  pipelineAccount: string;
  stage?: string;
  action?: string;
  /** Who makes it: a role ARN (its session), or a service principal. */
  principal: string;
  principalAccount?: string;
  /** What it is made on: a role, a bucket/key, a KMS key. */
  resource: string;
  resourceAccount?: string;
  /** The KMS key the hop encrypts or decrypts with, when it does. */
  key?: string;
}

export type HopOutcome = 'allowed' | 'refused' | 'blocked';

export interface HopResult extends HopPlan {
  outcome: HopOutcome;
  /** The refusal AWS answers (`refused`), or why the hop could not be made (`blocked`: an earlier hop it needs failed). */
  error?: CheckError;
  explanation?: string;
  fix?: string;
}

export type GrantVerdict = 'needed' | 'not-needed' | 'administration';

/** One grant a hop rests on: an Allow statement, or one principal or one action of it. */
export interface Grant {
  /** The policy as the engine names it (a key ARN, `bucket policy of …`, `trust policy of …`, a managed policy ARN). */
  policy: string;
  /** identity, resource (bucket, key, trust), permissions boundary, SCP… */
  policyType: string;
  /** Sid, or `#<index>`. */
  statement: string;
  /** Set when the grant is one principal of a statement that names several. */
  principal?: string;
  /** Set when the grant is one action of a statement that lists several. */
  action?: string;
}

export interface GrantResult extends Grant {
  verdict: GrantVerdict;
  /** The hops that fail without it, with the error each would then get. */
  neededBy: Array<{ hop: string; title: string; error?: CheckError }>;
  /** Why a grant is labelled administration. */
  note?: string;
}

export interface ProbeResult {
  id: string;
  title: string;
  principal: string;
  resource: string;
  /** `held`: refused as it must be; `open`: it was allowed. */
  outcome: 'held' | 'open';
  error?: CheckError;
  fix?: string;
}

export interface CheckReport {
  accounts: string[];
  pipelines: Array<{ account: string; name: string }>;
  hops: HopResult[];
  grants: GrantResult[];
  mustRefuse: ProbeResult[];
  /** Whether every hop is allowed, every must-refuse holds, and the setup holds no "not emulated" placeholder. */
  passed: boolean;
  stats: { durationMs: number; mutations: number; mutationsPerSecond: number };
  notes: string[];
}
