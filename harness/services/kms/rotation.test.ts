/**
 * Key rotation (rotation.ts), UpdateKeyDescription and GenerateRandom through the real @aws-sdk/client-kms over both
 * transports. Sources: localstack/localstack tests/aws/services/kms/test_kms.snapshot.json (tests marked
 * aws.validated; named on each case) and the KMS API reference pages named inline.
 */
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateRandomCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const text = (s: string) => new TextEncoder().encode(s);

describe.each(['in-process', 'http'] as const)('KMS rotation, UpdateKeyDescription, GenerateRandom over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  const newKey = async (input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) => (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  describe('automatic rotation', () => {
    it('is off on a new key and answers the key ARN (test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_disabled)', async () => {
      const key = await newKey();
      const { $metadata: _, ...status } = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
      expect(status).toEqual({ KeyId: key.Arn, KeyRotationEnabled: false });
    });

    it.each([90, 180])('turns on with RotationPeriodInDays %i and off again (test_key_enable_rotation_status)', async (days) => {
      const key = await newKey();
      await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: days }));
      const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }));
      expect(status).toMatchObject({ KeyId: key.Arn, KeyRotationEnabled: true, RotationPeriodInDays: days });
      expect(status.NextRotationDate!.getTime() - Date.now()).toBeGreaterThan((days - 1) * 86_400_000);
      await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
      expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(false);
    });

    it('defaults to a 365-day period (test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_enabled)', async () => {
      const key = await newKey();
      await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
      expect(await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    });

    it.each([
      [89, 'greater than or equal to 90'],
      [2561, 'less than or equal to 2560'],
    ])('refuses RotationPeriodInDays %i (API_EnableKeyRotation range, Coral wording as recorded for numberOfBytes)', async (days, bound) => {
      const key = await newKey();
      expect(await awsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: days })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value '${days}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value ${bound}`,
      });
    });

    it.each([
      ['RSA_2048', 'SIGN_VERIFY'],
      ['HMAC_256', 'GENERATE_VERIFY_MAC'],
    ] as const)('refuses a %s key, whose status is always false (API_GetKeyRotationStatus)', async (KeySpec, KeyUsage) => {
      const key = await newKey({ KeySpec, KeyUsage });
      const refusal = { code: 'UnsupportedOperationException', status: 400, message: 'UnknownError' };
      expect(await awsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })))).toEqual(refusal);
      expect(await awsError(kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })))).toEqual(refusal);
      expect(await awsError(kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId })))).toEqual(refusal);
      expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(false);
    });

    it('reports the AWS managed aws/s3 key as always rotating yearly and refuses to change it', async () => {
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
      expect(await kms.send(new GetKeyRotationStatusCommand({ KeyId: meta.KeyId }))).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
      // Its key policy grants the account only Describe*/Get*/List* directly (key-policy-text.ts), so KMS refuses
      // in the E001 form of errors.jsonl.
      expect(await awsError(kms.send(new EnableKeyRotationCommand({ KeyId: meta.KeyId })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: arn:aws:iam::${A}:root is not authorized to perform: kms:EnableKeyRotation on resource: ${meta.Arn} because no resource-based policy allows the kms:EnableKeyRotation action`,
      });
    });
  });

  describe('on-demand rotation', () => {
    it('answers the key ARN, keeps old ciphertexts decryptable and lists the rotation (test_rotate_on_demand_returns_arn_for_key_id, test_key_rotations_encryption_decryption)', async () => {
      const key = await newKey();
      const before = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('secret') }))).CiphertextBlob!;
      expect((await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }))).KeyId).toBe(key.Arn);
      const after = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
      // test_key_rotation_updates_current_key_material_id_for_aws_symmetric_keys: a new CurrentKeyMaterialId.
      expect(key.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      expect(after.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
      expect(after.CurrentKeyMaterialId).not.toBe(key.CurrentKeyMaterialId);
      expect(new TextDecoder().decode((await kms.send(new DecryptCommand({ CiphertextBlob: before }))).Plaintext)).toBe('secret');
      const listed = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
      expect(listed.Rotations).toEqual([{ KeyId: key.Arn, KeyMaterialId: after.CurrentKeyMaterialId, RotationDate: expect.any(Date), RotationType: 'ON_DEMAND' }]);
      expect(listed.Truncated).toBe(false);
      // Automatic rotation stays off (…_automatic_rotation_disabled).
      expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(false);
    });

    it('refuses the 11th on-demand rotation (test_key_rotations_limits)', async () => {
      const key = await newKey();
      for (let i = 0; i < 10; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
      expect(await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).toEqual({
        code: 'LimitExceededException',
        status: 400,
        message: `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
      });
    });

    it('refuses a disabled key (test_rotate_key_on_demand_raises_error_given_key_is_disabled)', async () => {
      const key = await newKey();
      await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      expect(await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).toEqual({ code: 'DisabledException', status: 400, message: `${key.Arn} is disabled.` });
    });

    it('refuses an unknown key (test_rotate_key_on_demand_raises_error_given_key_that_does_not_exist)', async () => {
      const id = '11111111-2222-3333-4444-555555555555';
      expect(await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: id })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: `Key 'arn:aws:kms:us-east-1:${A}:key/${id}' does not exist`,
      });
    });

    it('refuses an asymmetric key with an empty message (test_rotate_key_on_demand_raises_error_given_non_symmetric_key)', async () => {
      const key = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      // The SDK renders the empty message as "UnknownError".
      expect(await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).toEqual({ code: 'UnsupportedOperationException', status: 400, message: 'UnknownError' });
    });
  });

  describe('UpdateKeyDescription (API_UpdateKeyDescription)', () => {
    it('changes the description DescribeKey reports', async () => {
      const key = await newKey({ Description: 'old' });
      await kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'new words' }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.Description).toBe('new words');
    });

    it('refuses a description over 8192 characters in Coral words', async () => {
      const key = await newKey();
      const Description = 'd'.repeat(8193);
      expect(await awsError(kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: `1 validation error detected: Value '${Description}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192`,
      });
    });
  });

  describe('GenerateRandom (test_generate_random, test_generate_random_invalid_number_of_bytes)', () => {
    it.each([1, 12, 44, 91, 1024])('answers %i random bytes', async (NumberOfBytes) => {
      expect((await kms.send(new GenerateRandomCommand({ NumberOfBytes }))).Plaintext).toHaveLength(NumberOfBytes);
    });

    it.each([
      [undefined, 'NumberOfBytes is required.'],
      [0, "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"],
      [1025, "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"],
    ])('refuses NumberOfBytes %s', async (NumberOfBytes, message) => {
      expect(await awsError(kms.send(new GenerateRandomCommand({ NumberOfBytes })))).toEqual({ code: 'ValidationException', status: 400, message });
    });
  });
});
