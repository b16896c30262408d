/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext (data-key-pairs.ts) through the real
 * @aws-sdk/client-kms over both transports. Sources: localstack/localstack tests/aws/services/kms/test_kms.snapshot.json
 * (tests marked aws.validated), named on each case.
 */
import { CreateKeyCommand, DecryptCommand, GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand, KMSClient } from '@aws-sdk/client-kms';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const SDK_EMPTY = 'UnknownError';
const CONTEXT = { purpose: 'data key pair' };

describe.each(['in-process', 'http'] as const)('KMS data key pairs over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  let keyId: string;
  let keyArn: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
    const meta = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    keyId = meta.KeyId!;
    keyArn = meta.Arn!;
  });
  afterAll(() => emu.dispose());

  it.each(['RSA_2048', 'ECC_NIST_P256', 'ECC_SECG_P256K1'] as const)('generates a %s pair whose sealed private key decrypts to the plaintext one (test_generate_data_key_pair)', async (KeyPairSpec) => {
    const out = await kms.send(new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec, EncryptionContext: CONTEXT }));
    expect({ KeyId: out.KeyId, KeyPairSpec: out.KeyPairSpec }).toEqual({ KeyId: keyArn, KeyPairSpec });
    const priv = createPrivateKey({ key: Buffer.from(out.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
    const pub = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
    expect(createPublicKey(priv).export({ format: 'der', type: 'spki' }).equals(pub.export({ format: 'der', type: 'spki' }))).toBe(true);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob, EncryptionContext: CONTEXT }));
    expect(Buffer.from(opened.Plaintext!).equals(Buffer.from(out.PrivateKeyPlaintext!))).toBe(true);
    // test_encryption_context_generate_data_key_pair: without the context the sealed key does not open.
    expect(await awsError(kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob })))).toEqual({ code: 'InvalidCiphertextException', status: 400, message: SDK_EMPTY });
  });

  it('leaves the private key out WithoutPlaintext (test_generate_data_key_pair_without_plaintext)', async () => {
    const { $metadata: _, ...out } = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048' }));
    expect(Object.keys(out).sort()).toEqual(['KeyId', 'KeyPairSpec', 'PrivateKeyCiphertextBlob', 'PublicKey']);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob }));
    expect(createPrivateKey({ key: Buffer.from(opened.Plaintext!), format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('rsa');
  });

  it('answers DryRun with DryRunOperationException (test_generate_data_key_pair[_without_plaintext]_dry_run)', async () => {
    const refusal = { code: 'DryRunOperationException', status: 400, message: 'The request would have succeeded, but the DryRun option is set.' };
    expect(await awsError(kms.send(new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048', DryRun: true })))).toEqual(refusal);
    expect(await awsError(kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048', DryRun: true })))).toEqual(refusal);
  });

  it('refuses a signing key (InvalidKeyUsageException in the recorded form, E018)', async () => {
    const signing = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    expect(await awsError(kms.send(new GenerateDataKeyPairCommand({ KeyId: signing.KeyId, KeyPairSpec: 'RSA_2048' })))).toEqual({
      code: 'InvalidKeyUsageException',
      status: 400,
      message: `${signing.Arn} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.`,
    });
  });
});
