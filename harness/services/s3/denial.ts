/**
 * S3's AccessDenied wording (always 403 AccessDenied): cross-account and anonymous callers get a bare "Access Denied"
 * (errors.jsonl E022); within one account the detailed form with the resource ARN in double quotes (E023, E024).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html
 */
import { deniedError, type AwsError } from '../../core/errors.js';
import { denialReason, isCrossAccount, notAuthorizedHead, onResource } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

export function s3Denial(req: AuthorizationRequest, decision: Decision): AwsError {
  const message = isCrossAccount(req) ? 'Access Denied' : `${notAuthorizedHead(req)}${onResource(req, { quoted: true })}${denialReason(req, decision)}`;
  return deniedError('AccessDenied', 403, message, decision);
}
