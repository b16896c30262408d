/**
 * Asymmetric keys in use (signing.ts, signatures.ts, rsa-encryption.ts) through the real @aws-sdk/client-kms over
 * both transports: signatures KMS makes verify with the public key GetPublicKey returns (node:crypto as the
 * independent verifier), and the refusals in AWS's words. Sources: localstack/localstack
 * tests/aws/services/kms/test_kms.snapshot.json (tests marked aws.validated; named on each case), errors.jsonl ids.
 */
import {
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  VerifyCommand,
  type CreateKeyCommandInput,
  type KeySpec,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { constants, createHash, createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const MESSAGE = Buffer.from('test message !%$@ 1234567890');
/** How @aws-sdk renders the empty message KMS sends for these errors. */
const SDK_EMPTY = 'UnknownError';

/** The pairs test_sign_verify and test_verify_salt_length use, plus P-521 with its own algorithm. */
const PAIRS: Array<[KeySpec, SigningAlgorithmSpec]> = [
  ['RSA_2048', 'RSASSA_PSS_SHA_256'],
  ['RSA_2048', 'RSASSA_PSS_SHA_384'],
  ['RSA_2048', 'RSASSA_PSS_SHA_512'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'],
  ['RSA_3072', 'RSASSA_PKCS1_V1_5_SHA_384'],
  ['RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_512'],
  ['ECC_NIST_P256', 'ECDSA_SHA_256'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
];

const hashOf = (alg: string) => `sha${alg.slice(-3)}`;

/** node:crypto's check of a KMS signature (PSS salt = digest length, as test_verify_salt_length checks). */
function verifiesWithNode(publicKey: Uint8Array, alg: string, message: Buffer, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
  const hash = hashOf(alg);
  const pss = alg.startsWith('RSASSA_PSS') ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(-3)) / 8 } : {};
  return verify(hash, message, { key, ...pss }, signature);
}

describe.each(['in-process', 'http'] as const)('KMS asymmetric keys over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  const newKey = async (input: CreateKeyCommandInput) => (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  describe.each(PAIRS)('%s with %s (test_sign_verify, test_verify_salt_length)', (KeySpec, SigningAlgorithm) => {
    it('signs RAW and DIGEST messages that verify with KMS and with the public key', async () => {
      const key = await newKey({ KeySpec, KeyUsage: 'SIGN_VERIFY' });
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      expect(pub).toMatchObject({ KeyId: key.Arn, KeySpec, CustomerMasterKeySpec: KeySpec, KeyUsage: 'SIGN_VERIFY' });
      expect(pub.SigningAlgorithms).toContain(SigningAlgorithm);
      expect(createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' }).asymmetricKeyType).toBe(KeySpec.startsWith('RSA') ? 'rsa' : 'ec');

      const signed = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, MessageType: 'RAW', SigningAlgorithm }));
      expect({ KeyId: signed.KeyId, SigningAlgorithm: signed.SigningAlgorithm }).toEqual({ KeyId: key.Arn, SigningAlgorithm });
      expect(verifiesWithNode(pub.PublicKey!, SigningAlgorithm, MESSAGE, signed.Signature!)).toBe(true);
      const { $metadata: _, ...verified } = await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: MESSAGE, MessageType: 'RAW', Signature: signed.Signature, SigningAlgorithm }));
      expect(verified).toEqual({ KeyId: key.Arn, SignatureValid: true, SigningAlgorithm });

      const digest = createHash(hashOf(SigningAlgorithm)).update(MESSAGE).digest();
      const digestSigned = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm }));
      // A signature over the digest is the signature over the message.
      expect(verifiesWithNode(pub.PublicKey!, SigningAlgorithm, MESSAGE, digestSigned.Signature!)).toBe(true);
      expect((await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: digestSigned.Signature, SigningAlgorithm }))).SignatureValid).toBe(true);

      // "bad-digest" and "bad-signature" of test_sign_verify.
      expect(await awsError(kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, MessageType: 'DIGEST', SigningAlgorithm })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: `Digest is invalid length for algorithm ${SigningAlgorithm}.`,
      });
      const badSignature = (await kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.from('bad'), SigningAlgorithm }))).Signature;
      expect(await awsError(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: MESSAGE, Signature: badSignature, SigningAlgorithm })))).toEqual({
        code: 'KMSInvalidSignatureException',
        status: 400,
        message: SDK_EMPTY,
      });
      expect(await awsError(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: Buffer.from('bad message 321'), Signature: signed.Signature, SigningAlgorithm })))).toEqual({
        code: 'KMSInvalidSignatureException',
        status: 400,
        message: SDK_EMPTY,
      });
    });
  });

  describe('refusals', () => {
    it('refuses Sign with a key of another usage (test_error_messaging_for_invalid_keys "sign-invalid-key-id", "verify-invalid-key-id")', async () => {
      const hmac = await newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      expect(await awsError(kms.send(new SignCommand({ KeyId: hmac.KeyId, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' })))).toEqual({
        code: 'InvalidKeyUsageException',
        status: 400,
        message: `${hmac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`,
      });
      const symmetric = await newKey({});
      expect(await awsError(kms.send(new VerifyCommand({ KeyId: symmetric.KeyId, Message: MESSAGE, Signature: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' })))).toEqual({
        code: 'InvalidKeyUsageException',
        status: 400,
        message: `${symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Verify.`,
      });
    });

    it('refuses Encrypt with a signing key (E018, test_error_messaging_for_invalid_keys "encrypt-invalid-key-id")', async () => {
      const key = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: MESSAGE })))).toEqual({
        code: 'InvalidKeyUsageException',
        status: 400,
        message: `${key.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
      });
    });

    it('refuses an algorithm the key spec does not support (the recorded "incompatible with key spec" form)', async () => {
      const key = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(await awsError(kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })))).toEqual({
        code: 'InvalidKeyUsageException',
        status: 400,
        message: 'Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.',
      });
    });

    it('refuses Sign with a disabled key but still serves its public key (key-state.html; LocalStack notes GetPublicKey works)', async () => {
      const key = await newKey({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' });
      await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      expect(await awsError(kms.send(new SignCommand({ KeyId: key.KeyId, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' })))).toEqual({
        code: 'DisabledException',
        status: 400,
        message: `${key.Arn} is disabled.`,
      });
      expect((await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }))).PublicKey?.length).toBeGreaterThan(0);
    });
  });

  describe('RSA encryption', () => {
    it.each([
      ['RSA_2048', 'RSAES_OAEP_SHA_1', 214],
      ['RSA_2048', 'RSAES_OAEP_SHA_256', 190],
      ['RSA_3072', 'RSAES_OAEP_SHA_1', 342],
      ['RSA_3072', 'RSAES_OAEP_SHA_256', 318],
      ['RSA_4096', 'RSAES_OAEP_SHA_1', 470],
      ['RSA_4096', 'RSAES_OAEP_SHA_256', 446],
    ] as const)('%s with %s encrypts up to %i bytes (test_encrypt_decrypt, test_encrypt_validate_plaintext_size_per_key_type)', async (KeySpec, EncryptionAlgorithm, max) => {
      const key = await newKey({ KeySpec, KeyUsage: 'ENCRYPT_DECRYPT' });
      const pub = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      expect(pub.EncryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
      const plaintext = Buffer.alloc(max, 7);
      const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionAlgorithm }));
      expect({ KeyId: enc.KeyId, EncryptionAlgorithm: enc.EncryptionAlgorithm }).toEqual({ KeyId: key.Arn, EncryptionAlgorithm });
      const dec = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm }));
      expect(Buffer.from(dec.Plaintext!).equals(plaintext)).toBe(true);
      expect(dec.EncryptionAlgorithm).toBe(EncryptionAlgorithm);
      expect(await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(max + 1, 7), EncryptionAlgorithm })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: `Algorithm ${EncryptionAlgorithm} and key spec ${KeySpec} cannot encrypt data larger than ${max} bytes.`,
      });
    });

    it('refuses SYMMETRIC_DEFAULT with an RSA key (real AWS quoted in zalando/spring-cloud-config-aws-kms#82)', async () => {
      const key = await newKey({ KeySpec: 'RSA_4096', KeyUsage: 'ENCRYPT_DECRYPT' });
      expect(await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: MESSAGE })))).toEqual({
        code: 'InvalidKeyUsageException',
        status: 400,
        message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.',
      });
    });

    it('refuses a ciphertext that does not open under the key and algorithm (E012)', async () => {
      const key = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
      const enc = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: MESSAGE, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      expect(await awsError(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })))).toEqual({
        code: 'InvalidCiphertextException',
        status: 400,
        message: SDK_EMPTY,
      });
    });
  });
});
