/**
 * Key material rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
 * ListKeyRotations. https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 * As recorded against real AWS (localstack tests/aws/services/kms/test_kms.snapshot.json, AWS-validated tests):
 * - GetKeyRotationStatus answers KeyId (the key ARN) and KeyRotationEnabled, plus RotationPeriodInDays and
 *   NextRotationDate while automatic rotation is on (test_key_enable_rotation_status[90|180],
 *   test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_disabled|enabled); the default period is 365.
 * - RotateKeyOnDemand answers the key ARN (test_rotate_on_demand_returns_arn_for_key_id), keeps ciphertexts sealed
 *   before it decryptable (test_key_rotations_encryption_decryption), refuses a disabled key with DisabledException
 *   (test_rotate_key_on_demand_raises_error_given_key_is_disabled), an asymmetric key with
 *   UnsupportedOperationException and no message (…_given_non_symmetric_key), and the 11th rotation with
 *   LimitExceededException (test_key_rotations_limits).
 * - RotationPeriodInDays outside 90..2560 is Coral's range refusal (API_EnableKeyRotation; the wording of the
 *   recorded NumberOfBytes range refusal, test_generate_random_invalid_number_of_bytes).
 * GetKeyRotationStatus of an asymmetric or HMAC key is false ("The key rotation status of these KMS keys is always
 * false", API_GetKeyRotationStatus); of an AWS managed key always true, every 365 days (same page).
 * Known deviations: automatic rotation is recorded but never happens (the emulator clock does not run it);
 * EnableKeyRotation/DisableKeyRotation/ListKeyRotations refuse non-symmetric keys in RotateKeyOnDemand's recorded
 * words (theirs are not recorded); the AWS managed key's NextRotationDate counts from its creation.
 */
import { randomBytes } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { DisabledException, KMSInvalidStateException, LimitExceededException, UnsupportedOperationException } from './errors.js';
import { KEY_ONLY_ANY_ACCOUNT, OWN_KEY, resolveKey } from './identifiers.js';
import { keyCheck } from './key-auth.js';
import { newMaterialId } from './key-material.js';
import type { KmsOperation } from './operation-names.js';
import { integer, keyIdParam, kmsPage } from './params.js';
import type { KeyRecord } from './store.js';

const DAY = 86_400_000;
const DEFAULT_PERIOD = 365;
/** On-demand rotations per key (rotate-keys-on-demand.html; the 11th is refused in test_key_rotations_limits). */
const ON_DEMAND_LIMIT = 10;

const ownKey = (ctx: OperationContext, input: { KeyId?: string }) => resolveKey(ctx, keyIdParam(input.KeyId), OWN_KEY).key;

function usable(key: KeyRecord): void {
  if (key.KeyState === 'Disabled') throw DisabledException(key.Arn);
  if (key.KeyState === 'PendingDeletion') throw KMSInvalidStateException.pendingDeletion(key.Arn);
}

function symmetric(key: KeyRecord): void {
  if (key.KeySpec !== 'SYMMETRIC_DEFAULT' || !key.material) throw UnsupportedOperationException();
}

const EnableKeyRotation: KmsOperation<'EnableKeyRotation', KeyRecord> = {
  resolve(ctx, input) {
    integer('RotationPeriodInDays', input.RotationPeriodInDays, { min: 90, max: 2560 });
    return ownKey(ctx, input);
  },
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'EnableKeyRotation' }),
  handler(ctx, input, key) {
    usable(key);
    symmetric(key);
    const periodDays = input.RotationPeriodInDays ?? key.rotation?.periodDays ?? DEFAULT_PERIOD;
    key.rotation = { periodDays, nextRotationDate: new Date(ctx.now().getTime() + periodDays * DAY) };
    return {};
  },
};

const DisableKeyRotation: KmsOperation<'DisableKeyRotation', KeyRecord> = {
  resolve: ownKey,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'DisableKeyRotation' }),
  handler(_ctx, _input, key) {
    usable(key);
    symmetric(key);
    delete key.rotation;
    return {};
  },
};

const GetKeyRotationStatus: KmsOperation<'GetKeyRotationStatus', KeyRecord> = {
  resolve: (ctx, input) => resolveKey(ctx, keyIdParam(input.KeyId), KEY_ONLY_ANY_ACCOUNT).key,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'GetKeyRotationStatus' }),
  handler(_ctx, _input, key) {
    if (key.KeyManager === 'AWS') {
      const next = new Date(key.CreationDate.getTime() + DEFAULT_PERIOD * DAY);
      return { KeyId: key.Arn, KeyRotationEnabled: true, RotationPeriodInDays: DEFAULT_PERIOD, NextRotationDate: next };
    }
    if (!key.rotation) return { KeyId: key.Arn, KeyRotationEnabled: false };
    return { KeyId: key.Arn, KeyRotationEnabled: true, RotationPeriodInDays: key.rotation.periodDays, NextRotationDate: key.rotation.nextRotationDate };
  },
};

const RotateKeyOnDemand: KmsOperation<'RotateKeyOnDemand', KeyRecord> = {
  resolve: ownKey,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'RotateKeyOnDemand' }),
  handler(ctx, _input, key) {
    usable(key);
    symmetric(key);
    const onDemand = (key.rotations ?? []).filter((r) => r.RotationType === 'ON_DEMAND').length;
    if (onDemand >= ON_DEMAND_LIMIT) {
      throw LimitExceededException(
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
      );
    }
    key.previousMaterials = [...(key.previousMaterials ?? []), key.material!];
    key.material = randomBytes(32);
    key.materialId = newMaterialId();
    key.rotations = [...(key.rotations ?? []), { KeyMaterialId: key.materialId, RotationDate: ctx.now(), RotationType: 'ON_DEMAND' }];
    return { KeyId: key.Arn };
  },
};

const ListKeyRotations: KmsOperation<'ListKeyRotations', KeyRecord> = {
  resolve: ownKey,
  authorize: (ctx, _input, key) => keyCheck(ctx, { key, action: 'ListKeyRotations' }),
  handler(_ctx, input, key) {
    symmetric(key);
    const { page, Truncated, NextMarker } = kmsPage(key.rotations ?? [], input);
    return { Rotations: page.map((r) => ({ KeyId: key.Arn, ...r })), Truncated, ...(NextMarker ? { NextMarker } : {}) };
  },
};

export const rotationOperations = { EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations };
