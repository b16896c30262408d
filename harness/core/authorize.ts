/**
 * Builds the policy engine's input for one authorization: the caller's identity policies, permissions boundary
 * and session policies from IAM, the resource policy the operation declared, and the request context the path
 * knows (transport, source IP, time, region, calling service).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * The account root is modelled as an identity that may do everything in its own account; resource policies and
 * the KMS key policy still bind it, as in AWS.
 */
import type { AuthorizationRequest, ContextValue, NamedPolicy } from '../iam/types.js';
import { defaultVersionDocument, findManagedPolicy, iamStore, type RoleRecord, type UserRecord } from '../services/iam/store.js';
import type { AuthCheck, CallerVia } from '../services/types.js';
import type { Principal } from '../world/principal.js';
import type { World } from '../world/world.js';

export interface RequestFacts {
  secureTransport: boolean;
  sourceIp: string;
  region: string;
  via?: CallerVia;
  now?: Date;
}

const ROOT_POLICY: NamedPolicy = {
  name: 'account root (implicit full access in its own account)',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

interface Attachable {
  inline: Map<string, string>;
  attached: Set<string>;
  PermissionsBoundary?: string;
}

function policiesOf(world: World, entity: Attachable, label: string): { identity: NamedPolicy[]; boundary?: NamedPolicy } {
  const identity: NamedPolicy[] = [];
  for (const [name, doc] of entity.inline) identity.push({ name: `${label} inline policy ${name}`, document: doc });
  for (const arn of entity.attached) {
    const p = findManagedPolicy(world, arn);
    if (p) identity.push({ name: arn, document: defaultVersionDocument(p) });
  }
  let boundary: NamedPolicy | undefined;
  if (entity.PermissionsBoundary) {
    const p = findManagedPolicy(world, entity.PermissionsBoundary);
    // A boundary that no longer exists allows nothing, as an empty policy would.
    boundary = { name: entity.PermissionsBoundary, document: p ? defaultVersionDocument(p) : { Version: '2012-10-17', Statement: [] } };
  }
  return { identity, boundary };
}

function entityOf(world: World, principal: Principal): { entity?: RoleRecord | UserRecord; label: string } {
  if (!principal.account) return { label: principal.arn };
  const account = world.account(principal.account);
  if (!account) return { label: principal.arn };
  const iam = iamStore(account);
  if (principal.type === 'AssumedRole' && principal.roleName) {
    return { entity: iam.roles.get(principal.roleName), label: `role ${principal.roleName}` };
  }
  if (principal.type === 'User' && principal.username) {
    return { entity: iam.users.get(principal.username), label: `user ${principal.username}` };
  }
  return { label: principal.arn };
}

export function buildAuthorizationRequest(world: World, principal: Principal, check: AuthCheck, facts: RequestFacts): AuthorizationRequest {
  const now = facts.now ?? new Date();
  const context: Record<string, ContextValue> = {
    'aws:SecureTransport': facts.secureTransport ? 'true' : 'false',
    'aws:SourceIp': facts.sourceIp,
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:RequestedRegion': facts.region,
  };
  if (facts.via) {
    context['aws:CalledVia'] = [facts.via.calledVia];
    context['aws:CalledViaFirst'] = facts.via.calledVia;
    context['aws:CalledViaLast'] = facts.via.calledVia;
    context['kms:ViaService'] = facts.via.viaService;
  }
  Object.assign(context, check.context);

  const req: AuthorizationRequest = {
    principal,
    action: check.action,
    resource: check.resource,
    resourceAccount: check.resourceAccount,
    context,
    resourcePolicy: check.resourcePolicy,
  };
  if (principal.type === 'Account') {
    req.identityPolicies = [ROOT_POLICY];
  } else if (principal.type === 'User' || principal.type === 'AssumedRole') {
    const { entity, label } = entityOf(world, principal);
    if (entity) {
      const { identity, boundary } = policiesOf(world, entity, label);
      req.identityPolicies = identity;
      if (boundary) req.permissionsBoundary = boundary;
    } else {
      // The user or role was deleted after the credentials were issued: nothing allows anything.
      req.identityPolicies = [];
    }
    if (principal.sessionPolicies && principal.sessionPolicies.length > 0) {
      req.sessionPolicy = mergeSessionPolicies(principal.sessionPolicies);
    }
  }
  return req;
}

/** AssumeRole's inline Policy and PolicyArns together form one session policy: a statement allows if any does. */
function mergeSessionPolicies(policies: NamedPolicy[]): NamedPolicy {
  if (policies.length === 1) return policies[0]!;
  const statements: unknown[] = [];
  for (const p of policies) {
    const doc = (typeof p.document === 'string' ? JSON.parse(p.document) : p.document) as { Statement?: unknown };
    const s = doc.Statement;
    if (Array.isArray(s)) statements.push(...s);
    else if (s) statements.push(s);
  }
  return { name: policies.map((p) => p.name).join(' + '), document: { Version: '2012-10-17', Statement: statements } };
}
