/**
 * Mutations that add to a policy (issue 17 item 4; see mutations.ts): an explicit Deny, which beats every Allow
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html), or an Allow, to the
 * artifact key's policy (PutKeyPolicy), the artifact bucket's policy (PutBucketPolicy) or a role's policies (a new
 * inline policy, PutRolePolicy); and a condition on the trust statements that let a principal assume a role
 * (UpdateAssumeRolePolicy), such as sts:ExternalId, which CodePipeline never sends.
 */
import { GetRoleCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import {
  accountOf,
  bucketPolicy,
  covers,
  describePrincipal,
  keyPolicy,
  list,
  parsePolicy,
  principalElement,
  principalMatcher,
  roleName,
  rolesOf,
  statements,
  type PrincipalRef,
  type RoleRef,
  type Statement,
} from './mutation-targets.js';
import type { Mutation } from './mutations.js';
import type { HandoffNames } from './names.js';

export type Condition = Record<string, Record<string, string | string[]>>;

/** Where addDeny/addAllow add their statement, and for whom. */
export type StatementTarget =
  | { to: 'key' | 'bucket'; principal: PrincipalRef | '*'; actions: string[]; condition?: Condition }
  | { to: { role: RoleRef }; actions: string[]; resource?: (n: HandoffNames) => string; condition?: Condition };

/**
 * Adds an explicit Deny of `actions`, which beats every Allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/
 * reference_policies_evaluation-logic.html): to the artifact key's policy or the artifact bucket's policy for a
 * principal (or everyone, `'*'`, e.g. with an aws:SecureTransport condition), or to a role's policies (a new inline
 * policy).
 */
export function addDeny(o: StatementTarget): Mutation {
  return addStatement('Deny', o);
}

/** Adds an Allow of `actions`, where addDeny adds its Deny (e.g. a key policy statement naming the pipeline role). */
export function addAllow(o: StatementTarget): Mutation {
  return addStatement('Allow', o);
}

function addStatement(Effect: 'Allow' | 'Deny', o: StatementTarget): Mutation {
  const Sid = `XacctMutation${Effect}`;
  const actions = o.actions.join(', ');
  const where = o.to === 'key' ? "the artifact key's policy" : o.to === 'bucket' ? "the artifact bucket's policy" : `the ${o.to.role} role's policies`;
  const whom = 'principal' in o ? ` for ${o.principal === '*' ? 'everyone' : describePrincipal(o.principal)}` : '';
  const when = o.condition ? ` when ${JSON.stringify(o.condition)}` : '';
  const what = `${Effect} ${actions}${whom}${when}`;
  const lookedFor = o.to === 'key' ? "the artifact store's customer-managed key" : o.to === 'bucket' ? 'the artifact bucket' : `the ${o.to.role} role`;
  const condition = o.condition ? { Condition: o.condition } : {};
  return {
    title: `add ${what} to ${where}`,
    async apply(world) {
      const n = world.names;
      if ('principal' in o) {
        const Principal = o.principal === '*' ? '*' : principalElement(n, o.principal);
        const statement: Statement = { Sid, Effect, Principal, Action: o.actions, Resource: '*', ...condition };
        if (o.to === 'key') {
          const { kms, doc } = await keyPolicy(world);
          if (!doc) return { changed: [], lookedFor };
          await kms.send(new PutKeyPolicyCommand({ KeyId: n.keyArn, PolicyName: 'default', Policy: JSON.stringify({ ...doc, Statement: [...statements(doc), statement] }), BypassPolicyLockoutSafetyCheck: true }));
          return { changed: [`added statement ${Sid} (${what}) to the key policy of ${n.keyArn}`], lookedFor };
        }
        const { s3, doc } = await bucketPolicy(world);
        const bucketArn = `arn:aws:s3:::${n.artifactBucket}`;
        const policy = { Version: '2012-10-17', ...doc, Statement: [...(doc ? statements(doc) : []), { ...statement, Resource: [bucketArn, `${bucketArn}/*`] }] };
        await s3.send(new PutBucketPolicyCommand({ Bucket: n.artifactBucket, Policy: JSON.stringify(policy) }));
        return { changed: [`added statement ${Sid} (${what}) to the policy of bucket ${n.artifactBucket}`], lookedFor };
      }
      const changed: string[] = [];
      const Resource = o.resource?.(n) ?? '*';
      const PolicyName = `xacct-mutation-${Effect.toLowerCase()}`;
      for (const arn of rolesOf(n, o.to.role)) {
        const iam = new IAMClient(world.clientConfig(accountOf(arn)));
        const role = await iam.send(new GetRoleCommand({ RoleName: roleName(arn) })).catch(() => undefined);
        if (!role) continue;
        const doc = { Version: '2012-10-17', Statement: [{ Sid, Effect, Action: o.actions, Resource, ...condition }] };
        await iam.send(new PutRolePolicyCommand({ RoleName: roleName(arn), PolicyName, PolicyDocument: JSON.stringify(doc) }));
        changed.push(`added inline policy ${PolicyName} (${what} on ${Resource}) to ${arn}`);
      }
      return { changed, lookedFor };
    },
  };
}

/**
 * Adds a condition to the Allow statements of a role's trust policy that let the principal assume it (e.g.
 * `{ StringEquals: { 'sts:ExternalId': '…' } }`): the principal can then assume the role only when it meets it.
 */
export function addCondition(o: { trustOf: RoleRef; principal: PrincipalRef; condition: Condition }): Mutation {
  const lookedFor = `a statement letting ${describePrincipal(o.principal)} assume the ${o.trustOf} role, in its trust policy`;
  const condition = JSON.stringify(o.condition);
  return {
    title: `require ${condition} of ${describePrincipal(o.principal)} in the ${o.trustOf} role's trust policy`,
    async apply(world) {
      const changed: string[] = [];
      const matches = principalMatcher(world.names, o.principal);
      for (const arn of rolesOf(world.names, o.trustOf)) {
        const iam = new IAMClient(world.clientConfig(accountOf(arn)));
        const role = await iam.send(new GetRoleCommand({ RoleName: roleName(arn) })).catch(() => undefined);
        if (!role?.Role?.AssumeRolePolicyDocument) continue;
        const doc = parsePolicy(role.Role.AssumeRolePolicyDocument);
        const edited: string[] = [];
        const next = statements(doc).map((s) => {
          const names = s.Principal && s.Principal !== '*' ? Object.values(s.Principal).flatMap(list) : [];
          if (s.Effect !== 'Allow' || !list(s.Action).some((a) => covers(a, 'sts:AssumeRole')) || !names.some(matches)) return s;
          edited.push(s.Sid ?? '(no Sid)');
          const merged = { ...s.Condition };
          for (const [op, keys] of Object.entries(o.condition)) merged[op] = { ...merged[op], ...keys };
          return { ...s, Condition: merged };
        });
        if (edited.length === 0) continue;
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName(arn), PolicyDocument: JSON.stringify({ ...doc, Statement: next }) }));
        changed.push(...edited.map((sid) => `added the condition ${condition} to statement ${sid} of the trust policy of ${arn}`));
      }
      return { changed, lookedFor };
    },
  };
}
