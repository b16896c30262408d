/**
 * Negative variants as generic mutations of the applied world (issue 17 item 4): each finds its target from the
 * pipeline's definition (the names the hand-off derives: the artifact key and bucket, the pipeline role, each
 * deploy action's role and deploy role) and changes it through the real SDK as the owning account's root, after the
 * setup is applied and before the steps run. So a bundled negative scenario tests the same failure on a user's own
 * stacks; a mutation that finds nothing to change says what it looked for, and the scenario is not applicable.
 * Policies it edits: key policies (GetKeyPolicy/PutKeyPolicy), the artifact bucket's policy
 * (Get/Put/DeleteBucketPolicy), role trust policies (UpdateAssumeRolePolicy), roles' inline policies
 * (Get/Put/DeleteRolePolicy) and the managed policies attached to them (CreatePolicyVersion; an AWS managed policy,
 * which no one can edit, is detached). Adding a Deny, an Allow or a trust condition: mutations-add.ts. The pipeline
 * itself (the artifact key, an action's role) is changed by UpdatePipeline: mutations-pipeline.ts.
 * Deviations: a trust policy left with no statement trusts only its own account (IAM refuses an empty trust policy);
 * editing a customer managed policy changes it for every principal it is attached to, as editing it in AWS does.
 */
import {
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { DeleteBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import type { HandoffNames } from './names.js';
import type { WorldHandle } from './scenario.js';
import {
  accountOf,
  bucketPolicy,
  covers,
  describePrincipal,
  isEmpty,
  keyPolicy,
  list,
  parsePolicy,
  principalMatcher,
  roleName,
  rolesOf,
  statements,
  type PolicyDoc,
  type PrincipalRef,
  type RoleRef,
  type Statement,
} from './mutation-targets.js';

export type { PrincipalRef, RoleRef };

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

/**
 * Removes every Allow entry covering the action (`s3:Get*` goes for s3:GetObject) or covered by it (`kms:*` removes
 * every KMS action), from statements whose Resource mentions the bucket `resource` or covers its objects by wildcard
 * (CDK's bootstrap deploy role reads every other account's bucket with Resource "*") when given; a statement left
 * without actions goes.
 */
function withoutAction(doc: PolicyDoc, action: string, resource?: string, principal?: (v: string) => boolean): { doc: PolicyDoc; removed: string[] } {
  const removed: string[] = [];
  const kept: Statement[] = [];
  for (const s of statements(doc)) {
    const inScope =
      s.Effect === 'Allow' &&
      s.Action !== undefined &&
      (!resource || list(s.Resource).some((r) => r.includes(resource) || covers(r, `arn:aws:s3:::${resource}/x`))) &&
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
        const doc = parsePolicy(role.Role.AssumeRolePolicyDocument);
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
 * Removes an action from a role's policies (every Allow entry covering it), only in statements whose Resource
 * mentions `resource` (a name from the hand-off's names: the deploy bucket, the artifact bucket; undefined when the
 * pipeline has none, and then there is nothing to change) when given: its
 * inline policies, and the managed policies attached to it (see managedWithoutAction).
 */
export function removeAction(o: { role: RoleRef; action: string; resource?: (n: HandoffNames) => string | undefined }): Mutation {
  const lookedFor = `${o.action} in the ${o.role} role's inline and attached managed policies`;
  return {
    title: `remove ${o.action} from the ${o.role} role's policies`,
    async apply(world) {
      const changed: string[] = [];
      const resource = o.resource?.(world.names);
      // A resource the pipeline does not have (an S3 deploy action's bucket, on a pipeline with none).
      if (o.resource && !resource) return { changed, lookedFor: `${lookedFor}, on a resource this pipeline does not have` };
      for (const arn of rolesOf(world.names, o.role)) {
        const iam = new IAMClient(world.clientConfig(accountOf(arn)));
        const RoleName = roleName(arn);
        const names = await iam.send(new ListRolePoliciesCommand({ RoleName })).catch(() => undefined);
        for (const PolicyName of names?.PolicyNames ?? []) {
          const got = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
          const out = withoutAction(parsePolicy(got.PolicyDocument), o.action, resource);
          if (out.removed.length === 0) continue;
          if (isEmpty(out.doc)) await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
          else await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument: JSON.stringify(out.doc) }));
          changed.push(...out.removed.map((r) => `removed ${r} from policy ${PolicyName} of ${arn}`));
        }
        if (names) changed.push(...(await managedWithoutAction(iam, arn, (doc) => withoutAction(doc, o.action, resource))));
      }
      return { changed, lookedFor: resource ? `${lookedFor} on ${resource}` : lookedFor };
    },
  };
}

/**
 * The managed policies attached to a role, each without what `edit` removes. A customer managed policy gets a new
 * default version (IAM keeps five: the oldest other version goes first), so every principal it is attached to loses
 * the grant, as when a team edits the policy; an AWS managed policy cannot be edited, so it is detached from the role
 * (and the report says so: the role loses all it granted), as is a customer managed one left with no statement.
 */
async function managedWithoutAction(iam: IAMClient, roleArn: string, edit: (doc: PolicyDoc) => { doc: PolicyDoc; removed: string[] }): Promise<string[]> {
  const changed: string[] = [];
  const RoleName = roleName(roleArn);
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
  for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
    if (!PolicyArn) continue;
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn }));
    const VersionId = policy.Policy?.DefaultVersionId;
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId }));
    const out = edit(parsePolicy(version.PolicyVersion?.Document));
    if (out.removed.length === 0) continue;
    const awsManaged = PolicyArn.startsWith('arn:aws:iam::aws:policy/');
    if (awsManaged || isEmpty(out.doc)) {
      await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
      const why = awsManaged ? 'an AWS managed policy cannot be edited, so the role loses all it granted' : 'no statement would be left in it';
      changed.push(`detached managed policy ${PolicyArn} from ${roleArn}: it grants ${out.removed.join(', ')} (${why})`);
      continue;
    }
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn }))).Versions ?? [];
    if (versions.length >= 5) {
      const oldest = versions.filter((v) => !v.IsDefaultVersion).sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))[0];
      if (oldest?.VersionId) await iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: oldest.VersionId }));
    }
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: JSON.stringify(out.doc), SetAsDefault: true }));
    changed.push(...out.removed.map((r) => `removed ${r} from managed policy ${PolicyArn} attached to ${roleArn} (a new default version)`));
  }
  return changed;
}

/**
 * A mutation whose target a setup may lack without the scenario losing its point (a key policy statement naming
 * the pipeline role, besides the role's own grant): when it finds nothing, the report says so and the next goes on.
 */
export function ifPresent(m: Mutation): Mutation {
  return {
    title: `${m.title} (if there is one)`,
    async apply(world) {
      const out = await m.apply(world);
      return out.changed.length > 0 ? out : { changed: [`nothing to change for "${m.title}" (it looked for ${out.lookedFor}): the scenario goes on`], lookedFor: out.lookedFor };
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

export { addAllow, addCondition, addDeny, type StatementTarget } from './mutations-add.js';
export { moveRole, useAwsManagedKey } from './mutations-pipeline.js';
