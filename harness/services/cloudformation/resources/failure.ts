/**
 * How a failed resource operation reads in a stack event's ResourceStatusReason, per handler generation.
 * Evidence (../shared/aws-facts/errors.jsonl):
 * - legacy handlers, access denied: "API: <action> <service message>" — E069 (iam:CreateRole with the IAM
 *   "User: … is not authorized …" text), E070 ("API: s3:CreateBucket Access Denied"), E071 (s3:PutBucketPolicy).
 * - legacy handlers, other errors: "<message> (Service: <label>; Status Code: <n>; Error Code: <code>; Request ID: <id>; Proxy: null)" — E082.
 * - registry (Cloud Control) handlers: `Resource handler returned message: "<message> (Service: <label>, Status Code: <n>,
 *   Request ID: <id>)" (RequestToken: <token>, HandlerErrorCode: <code>)` — E072 (S3 denial), E081 (KMS).
 * Known deviation: the registry form's "(SDK Attempt Count: 1)" suffix seen in E081 is left out; the S3 "Extended
 * Request ID" is not invented.
 */
import { randomUUID } from 'node:crypto';
import { isAwsError } from '../../../core/errors.js';
import type { ResourceMapper } from './types.js';

/** A resource operation that failed on a call to another service. */
export class ResourceCallFailure extends Error {
  constructor(
    readonly action: string,
    readonly error: unknown,
    readonly requestId: string,
  ) {
    super(isAwsError(error) ? error.message : String(error));
  }
}

/** A failure the mapper itself reports (a missing required property, an unsupported value). */
export class ResourceInputFailure extends Error {}

const DENIAL_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'AuthorizationError']);

function handlerErrorCode(code: string, status: number): string {
  if (DENIAL_CODES.has(code)) return 'AccessDenied';
  if (/NotFound|NoSuch/.test(code)) return 'NotFound';
  if (/AlreadyExists|InUse|EntityAlreadyExists|BucketAlreadyOwnedByYou/.test(code)) return 'AlreadyExists';
  if (/Limit/.test(code)) return 'ServiceLimitExceeded';
  return status >= 500 ? 'ServiceInternalError' : 'InvalidRequest';
}

export function statusReason(mapper: ResourceMapper, failure: unknown): string {
  if (failure instanceof ResourceInputFailure) return failure.message;
  if (!(failure instanceof ResourceCallFailure)) return failure instanceof Error ? failure.message : String(failure);
  const err = failure.error;
  if (!isAwsError(err)) return `Internal failure: ${err instanceof Error ? err.message : String(err)}`;
  const style = mapper.failureStyle;
  if (style.kind === 'legacy') {
    if (DENIAL_CODES.has(err.code)) return `API: ${failure.action} ${err.message}`;
    return `${err.message} (Service: ${style.serviceLabel}; Status Code: ${err.status}; Error Code: ${err.code}; Request ID: ${failure.requestId}; Proxy: null)`;
  }
  return (
    `Resource handler returned message: "${err.message} (Service: ${style.serviceLabel}, Status Code: ${err.status}, Request ID: ${failure.requestId})" ` +
    `(RequestToken: ${randomUUID()}, HandlerErrorCode: ${handlerErrorCode(err.code, err.status)})`
  );
}
