/**
 * HMAC keys in use: GenerateMac, VerifyMac. https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html
 * As recorded against real AWS (localstack tests/aws/services/kms/test_kms.snapshot.json, AWS-validated 2023-04):
 * GenerateMac answers KeyId, Mac and MacAlgorithm (test_generate_and_verify_mac, test_invalid_verify_mac); a
 * MacAlgorithm outside the enum is Coral's refusal listing [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]
 * (test_invalid_generate_mac[HMAC_256-INVALID]); one the key spec does not support is InvalidKeyUsageException
 * "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224." (…[HMAC_224-HMAC_SHA_256],
 * test_invalid_verify_mac[…HMAC_SHA_512…]); a MAC that does not match is KMSInvalidMacException with an empty message
 * (test_invalid_verify_mac[…some different important message]); a key of another usage is InvalidKeyUsageException
 * "<arn> key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac." (test_error_messaging_for_invalid_keys).
 * KeyId in the answers is the key ARN (API_GenerateMac response).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { DryRunOperationException, IncompatibleAlgorithm, KMSInvalidMacException, ValidationException } from './errors.js';
import { ANY_KEY, resolveKey, type ResolvedKey } from './identifiers.js';
import { keyCheck } from './key-auth.js';
import type { KmsOperation } from './operation-names.js';
import { enumParam, keyIdParam, sensitiveBlob } from './params.js';
import { requireUsage, usable } from './signing.js';

const MAC_ALGORITHMS = ['HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512'] as const;
type MacAlgorithm = (typeof MAC_ALGORITHMS)[number];

interface MacRequest extends ResolvedKey {
  message: Buffer;
  algorithm: MacAlgorithm;
}

function resolveMac(ctx: OperationContext, input: { KeyId?: string; Message?: Uint8Array; MacAlgorithm?: string }): MacRequest {
  const message = sensitiveBlob('Message', input.Message, 1, 4096);
  const keyId = keyIdParam(input.KeyId);
  const algorithm = enumParam('MacAlgorithm', input.MacAlgorithm, MAC_ALGORITHMS, `[${MAC_ALGORITHMS.join(', ')}]`);
  if (algorithm === undefined) throw ValidationException.member('MacAlgorithm', undefined, 'Member must not be null');
  return { ...resolveKey(ctx, keyId, ANY_KEY), message, algorithm };
}

function macCheck(action: 'GenerateMac' | 'VerifyMac') {
  return (ctx: OperationContext, _input: unknown, { key, alias, algorithm }: MacRequest) =>
    keyCheck(ctx, { key, action, alias, grantable: true, extra: { 'kms:MacAlgorithm': algorithm } });
}

function mac(operation: 'GenerateMac' | 'VerifyMac', { key, message, algorithm }: MacRequest): Buffer {
  usable(key);
  requireUsage(key, 'GENERATE_VERIFY_MAC', operation);
  if (`HMAC_SHA_${key.KeySpec.slice('HMAC_'.length)}` !== algorithm || !key.material) throw IncompatibleAlgorithm(algorithm, key.KeySpec);
  return createHmac(`sha${algorithm.slice(-3)}`, key.material).update(message).digest();
}

const GenerateMac: KmsOperation<'GenerateMac', MacRequest> = {
  resolve: resolveMac,
  authorize: macCheck('GenerateMac'),
  handler(_ctx, input, r) {
    const Mac = mac('GenerateMac', r);
    if (input.DryRun) throw DryRunOperationException();
    return { KeyId: r.key.Arn, Mac, MacAlgorithm: r.algorithm };
  },
};

const VerifyMac: KmsOperation<'VerifyMac', MacRequest & { given: Buffer }> = {
  resolve: (ctx, input) => ({ ...resolveMac(ctx, input), given: sensitiveBlob('Mac', input.Mac, 1, 6144) }),
  authorize: macCheck('VerifyMac'),
  handler(_ctx, input, r) {
    const expected = mac('VerifyMac', r);
    if (expected.length !== r.given.length || !timingSafeEqual(expected, r.given)) throw KMSInvalidMacException();
    if (input.DryRun) throw DryRunOperationException();
    return { KeyId: r.key.Arn, MacValid: true, MacAlgorithm: r.algorithm };
  },
};

export const macOperations = { GenerateMac, VerifyMac };
