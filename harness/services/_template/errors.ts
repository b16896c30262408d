/**
 * The template service's errors, one factory per AWS error code, named exactly as the code; the service raises no
 * other (parameter checks use the shared wording of ../params.ts). JSON services answer HTTP 400 for all of them.
 * Not an AWS service: a real errors.ts cites where each wording comes from (the line of
 * ../shared/aws-facts/errors.jsonl, or the recorded response), as kms/errors.ts does, and says which are not recorded.
 * Known deviations: none (there is no AWS behaviour to deviate from).
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export const NotFoundException = (arn: string) => new AwsError('NotFoundException', 400, `Note '${arn}' does not exist`);

/**
 * How the service words a refused authorization (its definition's `denial`): 400 AccessDeniedException in IAM's
 * words, as JSON services answer. A service that words callers from another account differently (S3's bare
 * "Access Denied", KMS's E006) decides it here with `isCrossAccount` from iam/render.ts.
 */
export function templateDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
