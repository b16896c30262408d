/**
 * STS's error codes and their HTTP statuses, named as STS names them.
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html and API_AssumeRole.html#API_AssumeRole_Errors.
 * Each wording's source is cited in the test that asserts it (sts.test.ts, session-policy.test.ts).
 * An unknown policy ARN in PolicyArns answers with IAM's NoSuchEntity (404) and wording.
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedHead, notAuthorizedMessage, onResource } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const ValidationError = (message: string) => new AwsError('ValidationError', 400, message);
export const AccessDenied = (message: string) => new AwsError('AccessDenied', 403, message);
export const NoSuchEntity = (message: string) => new AwsError('NoSuchEntity', 404, message);

/**
 * 403 AccessDenied in IAM's words (E066), except that an implicit denial of sts:AssumeRole* carries no "because"
 * clause (E048, E049), nor one of sts:TagSession: AWS's answers that users quote in public repositories (a Karpenter
 * controller's log, "AccessDenied: User: arn:aws:sts::…:assumed-role/KarpenterController/… is not authorized to
 * perform: sts:TagSession on resource: arn:aws:iam::…:role/…" with status code 403; GitHub Actions runbooks) end
 * at the resource. No AWS-recorded response (LocalStack snapshot, botocore fixture) of it was found.
 */
export function stsDenial(req: AuthorizationRequest, decision: Decision): AwsError {
  const action = req.action.toLowerCase();
  const bare = decision.decision === 'implicitDeny' && (action.startsWith('sts:assumerole') || action === 'sts:tagsession');
  return deniedError('AccessDenied', 403, bare ? `${notAuthorizedHead(req)}${onResource(req)}` : notAuthorizedMessage(req, decision), decision);
}

/** 400 InvalidParameterValue, as STS words its session-tag refusals (recorded wordings cited in session-tags.test.ts). */
export const InvalidParameterValue = (message: string) => new AwsError('InvalidParameterValue', 400, message);
