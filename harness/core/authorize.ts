/**
 * Builds the policy engine's input for one authorization: the caller's identity policies and permissions boundary
 * (from the policy source the identity service registered), its session policies, the resource policy the operation
 * declared, and the request context the path knows (transport, source IP, time, region, calling service).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * The account root is modelled as an identity that may do everything in its own account; resource policies and
 * the KMS key policy still bind it, as in AWS.
 */
import type { AuthorizationRequest, ContextValue, NamedPolicy } from '../iam/types.js';
import type { AuthCheck, CallerVia, PolicySource } from './service.js';
import type { Principal } from '../world/principal.js';
import type { World } from '../world/world.js';

export interface RequestFacts {
  secureTransport: boolean;
  sourceIp: string;
  region: string;
  via?: CallerVia;
  now?: Date;
}

/** The name of the identity policy that stands for an account root's implicit access (not a grant anyone wrote). */
export const ROOT_POLICY_NAME = 'account root (implicit full access in its own account)';

const ROOT_POLICY: NamedPolicy = {
  name: ROOT_POLICY_NAME,
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

export function buildAuthorizationRequest(
  world: World,
  policies: PolicySource,
  principal: Principal,
  check: AuthCheck,
  facts: RequestFacts,
): AuthorizationRequest {
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
  } else if (principal.type === 'User' || principal.type === 'AssumedRole' || principal.type === 'FederatedUser') {
    const found = policies.principalPolicies(world, principal);
    if (found) {
      req.identityPolicies = found.identity;
      if (found.boundary) req.permissionsBoundary = found.boundary;
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
