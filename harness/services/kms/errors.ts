/**
 * KMS's error codes and words (all HTTP 400), from ../shared/aws-facts/errors.jsonl:
 * E007 NotFoundException "Key '<arn>' does not exist", E008 "Invalid keyId '<v>'", E009 "Invalid arn <region>",
 * E011 IncorrectKeyException, E012 InvalidCiphertextException (empty message), E015 KMSInvalidStateException
 * "<arn> is pending deletion.", E018 InvalidKeyUsageException, E019/E020 plaintext length, E032 DisabledException
 * "<arn> is disabled.", E005 the opaque AccessDeniedException for ciphertext whose key cannot be found.
 * Alias wording ("Alias <alias-arn> is not found.", "An alias with the name <alias-arn> already exists") is
 * quoted in practitioner reports (e.g. crossplane-contrib/provider-aws#1741, cloudbees-oss/…#66).
 * https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { isCrossAccount, notAuthorizedHead, notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';
import type { ExpectedType } from '../../protocols/coerce-problem.js';
import { jsonTypeError, validationMessage, validationPath } from '../../protocols/coerce-errors.js';
import { constraintError } from '../param-errors.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const NotFoundException = {
  key: (arn: string) => err('NotFoundException', `Key '${arn}' does not exist`),
  invalidKeyId: (value: string) => err('NotFoundException', `Invalid keyId '${value}'`),
  invalidArn: (region: string) => err('NotFoundException', `Invalid arn ${region}`),
  alias: (aliasArn: string) => err('NotFoundException', `Alias ${aliasArn} is not found.`),
  grant: (grantId: string) => err('NotFoundException', `Grant ID ${grantId} not found`),
  /** A PolicyName other than "default" (wording not recorded). */
  policy: () => err('NotFoundException', 'No such policy exists'),
};

export const DisabledException = (arn: string) => err('DisabledException', `${arn} is disabled.`);

export const KMSInvalidStateException = {
  pendingDeletion: (arn: string) => err('KMSInvalidStateException', `${arn} is pending deletion.`),
  notPendingDeletion: (arn: string) => err('KMSInvalidStateException', `${arn} is not pending deletion.`),
};

export const IncorrectKeyException = () =>
  err('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');

export const InvalidCiphertextException = () => err('InvalidCiphertextException', '');

export const InvalidKeyUsageException = (arn: string, usage: string, operation: string) =>
  err('InvalidKeyUsageException', `${arn} key usage is ${usage} which is not valid for ${operation}.`);

/**
 * An algorithm the key's spec does not support: "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224."
 * (localstack test_kms.snapshot.json test_invalid_generate_mac, AWS-validated 2023-04) and, for Encrypt,
 * "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096." (real AWS quoted in
 * zalando/spring-cloud-config-aws-kms#82).
 */
export const IncompatibleAlgorithm = (algorithm: string, keySpec: string) =>
  err('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`);

/** Verify of a signature that does not match: empty message (localstack test_sign_verify, AWS-validated). */
export const KMSInvalidSignatureException = () => err('KMSInvalidSignatureException', '');

/** VerifyMac of a MAC that does not match: empty message (localstack test_invalid_verify_mac, AWS-validated). */
export const KMSInvalidMacException = () => err('KMSInvalidMacException', '');

/** A DryRun request that would have succeeded (localstack test_generate_data_key_pair_dry_run, AWS-validated 2025-04). */
export const DryRunOperationException = () => err('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');

export const AlreadyExistsException = (aliasArn: string) =>
  err('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);

/** Reserved alias prefix alias/aws/: KMS answers NotAuthorizedException with no message. */
export const NotAuthorizedException = () => err('NotAuthorizedException', '');

export const ValidationException = {
  /** A message of its own ("Please specify either number of bytes or key spec."). */
  message: (message: string) => err('ValidationException', message),
  /** Coral's "1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: …". */
  member: (member: string, value: unknown, constraint: string, opts: { sensitive?: boolean } = {}) =>
    constraintError('ValidationException', member, value, constraint, opts),
  /** The same for a member inside a list ('tags.1.member.tagKey': path ['Tags', 1, 'TagKey']). */
  at: (path: Array<string | number>, value: unknown, constraint: string) =>
    err('ValidationException', validationMessage(`Value '${String(value)}' at '${validationPath(path)}'`, constraint)),
};

/** A tag KMS refuses (tag-rules.ts: "Tags beginning with aws: are reserved", "Duplicate tag keys", "Too many tags"). */
export const TagException = (message: string) => err('TagException', message);

/**
 * A member of the wrong type, worded as the JSON protocol words it ("STRING_VALUE can not be converted to a Blob"):
 * what a service calling KMS internally (not through the wire, so not coerced) gets for such a value.
 */
export const SerializationException = (member: string, expected: ExpectedType, value: unknown) => jsonTypeError({ expected, value, path: [member] });

/**
 * An operation the key cannot take part in. RotateKeyOnDemand on an asymmetric key answers it with an empty message
 * (localstack test_kms.snapshot.json test_rotate_key_on_demand_raises_error_given_non_symmetric_key, AWS-validated
 * 2025-03); that EnableKeyRotation, DisableKeyRotation and ListKeyRotations answer the same is not recorded.
 */
export const UnsupportedOperationException = (message = '') => err('UnsupportedOperationException', message);

/** The key policy quota (see key-policy-validate.ts); the on-demand rotation quota (rotation.ts). */
export const LimitExceededException = (message: string) => err('LimitExceededException', message);

export const MalformedPolicyDocumentException = (message: string) => err('MalformedPolicyDocumentException', message);

export const InvalidGrantTokenException = () => err('InvalidGrantTokenException', 'Invalid grant token');

export const AccessDeniedException = {
  /** E005: Decrypt of a blob whose key is gone, in another Region, or unknown to us. */
  ciphertextKeyUnavailable: () =>
    err(
      'AccessDeniedException',
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    ),
};

/**
 * KMS denials: 400 AccessDeniedException in IAM's words (E001, E002); a caller from another account denied by the key
 * policy gets the "on this resource because the resource does not exist in this Region..." form (E006).
 */
export function kmsDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  const message =
    isCrossAccount(request) && decision.decidedBy?.policyType === 'resource'
      ? `${notAuthorizedHead(request)} on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`
      : notAuthorizedMessage(request, decision);
  return deniedError('AccessDeniedException', 400, message, decision);
}
