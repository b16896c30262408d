/**
 * AWS's AccessDenied wording per service, from a decision.
 * Sources (ids are lines of ../shared/aws-facts/errors.jsonl):
 * - IAM/STS/CloudFormation: "User: <arn> is not authorized to perform: <action> on resource: <arn> because no
 *   <policy type> allows the <action> action" / "... with an explicit deny in a <policy type>" (E066, E073;
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html). The "on resource" part is
 *   left out for actions on `*`, as in that page's examples.
 * - STS AssumeRole implicit denials carry no "because" clause (E048, E049).
 * - S3: cross-account and anonymous callers get a bare "Access Denied" (E022); within one account the detailed
 *   form with the resource ARN in double quotes (E023, E024). Always 403 AccessDenied.
 * - KMS: 400 AccessDeniedException (E001, E002); a caller from another account denied by the key policy gets
 *   the "on this resource because the resource does not exist in this Region..." form (E006).
 * - CodePipeline: 400 AccessDeniedException with the IAM wording. Not yet confirmed by a recorded response.
 */
import { accountOfArn } from './context.js';
import type { AuthorizationRequest, Decision, PolicyType } from './types.js';

export type DenyingService = 'iam' | 'sts' | 's3' | 'kms' | 'cloudformation' | 'codepipeline';

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

function reason(req: AuthorizationRequest, decision: Decision): string {
  const type = decision.decidedBy?.policyType ?? 'identity';
  const phrase = POLICY_TYPE_PHRASE[type];
  if (decision.decision === 'explicitDeny') {
    return ` with an explicit deny in ${type === 'identity' ? 'an' : 'a'} ${phrase}`;
  }
  return ` because no ${phrase} allows the ${req.action} action`;
}

function isCrossAccount(req: AuthorizationRequest): boolean {
  const p = req.principal;
  if (p.type === 'Service' || p.type === 'Anonymous') return true;
  const pa = p.account ?? accountOfArn(p.arn);
  const ra = req.resourceAccount ?? accountOfArn(req.resource) ?? (req.resource === '*' ? pa : undefined);
  return pa !== ra;
}

export function renderDenial(service: DenyingService, req: AuthorizationRequest, decision: Decision): RenderedDenial {
  if (decision.decision === 'allowed') throw new Error('renderDenial called with an allowed decision');
  const head = `User: ${callerName(req)} is not authorized to perform: ${req.action}`;
  const onResource = req.resource === '*' ? '' : ` on resource: ${req.resource}`;
  switch (service) {
    case 's3':
      if (isCrossAccount(req)) return { code: 'AccessDenied', status: 403, message: 'Access Denied' };
      return {
        code: 'AccessDenied',
        status: 403,
        message: `${head}${req.resource === '*' ? '' : ` on resource: "${req.resource}"`}${reason(req, decision)}`,
      };
    case 'kms':
      if (isCrossAccount(req) && decision.decidedBy?.policyType === 'resource') {
        return {
          code: 'AccessDeniedException',
          status: 400,
          message: `${head} on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
        };
      }
      return { code: 'AccessDeniedException', status: 400, message: `${head}${onResource}${reason(req, decision)}` };
    case 'codepipeline':
      return { code: 'AccessDeniedException', status: 400, message: `${head}${onResource}${reason(req, decision)}` };
    case 'sts':
      if (decision.decision === 'implicitDeny' && req.action.toLowerCase().startsWith('sts:assumerole')) {
        return { code: 'AccessDenied', status: 403, message: `${head}${onResource}` };
      }
      return { code: 'AccessDenied', status: 403, message: `${head}${onResource}${reason(req, decision)}` };
    case 'iam':
    case 'cloudformation':
      return { code: 'AccessDenied', status: 403, message: `${head}${onResource}${reason(req, decision)}` };
  }
}
