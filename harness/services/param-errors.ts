/**
 * The parameter errors every Coral-based service shares, named as AWS names them:
 * - "1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: Member must …", the
 *   service's validation code (query services ValidationError, JSON services ValidationException), HTTP 400.
 *   KMS leaves a sensitive value out ("Value at 'plaintext' …", E019/E020 of errors.jsonl).
 * - query protocol: 400 MalformedInput for a scalar that does not parse (see params.ts for the wording's source);
 * - JSON protocol: 400 SerializationException for a member that is not of its JSON type;
 * - a policy document the policy engine refused, with the code, status and words the engine chose for the service
 *   (MalformedPolicyDocument, LimitExceeded, MalformedPolicy…: harness/iam/validate.ts).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
import { AwsError } from '../core/errors.js';
import { validationMessage, validationPath } from '../protocols/coerce-errors.js';

export type ValidationCode = 'ValidationError' | 'ValidationException';

export const MalformedInput = (message: string) => new AwsError('MalformedInput', 400, message);

export const SerializationException = (message: string) => new AwsError('SerializationException', 400, message);

/** Coral names a member by its wire name with the first letter lowered (`RoleName` -> `roleName`). */
export function memberName(name: string): string {
  return validationPath([name]);
}

/** `value` undefined or null reads "Value null"; `{ sensitive: true }` leaves the value out as KMS does. */
export function constraintError(code: ValidationCode, member: string, value: unknown, constraint: string, opts: { sensitive?: boolean } = {}): AwsError {
  const at = `at '${memberName(member)}'`;
  const valuePart = opts.sensitive ? `Value ${at}` : value === undefined || value === null ? `Value null ${at}` : `Value '${String(value)}' ${at}`;
  return new AwsError(code, 400, validationMessage(valuePart, constraint));
}

export function policyRefusal(failure: { code: string; status: number; message: string }): AwsError {
  return new AwsError(failure.code, failure.status, failure.message);
}
