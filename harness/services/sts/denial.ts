/**
 * STS's AccessDenied wording: 403 AccessDenied in IAM's words (errors.jsonl E066), except that an implicit denial of
 * sts:AssumeRole* carries no "because" clause (E048, E049).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import { deniedError, type AwsError } from '../../core/errors.js';
import { notAuthorizedHead, notAuthorizedMessage, onResource } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export function stsDenial(req: AuthorizationRequest, decision: Decision): AwsError {
  const bare = decision.decision === 'implicitDeny' && req.action.toLowerCase().startsWith('sts:assumerole');
  return deniedError('AccessDenied', 403, bare ? `${notAuthorizedHead(req)}${onResource(req)}` : notAuthorizedMessage(req, decision), decision);
}
