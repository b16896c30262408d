/**
 * Negative variants as generic mutations of the applied world (issue 17 item 4): each finds its target from the
 * pipeline's definition (the names the hand-off derives: the artifact key and bucket, the pipeline role, each
 * deploy action's role and deploy role) and changes it through the real SDK as the owning account's root, after the
 * setup is applied and before the steps run. So a bundled negative scenario tests the same failure on a user's own
 * stacks; a mutation that finds nothing to change says what it looked for, and the scenario is not applicable.
 * Policies it edits: key policies (GetKeyPolicy/PutKeyPolicy), the artifact bucket's policy
 * (Get/Put/DeleteBucketPolicy), role trust policies (UpdateAssumeRolePolicy), roles' inline policies
 * (Get/Put/DeleteRolePolicy).
 * Deviations: managed policies attached to a role are not edited (a grant there is reported as not found); a trust
 * policy left with no statement trusts only its own account (IAM refuses an empty trust policy).
 */
import { DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import type { HandoffNames } from './names.js';
import type { WorldHandle } from './scenario.js';

/** What a mutation did: the changes it made, one line each; none means it found nothing to change. */
export interface MutationOutcome {
  changed: string[];
  /** What it looked for, for the report when it changed nothing. */
  lookedFor: string;
}

export interface Mutation {
  /** One line for the report. */
  title: string;
  apply(world: WorldHandle): Promise<MutationOutcome>;
}

/** Who a principal is, from the names: an account (any principal in it), a role, or a service. */
export type PrincipalRef = 'pipeline-account' | 'target-account' | 'pipeline-role' | 'action-role' | { service: string } | { arn: string };

/** Which role a mutation edits. */
export type RoleRef = 'pipeline' | 'action' | 'deploy';

interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: '*' | Record<string, string | string[]>;
  Action?: string | string[];
  Resource?: string | string[];
  [k: string]: unknown;
}

interface PolicyDoc {
  Version?: string;
  Statement: Statement | Statement[];
}

const ACCOUNT_OF_ARN = /^arn:aws:[a-z0-9-]+::(\d{12}):/;
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const unique = (xs: string[]): string[] => [...new Set(xs.filter((x) => x))];
const statements = (d: PolicyDoc): Statement[] => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]);

/** The accounts every cross-account deploy action deploys to. */
function targetAccounts(n: HandoffNames): string[] {
  return unique([n.targetAccount, ...n.targets.map((t) => t.targetAccount)]);
}

function actionRoles(n: HandoffNames): string[] {
  return unique([n.actionRoleArn, ...n.targets.map((t) => t.actionRoleArn)]);
}

function rolesOf(n: HandoffNames, role: RoleRef): string[] {
  if (role === 'pipeline') return [n.pipelineRoleArn];
  if (role === 'action') return actionRoles(n);
  return unique([n.deployRoleArn, ...n.targets.filter((t) => t.provider === 'CloudFormation').map((t) => t.deployRoleArn)]);
}

/** Whether one principal value (an ARN, an account id, a service) is the principal meant. */
function principalMatcher(n: HandoffNames, who: PrincipalRef): (value: string) => boolean {
  if (typeof who === 'object' && 'service' in who) return (v) => v === who.service;
  if (typeof who === 'object') return (v) => v === who.arn;
  if (who === 'pipeline-role') return (v) => v === n.pipelineRoleArn;
  if (who === 'action-role') {
    const roles = actionRoles(n);
    return (v) => roles.includes(v);
  }
  // An account: its root, its bare id, or any of its principals.
  const accounts = who === 'pipeline-account' ? [n.pipelineAccount] : targetAccounts(n);
  return (v) => accounts.includes(v) || accounts.includes(ACCOUNT_OF_ARN.exec(v)?.[1] ?? '');
}

function describePrincipal(who: PrincipalRef): string {
  if (typeof who === 'object') return 'service' in who ? who.service : who.arn;
  return `the ${who.replace('-', ' ')}`;
}

/** Removes the principal from every statement; a statement left without principals goes. Returns what went. */
function withoutPrincipal(doc: PolicyDoc, matches: (v: string) => boolean): { doc: PolicyDoc; removed: string[] } {
  const removed: string[] = [];
  const kept: Statement[] = [];
  for (const s of statements(doc)) {
    if (!s.Principal || s.Principal === '*') {
      kept.push(s);
      continue;
    }
    const principal: Record<string, string[]> = {};
    for (const [kind, values] of Object.entries(s.Principal)) {
      const left = list(values).filter((v) => {
        if (!matches(v)) return true;
        removed.push(`${v} (statement ${s.Sid ?? '(no Sid)'})`);
        return false;
      });
      if (left.length > 0) principal[kind] = left;
    }
    if (Object.keys(principal).length > 0) kept.push({ ...s, Principal: principal });
  }
  return { doc: { ...doc, Statement: kept }, removed };
}

/** Whether an IAM action pattern (wildcards, any case) covers the action. */
function covers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

/**
 * Removes every Allow entry covering the action (`s3:Get*` goes for s3:GetObject) or covered by it (`kms:*` removes
 * every KMS action), from statements whose Resource
 * mentions `resource` when given; a statement left without actions goes.
 */
function withoutAction(doc: PolicyDoc, action: string, resource?: string, principal?: (v: string) => boolean): { doc: PolicyDoc; removed: string[] } {
  const removed: string[] = [];
  const kept: Statement[] = [];
  for (const s of statements(doc)) {
    const inScope =
      s.Effect === 'Allow' &&
      s.Action !== undefined &&
      (!resource || list(s.Resource).some((r) => r.includes(resource))) &&
      (!principal || (s.Principal !== undefined && s.Principal !== '*' && Object.values(s.Principal).some((v) => list(v).some(principal))));
    if (!inScope) {
      kept.push(s);
      continue;
    }
    const left = list(s.Action).filter((a) => {
      if (!covers(a, action) && !covers(action, a)) return true;
      removed.push(`${a} (statement ${s.Sid ?? '(no Sid)'})`);
      return false;
    });
    if (left.length > 0) kept.push({ ...s, Action: left.length === 1 ? left[0] : left });
  }
  return { doc: { ...doc, Statement: kept }, removed };
}

const isEmpty = (d: PolicyDoc) => statements(d).length === 0;
const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const accountOf = (arn: string) => ACCOUNT_OF_ARN.exec(arn)?.[1] ?? '';

async function bucketPolicy(world: WorldHandle): Promise<{ s3: S3Client; doc?: PolicyDoc }> {
  const s3 = new S3Client(world.clientConfig(world.names.pipelineAccount));
  try {
    const out = await s3.send(new GetBucketPolicyCommand({ Bucket: world.names.artifactBucket }));
    return { s3, doc: JSON.parse(out.Policy ?? '') as PolicyDoc };
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchBucketPolicy') return { s3 };
    throw e;
  }
}

async function keyPolicy(world: WorldHandle): Promise<{ kms: KMSClient; doc?: PolicyDoc }> {
  const kms = new KMSClient(world.clientConfig(world.names.pipelineAccount));
  if (!world.names.keyArn) return { kms };
  const out = await kms.send(new GetKeyPolicyCommand({ KeyId: world.names.keyArn, PolicyName: 'default' }));
  return { kms, doc: JSON.parse(out.Policy ?? '') as PolicyDoc };
}

/** Removes a principal from the artifact key's policy, the artifact bucket's policy, or a role's trust policy. */
export function removePrincipal(o: { from: 'key' | 'bucket' | { trustOf: RoleRef }; principal: PrincipalRef }): Mutation {
  const where = o.from === 'key' ? "the artifact key's policy" : o.from === 'bucket' ? "the artifact bucket's policy" : `the ${o.from.trustOf} role's trust policy`;
  const lookedFor = `${describePrincipal(o.principal)} in ${where}`;
  return {
    title: `remove ${lookedFor}`,
    async apply(world) {
      const n = world.names;
      const matches = principalMatcher(n, o.principal);
      if (o.from === 'key') {
        const { kms, doc } = await keyPolicy(world);
        if (!doc) return { changed: [], lookedFor: `${lookedFor} (the artifact store has no customer-managed key)` };
        const out = withoutPrincipal(doc, matches);
        if (out.removed.length > 0) await kms.send(new PutKeyPolicyCommand({ KeyId: n.keyArn, PolicyName: 'default', Policy: JSON.stringify(out.doc), BypassPolicyLockoutSafetyCheck: true }));
        return { changed: out.removed.map((r) => `removed ${r} from the key policy of ${n.keyArn}`), lookedFor };
      }
      if (o.from === 'bucket') {
        const { s3, doc } = await bucketPolicy(world);
        if (!doc) return { changed: [], lookedFor: `${lookedFor} (the bucket has no policy)` };
        const out = withoutPrincipal(doc, matches);
        if (out.removed.length > 0) {
          if (isEmpty(out.doc)) await s3.send(new DeleteBucketPolicyCommand({ Bucket: n.artifactBucket }));
          else await s3.send(new PutBucketPolicyCommand({ Bucket: n.artifactBucket, Policy: JSON.stringify(out.doc) }));
        }
        return { changed: out.removed.map((r) => `removed ${r} from the policy of bucket ${n.artifactBucket}`), lookedFor };
      }
      const changed: string[] = [];
      for (const arn of rolesOf(n, o.from.trustOf)) {
        const iam = new IAMClient(world.clientConfig(accountOf(arn)));
        const role = await iam.send(new GetRoleCommand({ RoleName: roleName(arn) })).catch(() => undefined);
        if (!role?.Role?.AssumeRolePolicyDocument) continue;
        const doc = JSON.parse(decodeURIComponent(role.Role.AssumeRolePolicyDocument)) as PolicyDoc;
        const out = withoutPrincipal(doc, matches);
        if (out.removed.length === 0) continue;
        const trust = isEmpty(out.doc)
          ? { Version: '2012-10-17', Statement: [{ Sid: 'TrustOwnAccount', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountOf(arn)}:root` }, Action: 'sts:AssumeRole' }] }
          : out.doc;
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName(arn), PolicyDocument: JSON.stringify(trust) }));
        changed.push(...out.removed.map((r) => `removed ${r} from the trust policy of ${arn}`));
      }
      return { changed, lookedFor };
    },
  };
}

/**
 * Removes an action from a role's inline policies (every Allow entry covering it), only in statements whose Resource
 * mentions `resource` (a name from the hand-off's names: the deploy bucket, the artifact bucket) when given.
 */
export function removeAction(o: { role: RoleRef; action: string; resource?: (n: HandoffNames) => string }): Mutation {
  const lookedFor = `${o.action} in the ${o.role} role's inline policies`;
  return {
    title: `remove ${lookedFor}`,
    async apply(world) {
      const changed: string[] = [];
      const resource = o.resource?.(world.names);
      for (const arn of rolesOf(world.names, o.role)) {
        const iam = new IAMClient(world.clientConfig(accountOf(arn)));
        const RoleName = roleName(arn);
        const names = await iam.send(new ListRolePoliciesCommand({ RoleName })).catch(() => undefined);
        for (const PolicyName of names?.PolicyNames ?? []) {
          const got = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
          const out = withoutAction(JSON.parse(decodeURIComponent(got.PolicyDocument ?? '')) as PolicyDoc, o.action, resource);
          if (out.removed.length === 0) continue;
          if (isEmpty(out.doc)) await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
          else await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument: JSON.stringify(out.doc) }));
          changed.push(...out.removed.map((r) => `removed ${r} from policy ${PolicyName} of ${arn}`));
        }
      }
      return { changed, lookedFor: resource ? `${lookedFor} on ${resource}` : lookedFor };
    },
  };
}

/** Removes an action the artifact key's policy grants a principal (e.g. kms:Decrypt granted to the target account). */
export function removeKeyAction(o: { principal: PrincipalRef; action: string }): Mutation {
  const lookedFor = `${o.action} granted to ${describePrincipal(o.principal)} in the artifact key's policy`;
  return {
    title: `remove ${lookedFor}`,
    async apply(world) {
      const { kms, doc } = await keyPolicy(world);
      if (!doc) return { changed: [], lookedFor: `${lookedFor} (the artifact store has no customer-managed key)` };
      const out = withoutAction(doc, o.action, undefined, principalMatcher(world.names, o.principal));
      if (out.removed.length > 0) await kms.send(new PutKeyPolicyCommand({ KeyId: world.names.keyArn, PolicyName: 'default', Policy: JSON.stringify(out.doc), BypassPolicyLockoutSafetyCheck: true }));
      return { changed: out.removed.map((r) => `removed ${r} from the key policy of ${world.names.keyArn}`), lookedFor };
    },
  };
}

/** Deletes the artifact bucket's policy. */
export function dropBucketPolicy(): Mutation {
  return {
    title: "drop the artifact bucket's policy",
    async apply(world) {
      const { s3, doc } = await bucketPolicy(world);
      if (!doc) return { changed: [], lookedFor: `a policy on bucket ${world.names.artifactBucket}` };
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: world.names.artifactBucket }));
      return { changed: [`deleted the policy of bucket ${world.names.artifactBucket}`], lookedFor: '' };
    },
  };
}

/** Applies a scenario's mutations in order; the first that changes nothing makes the scenario not applicable. */
export async function applyMutations(world: WorldHandle, mutations: Mutation[], note: (text: string) => void): Promise<string | undefined> {
  for (const m of mutations) {
    const out = await m.apply(world);
    if (out.changed.length === 0) return `not applicable: the mutation "${m.title}" found nothing to change (it looked for ${out.lookedFor})`;
    for (const line of out.changed) note(`mutation: ${line}`);
  }
  return undefined;
}
