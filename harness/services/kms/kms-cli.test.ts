/**
 * The wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) talking to an HTTP
 * emulator. Covers key creation, alias use, encrypt/decrypt with an encryption context, sign/verify with an ECC key
 * (the CLI's own base64 handling of Message and Signature) and the signature refusal, and a NotFoundException (E008)
 * as the CLI reports it.
 */
import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';

const run = promisify(execFile);
const A = '111111111111';

describe('KMS with /usr/bin/aws', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  const aws = (...args: string[]) =>
    run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, '--output', 'json', 'kms', ...args], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/tmp',
        AWS_ACCESS_KEY_ID: A,
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/xacct-aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/xacct-aws-credentials',
        AWS_PAGER: '',
      },
    });

  it('creates a key, names it, encrypts and decrypts through the CLI', async () => {
    const created = JSON.parse((await aws('create-key', '--description', 'cli key')).stdout);
    expect(created.KeyMetadata).toMatchObject({ AWSAccountId: A, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', Description: 'cli key' });
    await aws('create-alias', '--alias-name', 'alias/cli', '--target-key-id', created.KeyMetadata.KeyId);
    const plaintext = Buffer.from('hello from the cli').toString('base64');
    const enc = JSON.parse((await aws('encrypt', '--key-id', 'alias/cli', '--plaintext', plaintext, '--encryption-context', 'stage=build')).stdout);
    expect(enc.KeyId).toBe(created.KeyMetadata.Arn);
    const dec = JSON.parse((await aws('decrypt', '--ciphertext-blob', enc.CiphertextBlob, '--encryption-context', 'stage=build')).stdout);
    expect(Buffer.from(dec.Plaintext, 'base64').toString()).toBe('hello from the cli');
    const policy = JSON.parse((await aws('get-key-policy', '--key-id', created.KeyMetadata.KeyId, '--policy-name', 'default')).stdout);
    expect(JSON.parse(policy.Policy).Statement[0].Sid).toBe('Enable IAM User Permissions');
  });

  it('signs and verifies through the CLI; the signature verifies with the public key (test_sign_verify)', async () => {
    const created = JSON.parse((await aws('create-key', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY')).stdout);
    const keyId = created.KeyMetadata.KeyId;
    expect(created.KeyMetadata.SigningAlgorithms).toEqual(['ECDSA_SHA_256']);
    const message = Buffer.from('signed by the cli').toString('base64');
    const signed = JSON.parse((await aws('sign', '--key-id', keyId, '--message', message, '--message-type', 'RAW', '--signing-algorithm', 'ECDSA_SHA_256')).stdout);
    expect(signed).toMatchObject({ KeyId: created.KeyMetadata.Arn, SigningAlgorithm: 'ECDSA_SHA_256' });
    const verified = JSON.parse(
      (await aws('verify', '--key-id', keyId, '--message', message, '--signature', signed.Signature, '--signing-algorithm', 'ECDSA_SHA_256')).stdout,
    );
    expect(verified).toEqual({ KeyId: created.KeyMetadata.Arn, SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_256' });
    const pub = JSON.parse((await aws('get-public-key', '--key-id', keyId)).stdout);
    const key = createPublicKey({ key: Buffer.from(pub.PublicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify('sha256', Buffer.from('signed by the cli'), key, Buffer.from(signed.Signature, 'base64'))).toBe(true);
    const err = await aws('verify', '--key-id', keyId, '--message', Buffer.from('other').toString('base64'), '--signature', signed.Signature, '--signing-algorithm', 'ECDSA_SHA_256').then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    // KMSInvalidSignatureException with an empty message (localstack test_kms.snapshot.json test_sign_verify).
    expect(err?.code).toBe(254);
    expect(err?.stderr?.trim()).toBe('An error occurred (KMSInvalidSignatureException) when calling the Verify operation:');
  });

  it('reports KMS errors with their code and message (E008)', async () => {
    const err = await aws('describe-key', '--key-id', 'nope').then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).toBe(254);
    expect(err?.stderr?.trim()).toBe("An error occurred (NotFoundException) when calling the DescribeKey operation: Invalid keyId 'nope'");
  });
});
