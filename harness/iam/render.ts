/**
 * The wording primitives of AWS's AccessDenied messages, from a decision. Each service composes its own message
 * from them in its folder (its definition's `denial`), since services word denials differently.
 * Sources (ids are lines of ../shared/aws-facts/errors.jsonl):
 * - "User: <arn> is not authorized to perform: <action> on resource: <arn> because no <policy type> allows the
 *   <action> action" / "... with an explicit deny in a <policy type>" (E066, E073;
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html). The "on resource" part is
 *   left out for actions on `*`, as in that page's examples.
 * - Some services answer callers from another account (or anonymous ones) with less detail (E022, E006): whether a
 *   request crosses accounts is decided here, once.
 */
import { accountOfArn } from './context.js';
import type { AuthorizationRequest, Decision, PolicyType } from './types.js';

export interface RenderedDenial {
  code: string;
  status: number;
  message: string;
}

/** How AWS names each policy type in its AccessDenied messages ("because no identity-based policy allows ..."). */
export const POLICY_TYPE_PHRASE: Record<PolicyType, string> = {
  scp: 'service control policy',
  rcp: 'resource control policy',
  resource: 'resource-based policy',
  permissionsBoundary: 'permissions boundary',
  session: 'session policy',
  identity: 'identity-based policy',
};

function callerName(req: AuthorizationRequest): string {
  return req.principal.type === 'Anonymous' ? 'anonymous' : req.principal.arn;
}

/** "User: <caller> is not authorized to perform: <action>" */
export function notAuthorizedHead(req: AuthorizationRequest): string {
  return `User: ${callerName(req)} is not authorized to perform: ${req.action}`;
}

/** " on resource: <arn>" (quoted as S3 quotes it when `quoted`), nothing for `*`. */
export function onResource(req: AuthorizationRequest, opts: { quoted?: boolean } = {}): string {
  if (req.resource === '*') return '';
  return opts.quoted ? ` on resource: "${req.resource}"` : ` on resource: ${req.resource}`;
}

/** " because no <policy type> allows the <action> action" or " with an explicit deny in a <policy type>". */
export function denialReason(req: AuthorizationRequest, decision: Decision): string {
  const type = decision.decidedBy?.policyType ?? 'identity';
  const phrase = POLICY_TYPE_PHRASE[type];
  if (decision.decision === 'explicitDeny') {
    return ` with an explicit deny in ${type === 'identity' ? 'an' : 'a'} ${phrase}`;
  }
  return ` because no ${phrase} allows the ${req.action} action`;
}

/** A service principal, an anonymous caller, or a caller whose account is not the resource's. */
export function isCrossAccount(req: AuthorizationRequest): boolean {
  const p = req.principal;
  if (p.type === 'Service' || p.type === 'Anonymous') return true;
  const pa = p.account ?? accountOfArn(p.arn);
  const ra = req.resourceAccount ?? accountOfArn(req.resource) ?? (req.resource === '*' ? pa : undefined);
  return pa !== ra;
}

/** The full IAM-style message: head, resource and reason (IAM, STS, CloudFormation, CodePipeline, KMS within an account). */
export function notAuthorizedMessage(req: AuthorizationRequest, decision: Decision): string {
  if (decision.decision === 'allowed') throw new Error('a denial was worded for an allowed decision');
  return `${notAuthorizedHead(req)}${onResource(req)}${denialReason(req, decision)}`;
}
