/**
 * HMAC keys (mac.ts) through the real @aws-sdk/client-kms over both transports (the key material never leaves KMS,
 * so a MAC is checked by VerifyMac, its length and its repeatability).
 * Sources: localstack/localstack tests/aws/services/kms/test_kms.snapshot.json (tests marked aws.validated, 2023-04),
 * named on each case.
 */
import { CreateKeyCommand, DescribeKeyCommand, GenerateMacCommand, KMSClient, VerifyMacCommand, type MacAlgorithmSpec } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const MESSAGE = Buffer.from('some important message');
/** How @aws-sdk renders the empty message KMS sends for KMSInvalidMacException. */
const SDK_EMPTY = 'UnknownError';

describe.each(['in-process', 'http'] as const)('KMS HMAC keys over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  const hmacKey = async (KeySpec: 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512') =>
    (await kms.send(new CreateKeyCommand({ Description: 'test key', KeySpec, KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it.each([
    ['HMAC_224', 'HMAC_SHA_224', 28],
    ['HMAC_256', 'HMAC_SHA_256', 32],
    ['HMAC_384', 'HMAC_SHA_384', 48],
    ['HMAC_512', 'HMAC_SHA_512', 64],
  ] as const)('%s generates and verifies %s MACs (test_generate_and_verify_mac, test_hmac_create_key)', async (spec, MacAlgorithm, length) => {
    const key = await hmacKey(spec);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC', MacAlgorithms: [MacAlgorithm] });
    const generated = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm }));
    expect({ KeyId: generated.KeyId, MacAlgorithm: generated.MacAlgorithm }).toEqual({ KeyId: key.Arn, MacAlgorithm });
    expect(generated.Mac).toHaveLength(length);
    // The same message and key give the same MAC.
    expect(Buffer.from((await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm }))).Mac!).equals(Buffer.from(generated.Mac!))).toBe(true);
    const { $metadata: _, ...verified } = await kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: MESSAGE, Mac: generated.Mac, MacAlgorithm }));
    expect(verified).toEqual({ KeyId: key.Arn, MacValid: true, MacAlgorithm });
  });

  it('refuses a MAC of another message (test_invalid_verify_mac[HMAC_256-HMAC_SHA_256-some different important message])', async () => {
    const key = await hmacKey('HMAC_256');
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' }));
    expect(await awsError(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: Buffer.from('some different important message'), Mac, MacAlgorithm: 'HMAC_SHA_256' })))).toEqual({
      code: 'KMSInvalidMacException',
      status: 400,
      message: SDK_EMPTY,
    });
  });

  it('refuses an algorithm the key spec does not support (test_invalid_generate_mac[HMAC_224-HMAC_SHA_256], test_invalid_verify_mac[…HMAC_SHA_512…])', async () => {
    const key224 = await hmacKey('HMAC_224');
    expect(await awsError(kms.send(new GenerateMacCommand({ KeyId: key224.KeyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' })))).toEqual({
      code: 'InvalidKeyUsageException',
      status: 400,
      message: 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.',
    });
    const key256 = await hmacKey('HMAC_256');
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: key256.KeyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' }));
    expect(await awsError(kms.send(new VerifyMacCommand({ KeyId: key256.KeyId, Message: MESSAGE, Mac, MacAlgorithm: 'HMAC_SHA_512' })))).toEqual({
      code: 'InvalidKeyUsageException',
      status: 400,
      message: 'Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.',
    });
  });

  it('refuses a MacAlgorithm outside the enum (test_invalid_generate_mac[HMAC_256-INVALID])', async () => {
    const key = await hmacKey('HMAC_256');
    expect(await awsError(kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm: 'INVALID' as MacAlgorithmSpec })))).toEqual({
      code: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]",
    });
  });

  it('refuses GenerateMac with a symmetric key (test_error_messaging_for_invalid_keys "generate-mac-invalid-key-id")', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    expect(await awsError(kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' })))).toEqual({
      code: 'InvalidKeyUsageException',
      status: 400,
      message: `${key.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    });
  });
});
