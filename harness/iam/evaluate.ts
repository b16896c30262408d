/**
 * The decision: IAM's policy evaluation logic for one request.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html (key policy is mandatory)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (boundary vs resource grants)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session (session policy vs resource grants)
 *
 * 1. An explicit Deny in any applicable policy wins.
 * 2. SCPs (caller's account) must allow when given. RCPs only deny here: AWS always attaches RCPFullAWSAccess.
 * 3. Same account: an Allow in the identity policies (within boundary and session policy) or in the resource policy.
 *    A resource-policy Allow naming the exact user, session or `*` is not limited by a boundary or session policy;
 *    one naming the role (matching its sessions) is. An account-level Allow only delegates to IAM.
 * 4. Cross account: the resource policy AND the caller's identity side (identity, boundary, session) must allow.
 * 5. KMS key policies and role trust policies are gates: even in one account the resource policy must allow,
 *    directly (identity policy then not needed) or by naming the account (identity policy then needed).
 * 6. Service principals are judged by the resource policy alone; anonymous callers likewise.
 * 0. Before all this: an action AWS documents as needing no permission (sts:GetCallerIdentity) is allowed to any
 *    caller with credentials, whatever the policies say (no-permission-actions.ts).
 * Deviations: SCPs are one level (any Allow suffices); NotPrincipal excludes a caller when any listed principal
 * matches it at any level (AWS says it "might" evaluate account, role and session separately).
 */
import { accountOfArn, buildContext, principalArnOf, type RequestContext } from './context.js';
import { actionMatches, compilePolicy, conditionsMatch, resourceMatches, type CompiledStatement } from './policy.js';
import { needsNoPermission } from './no-permission-actions.js';
import { matchPrincipal, type PrincipalMatch } from './principals.js';
import { POLICY_TYPE_PHRASE } from './render.js';
import type {
  AuthorizationRequest,
  Decision,
  NamedPolicy,
  PolicyType,
  PrincipalInfo,
  ResourcePolicyKind,
} from './types.js';

interface Hit {
  policyName: string;
  statement: string;
}

// Every field is an own property, present even when undefined: a result never reads a value from a prototype.
interface SetResult {
  deny: Hit | undefined;
  allow: Hit | undefined;
}

interface ResourceResult {
  deny: Hit | undefined;
  direct: Hit | undefined;
  parent: Hit | undefined;
  account: Hit | undefined;
}

const NO_SET_RESULT: Readonly<SetResult> = Object.freeze({ deny: undefined, allow: undefined });

function statementApplies(s: CompiledStatement, action: string, resource: string, ctx: RequestContext): boolean {
  return s.effect !== 'Invalid' && actionMatches(s, action) && resourceMatches(s, resource, ctx) && conditionsMatch(s, ctx);
}

function evalSet(policies: readonly NamedPolicy[], action: string, resource: string, ctx: RequestContext): SetResult {
  const out: SetResult = { deny: undefined, allow: undefined };
  for (const p of policies) {
    const compiled = compilePolicy(p.document);
    for (const s of compiled.statements) {
      if (s.effect === 'Allow' && out.allow) continue;
      if (!statementApplies(s, action, resource, ctx)) continue;
      const hit = { policyName: p.name, statement: s.label };
      if (s.effect === 'Deny') return { deny: hit, allow: out.allow };
      out.allow = hit;
    }
  }
  return out;
}

function principalLevel(s: CompiledStatement, p: PrincipalInfo, hasBoundary: boolean): PrincipalMatch {
  if (s.principal) return matchPrincipal(s.principal, p);
  if (s.notPrincipal) {
    // Documented: a Deny with NotPrincipal always denies a principal that has a permissions boundary.
    if (s.effect === 'Deny' && hasBoundary) return 'direct';
    return matchPrincipal(s.notPrincipal, p) === 'none' ? 'direct' : 'none';
  }
  return 'none';
}

function evalResource(
  policy: NamedPolicy,
  p: PrincipalInfo,
  hasBoundary: boolean,
  action: string,
  resource: string,
  ctx: RequestContext,
): ResourceResult {
  const out: ResourceResult = { deny: undefined, direct: undefined, parent: undefined, account: undefined };
  for (const s of compilePolicy(policy.document).statements) {
    if (s.effect === 'Invalid' || !actionMatches(s, action)) continue;
    const level = principalLevel(s, p, hasBoundary);
    if (level === 'none') continue;
    if (s.effect === 'Allow' && out[level]) continue;
    if (!resourceMatches(s, resource, ctx) || !conditionsMatch(s, ctx)) continue;
    const hit = { policyName: policy.name, statement: s.label };
    if (s.effect === 'Deny') {
      out.deny = hit;
      return out;
    }
    out[level] = hit;
  }
  return out;
}

const KIND_PHRASE: Record<ResourcePolicyKind, string> = {
  key: 'key policy',
  trust: 'trust policy',
  bucket: 'bucket policy',
  other: 'resource policy',
};

const KMS_KEY = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;
const IAM_ROLE = /^arn:[^:]+:iam::\d{12}:role\//;
const S3_BUCKET = /^(arn:[^:]+:s3:::[^/]+)/;

function resourceKind(req: AuthorizationRequest, action: string): ResourcePolicyKind | undefined {
  if (req.resourcePolicy) return req.resourcePolicy.kind;
  // Every KMS key has a key policy and every role a trust policy: a request without one is treated as
  // facing an empty one rather than skipping the gate.
  if (action.startsWith('kms:') && KMS_KEY.test(req.resource)) return 'key';
  if (action.startsWith('sts:assumerole') && IAM_ROLE.test(req.resource)) return 'trust';
  return undefined;
}

export function evaluate(req: AuthorizationRequest): Decision {
  const ctx = buildContext(req);
  const p = req.principal;
  const action = req.action.toLowerCase();
  const resource = req.resource;
  const isService = p.type === 'Service';
  const isAnon = p.type === 'Anonymous';
  const authenticatedIam = !isService && !isAnon;
  const principalAccount = authenticatedIam ? (p.account ?? accountOfArn(p.arn)) : undefined;
  const resourceAccount =
    req.resourceAccount ?? accountOfArn(resource) ?? (resource === '*' ? principalAccount : undefined);
  const sameAccount = principalAccount !== undefined && principalAccount === resourceAccount;
  const kind = resourceKind(req, action);
  const gate = kind === 'key' || kind === 'trust';
  const canHaveBoundary = p.type === 'User' || p.type === 'AssumedRole' || p.type === 'FederatedUser';
  const boundaryPolicy = canHaveBoundary ? req.permissionsBoundary : undefined;
  const sessionPolicy = authenticatedIam && p.type !== 'Account' ? req.sessionPolicy : undefined;
  const env: Env = { req, kind, sameAccount, principalAccount, resourceAccount };
  if (authenticatedIam && needsNoPermission(action)) return noPermissionNeeded(env);

  const scp = principalAccount && req.scps?.length ? evalSet(req.scps, action, resource, ctx) : undefined;
  const rcp = !isService && req.rcps?.length ? evalSet(req.rcps, action, resource, ctx) : undefined;
  const identity = authenticatedIam ? evalSet(req.identityPolicies ?? [], action, resource, ctx) : NO_SET_RESULT;
  const rp = req.resourcePolicy
    ? evalResource(req.resourcePolicy, p, boundaryPolicy !== undefined, action, resource, ctx)
    : undefined;
  const boundary = boundaryPolicy ? evalSet([boundaryPolicy], action, resource, ctx) : undefined;
  const session = sessionPolicy ? evalSet([sessionPolicy], action, resource, ctx) : undefined;

  const denies: Array<[PolicyType, Hit | undefined]> = [
    ['scp', scp?.deny],
    ['rcp', rcp?.deny],
    ['identity', identity.deny],
    ['resource', rp?.deny],
    ['permissionsBoundary', boundary?.deny],
    ['session', session?.deny],
  ];
  for (const [type, hit] of denies) if (hit) return explicitDeny(env, type, hit);

  if (scp && !scp.allow) return implicitDeny(env, 'scp');

  if (!authenticatedIam) {
    const grant = rp?.direct ?? rp?.parent;
    return grant ? allowed(env, 'resource', grant) : implicitDeny(env, 'resource');
  }

  const idAllow: Hit | undefined =
    p.type === 'Account' ? { policyName: 'root user', statement: 'account root has full access' } : identity.allow;
  const boundaryOk = !boundary || boundary.allow !== undefined;
  const sessionOk = !session || session.allow !== undefined;
  const limitsOk = boundaryOk && sessionOk;
  const limitFailure = (): PolicyType => (!boundaryOk ? 'permissionsBoundary' : 'session');

  if (!sameAccount) {
    const grant = rp?.direct ?? rp?.parent ?? rp?.account;
    if (!grant) return implicitDeny(env, 'resource');
    if (!idAllow) return implicitDeny(env, 'identity');
    if (!limitsOk) return implicitDeny(env, limitFailure());
    return allowed(env, 'resource', grant, idAllow);
  }

  if (rp?.direct) return allowed(env, 'resource', rp.direct);
  if (rp?.parent && limitsOk) return allowed(env, 'resource', rp.parent);
  if (gate) {
    if (!rp?.parent && !rp?.account) return implicitDeny(env, 'resource');
    if (rp.account && !idAllow) return implicitDeny(env, rp.parent ? limitFailure() : 'identity');
    if (!limitsOk) return implicitDeny(env, limitFailure());
    return allowed(env, 'identity', idAllow as Hit, rp.account);
  }
  if (!idAllow) return rp?.parent ? implicitDeny(env, limitFailure()) : implicitDeny(env, 'identity');
  if (!limitsOk) return implicitDeny(env, limitFailure());
  return allowed(env, 'identity', idAllow);
}

interface Env {
  req: AuthorizationRequest;
  kind: ResourcePolicyKind | undefined;
  sameAccount: boolean;
  principalAccount: string | undefined;
  resourceAccount: string | undefined;
}

function policyNameFor(env: Env, type: PolicyType): string | undefined {
  const r = env.req;
  switch (type) {
    case 'resource':
      return r.resourcePolicy?.name;
    case 'permissionsBoundary':
      return r.permissionsBoundary?.name;
    case 'session':
      return r.sessionPolicy?.name;
    default:
      return undefined;
  }
}

function decidedBy(env: Env, type: PolicyType, hit?: Hit): Decision['decidedBy'] {
  const d: NonNullable<Decision['decidedBy']> = { policyType: type };
  if (type === 'resource' && env.kind) d.resourceKind = env.kind;
  const name = hit?.policyName ?? policyNameFor(env, type);
  if (name !== undefined) d.policyName = name;
  if (hit) d.statement = hit.statement;
  return d;
}

function who(env: Env): string {
  const p = env.req.principal;
  return principalArnOf(p) ?? p.arn;
}

function allowed(env: Env, type: PolicyType, hit: Hit, second?: Hit): Decision {
  const { req } = env;
  const kindPhrase = KIND_PHRASE[env.kind ?? 'other'];
  let explanation: string;
  if (type === 'resource' && second) {
    explanation = `Cross-account request allowed: statement ${hit.statement} of the ${kindPhrase} ${hit.policyName} and statement ${second.statement} of ${second.policyName} both allow ${req.action}.`;
  } else if (type === 'resource') {
    explanation = `Statement ${hit.statement} of the ${kindPhrase} ${hit.policyName} allows ${req.principal.arn} to ${req.action}.`;
  } else if (second) {
    explanation = `Statement ${second.statement} of the ${kindPhrase} ${second.policyName} delegates to account ${env.principalAccount}, and statement ${hit.statement} of ${hit.policyName} allows ${req.action}.`;
  } else {
    explanation = `Statement ${hit.statement} of ${hit.policyName} allows ${req.action} on ${req.resource}.`;
  }
  return { decision: 'allowed', decidedBy: decidedBy(env, type, hit), explanation };
}

function noPermissionNeeded(env: Env): Decision {
  return {
    decision: 'allowed',
    explanation: `${env.req.action} needs no permission: AWS allows it to every caller with credentials, even under an explicit deny.`,
  };
}

function explicitDeny(env: Env, type: PolicyType, hit: Hit): Decision {
  const { req } = env;
  return {
    decision: 'explicitDeny',
    decidedBy: decidedBy(env, type, hit),
    explanation: `Statement ${hit.statement} of the ${type === 'resource' ? policyRef(KIND_PHRASE[env.kind ?? 'other'], hit.policyName) : `${POLICY_TYPE_PHRASE[type]} ${hit.policyName}`} explicitly denies ${req.action} on ${req.resource}; an explicit deny overrides every allow.`,
    fix: `remove or narrow statement ${hit.statement} of ${hit.policyName} (its Action, Resource or Condition) so it no longer matches ${req.action} on ${req.resource}`,
  };
}

/** "bucket policy of b" stays as it is; a bare name ("arn:aws:kms:…:key/…") gets its kind in front. */
function policyRef(phrase: string, name: string): string {
  return name.startsWith(phrase) ? name : `${phrase} ${name}`;
}

function implicitDeny(env: Env, type: PolicyType): Decision {
  const { req } = env;
  const action = req.action;
  const resource = req.resource;
  const caller = who(env);
  const root = env.principalAccount ? `arn:aws:iam::${env.principalAccount}:root` : undefined;
  let explanation: string;
  let fix: string;
  switch (type) {
    case 'scp':
      explanation = `No service control policy of account ${env.principalAccount} allows ${action}; SCPs cap every principal in the account.`;
      fix = `add an Allow for ${action} to a service control policy of account ${env.principalAccount} (or its OU)`;
      break;
    case 'resource': {
      // S3's resource policy is the bucket's, also for a request on one of its objects: the fix names the bucket.
      const bucket = S3_BUCKET.exec(resource)?.[1];
      const kind = env.kind ?? (bucket ? 'bucket' : 'other');
      const phrase = KIND_PHRASE[kind];
      const holder = bucket ?? resource;
      const target = req.principal.type === 'Service' || req.principal.type === 'Anonymous' ? req.principal.arn : caller;
      const principalRef = !env.sameAccount && root && root !== caller ? `${root} (or ${target})` : target;
      if (!req.resourcePolicy) {
        explanation = env.sameAccount
          ? `${holder} has no ${phrase}, and a ${phrase} must allow ${target} even within one account.`
          : `${holder} belongs to account ${env.resourceAccount ?? 'unknown'}; a cross-account request needs an Allow in its ${phrase}, and it has none.`;
      } else if (!env.sameAccount && env.principalAccount) {
        explanation = `${resource} belongs to account ${env.resourceAccount ?? 'unknown'} and the caller to ${env.principalAccount}: the ${policyRef(phrase, req.resourcePolicy.name)} must allow the caller too, and no statement does.`;
      } else if (!env.principalAccount) {
        explanation = `The ${policyRef(phrase, req.resourcePolicy.name)} does not allow ${target} to ${action}.`;
      } else {
        explanation = `The ${policyRef(phrase, req.resourcePolicy.name)} does not allow ${target} to ${action}; it must, directly or by naming the account, even within one account.`;
      }
      fix = req.resourcePolicy?.awsManaged
        ? `the ${phrase} of ${holder} is AWS's and cannot be changed: use a customer managed ${kind === 'key' ? 'key' : 'resource'} instead, whose ${phrase} allows ${principalRef} ${action}`
        : `add ${principalRef} to the ${phrase} of ${holder} for ${action}`;
      break;
    }
    case 'identity':
      explanation = env.sameAccount
        ? `No identity-based policy of ${caller} allows ${action} on ${resource}${env.req.resourcePolicy ? ', and the resource policy grants nothing to this principal directly' : ''}.`
        : `The resource policy allows the request, but a cross-account request also needs an Allow in the caller's identity-based policies, and none of ${caller}'s does.`;
      fix = `add an Allow for ${action} on ${resource} to an identity policy of ${caller}`;
      break;
    case 'permissionsBoundary':
      explanation = `The permissions boundary ${req.permissionsBoundary?.name ?? ''} of ${caller} does not allow ${action}; a boundary caps what identity policies and role-level resource grants can give.`;
      fix = `add an Allow for ${action} on ${resource} to the permissions boundary ${req.permissionsBoundary?.name ?? ''} of ${caller}`;
      break;
    case 'session':
      explanation = `The session policy ${req.sessionPolicy?.name ?? ''} of ${req.principal.arn} does not allow ${action}; a session policy caps the session's permissions.`;
      fix = `pass a session policy that allows ${action} on ${resource} when assuming ${caller} (or assume it without one)`;
      break;
    case 'rcp':
      explanation = `No resource control policy allows ${action}.`;
      fix = `add an Allow for ${action} to a resource control policy of account ${env.resourceAccount}`;
      break;
  }
  return { decision: 'implicitDeny', decidedBy: decidedBy(env, type), explanation, fix };
}
