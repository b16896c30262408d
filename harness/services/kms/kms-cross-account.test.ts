/**
 * KMS across accounts and the AWS managed aws/s3 key, through the real @aws-sdk/client-kms over both transports,
 * plus the calls S3 makes through `invoke` (kms:ViaService). Ids are lines of ../shared/aws-facts/errors.jsonl.
 * - Key in 111111111111 whose policy grants 222222222222; a role in 222222222222 with kms:Decrypt decrypts.
 * - Without the key-policy grant: AccessDeniedException 400 in KMS's cross-account words (E006).
 * - Without the identity grant: the identity form (E002).
 * - An alias name resolves only in the caller's account (NotFoundException); the alias ARN reaches the key, as
 *   https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html documents ("To specify a KMS key in a
 *   different AWS account, you must use the key ARN or alias ARN").
 * - aws/s3 is usable only by its own account and only through S3; its policy cannot be changed.
 */
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListGrantsCommand,
  PutKeyPolicyCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../core/errors.js';
import { startEmulator, type ClientConfig, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import type { Principal } from '../../world/principal.js';
import { rootPrincipal } from '../../world/principal.js';

const A = '111111111111';
const B = '222222222222';
const REGION = 'us-east-1';
const VIA_S3 = { calledVia: 's3.amazonaws.com', viaService: `s3.${REGION}.amazonaws.com` };
const text = (s: string) => new TextEncoder().encode(s);

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (...actions: string[]) => doc({ Effect: 'Allow', Action: actions, Resource: '*' });
const trust = (account: string) => doc({ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole' });

const SHARED_POLICY = doc(
  { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
  {
    Sid: 'AllowTargetAccount',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${B}:root` },
    Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
    Resource: '*',
  },
);

async function sessionIn(emu: RunningEmulator, account: string, role: string, policy?: string): Promise<ClientConfig> {
  const iam = new IAMClient(emu.clientConfig(account));
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust(account) }));
  if (policy) await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'kms', PolicyDocument: policy }));
  const user = `assumer-${role}`;
  await iam.send(new CreateUserCommand({ UserName: user }));
  await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole') }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  return emu.assumeRole(`arn:aws:iam::${account}:role/${role}`, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
}

function principalOf(emu: RunningEmulator, config: ClientConfig): Principal {
  return emu.emulator.world.credentials.get(config.credentials.accessKeyId)!.principal;
}

async function invokeError(call: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await call;
  } catch (e) {
    if (e instanceof AwsError) return { code: e.code, status: e.status, message: e.message };
    throw e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe.each(['in-process', 'http'] as const)('KMS across accounts over %s', (transport) => {
  let emu: RunningEmulator;
  let kmsA: KMSClient;
  let shared: { KeyId: string; Arn: string };
  let privateKey: { KeyId: string; Arn: string };
  let reader: ClientConfig;
  let noKmsRole: ClientConfig;
  const readerArn = `arn:aws:sts::${B}:assumed-role/reader/xacct`;
  const noKmsArn = `arn:aws:sts::${B}:assumed-role/no-kms/xacct`;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kmsA = new KMSClient(emu.clientConfig(A));
    const s = (await kmsA.send(new CreateKeyCommand({ Description: 'artifact key', Policy: SHARED_POLICY }))).KeyMetadata!;
    shared = { KeyId: s.KeyId!, Arn: s.Arn! };
    const p = (await kmsA.send(new CreateKeyCommand({ Description: 'not shared' }))).KeyMetadata!;
    privateKey = { KeyId: p.KeyId!, Arn: p.Arn! };
    await kmsA.send(new CreateAliasCommand({ AliasName: 'alias/shared', TargetKeyId: shared.KeyId }));
    reader = await sessionIn(emu, B, 'reader', allow('kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'));
    noKmsRole = await sessionIn(emu, B, 'no-kms', allow('s3:GetObject'));
  });
  afterAll(() => emu.dispose());

  it('lets a role in the other account decrypt when the key policy and its identity policy allow', async () => {
    const enc = await kmsA.send(new EncryptCommand({ KeyId: shared.Arn, Plaintext: text('artifact'), EncryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::b/k' } }));
    const dec = await new KMSClient(reader).send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::b/k' } }));
    expect(new TextDecoder().decode(dec.Plaintext)).toBe('artifact');
    expect(dec.KeyId).toBe(shared.Arn);
  });

  it('refuses without the key-policy grant in the cross-account words (E006)', async () => {
    const enc = await kmsA.send(new EncryptCommand({ KeyId: privateKey.KeyId, Plaintext: text('artifact') }));
    expect(await awsError(new KMSClient(reader).send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: ${readerArn} is not authorized to perform: kms:Decrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
    });
  });

  it('refuses without the identity grant in the identity words (E002)', async () => {
    const enc = await kmsA.send(new EncryptCommand({ KeyId: shared.KeyId, Plaintext: text('artifact') }));
    expect(await awsError(new KMSClient(noKmsRole).send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: ${noKmsArn} is not authorized to perform: kms:Decrypt on resource: ${shared.Arn} because no identity-based policy allows the kms:Decrypt action`,
    });
  });

  it('lets a grant give a role of another account a key its policy does not share, without any IAM policy', async () => {
    const enc = await kmsA.send(new EncryptCommand({ KeyId: privateKey.KeyId, Plaintext: text('granted'), EncryptionContext: { app: 'deploy' } }));
    const grant = await kmsA.send(
      new CreateGrantCommand({ KeyId: privateKey.KeyId, GranteePrincipal: `arn:aws:iam::${B}:role/no-kms`, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { app: 'deploy' } } }),
    );
    const kmsB = new KMSClient(noKmsRole);
    const dec = await kmsB.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { app: 'deploy' } }));
    expect(new TextDecoder().decode(dec.Plaintext)).toBe('granted');
    const other = await kmsA.send(new EncryptCommand({ KeyId: privateKey.KeyId, Plaintext: text('other'), EncryptionContext: { app: 'other' } }));
    expect(await awsError(kmsB.send(new DecryptCommand({ CiphertextBlob: other.CiphertextBlob, EncryptionContext: { app: 'other' } })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: ${noKmsArn} is not authorized to perform: kms:Decrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
    });
    expect(await awsError(kmsB.send(new ListGrantsCommand({ KeyId: privateKey.Arn })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: ${noKmsArn} is not authorized to perform: kms:ListGrants on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
    });
    await kmsA.send(new RevokeGrantCommand({ KeyId: privateKey.KeyId, GrantId: grant.GrantId }));
  });

  it('authorizes Sign, Verify and GetPublicKey of another account like every key operation: E006 without, a grant with', async () => {
    const key = (await kmsA.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    const kmsB = new KMSClient(noKmsRole);
    const sign = new SignCommand({ KeyId: key.Arn, Message: text('release'), SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(await awsError(kmsB.send(sign))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: ${noKmsArn} is not authorized to perform: kms:Sign on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
    });
    const grant = await kmsA.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: `arn:aws:iam::${B}:role/no-kms`, Operations: ['Sign', 'Verify', 'GetPublicKey'] }));
    const signed = await kmsB.send(sign);
    const verified = await kmsB.send(new VerifyCommand({ KeyId: key.Arn, Message: text('release'), Signature: signed.Signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(verified.SignatureValid).toBe(true);
    expect((await kmsB.send(new GetPublicKeyCommand({ KeyId: key.Arn }))).KeyId).toBe(key.Arn);
    await kmsA.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: grant.GrantId }));
  });

  it('does not resolve an alias name of the other account (E098: aliases are recognized only in the key account)', async () => {
    const kmsB = new KMSClient(emu.clientConfig(B));
    const notFound = { code: 'NotFoundException', status: 400, message: `Alias arn:aws:kms:${REGION}:${B}:alias/shared is not found.` };
    expect(await awsError(kmsB.send(new DescribeKeyCommand({ KeyId: 'alias/shared' })))).toEqual(notFound);
    expect(await awsError(kmsB.send(new EncryptCommand({ KeyId: 'alias/shared', Plaintext: text('x') })))).toEqual(notFound);
    expect((await kmsB.send(new DescribeKeyCommand({ KeyId: shared.Arn }))).KeyMetadata?.KeyId).toBe(shared.KeyId);
    expect((await kmsB.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${REGION}:${A}:alias/shared` }))).KeyMetadata?.KeyId).toBe(shared.KeyId);
  });

  it('keeps key administration in the key account even when the key policy names the other account', async () => {
    const kmsB = new KMSClient(emu.clientConfig(B));
    expect(await awsError(kmsB.send(new ScheduleKeyDeletionCommand({ KeyId: shared.Arn })))).toEqual({
      code: 'NotFoundException',
      status: 400,
      message: `Key '${shared.Arn}' does not exist`,
    });
  });

  it('answers the opaque ciphertext error for a blob whose key is in another Region (E005)', async () => {
    const enc = await kmsA.send(new EncryptCommand({ KeyId: shared.KeyId, Plaintext: text('x') }));
    const elsewhere = new KMSClient({ ...emu.clientConfig(A), region: 'eu-west-1' });
    expect(await awsError(elsewhere.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    });
  });

  describe('aws/s3', () => {
    it('is created on first use with the policy AWS writes, and cannot be changed', async () => {
      const meta = (await kmsA.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
      expect(meta).toMatchObject({ KeyManager: 'AWS', Description: 'Default key that protects my S3 objects when no other key is defined', KeyState: 'Enabled' });
      const policy = (await kmsA.send(new GetKeyPolicyCommand({ KeyId: meta.KeyId }))).Policy!;
      expect(JSON.parse(policy)).toEqual({
        Version: '2012-10-17',
        Id: 'auto-s3-2',
        Statement: [
          {
            Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            Resource: '*',
            Condition: { StringEquals: { 'kms:CallerAccount': A, 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
          },
          {
            Sid: 'Allow direct access to key metadata to the account',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${A}:root` },
            Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
            Resource: '*',
          },
        ],
      });
      expect(policy).toContain('"Id" : "auto-s3-2"');
      expect(await awsError(kmsA.send(new PutKeyPolicyCommand({ KeyId: meta.KeyId, Policy: SHARED_POLICY })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: arn:aws:iam::${A}:root is not authorized to perform: kms:PutKeyPolicy on resource: ${meta.Arn} because no resource-based policy allows the kms:PutKeyPolicy action`,
      });
      expect((await kmsA.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata?.KeyId).toBe(meta.KeyId);
    });

    it('is usable by its own account only through S3', async () => {
      const meta = (await kmsA.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
      expect(await awsError(kmsA.send(new EncryptCommand({ KeyId: 'alias/aws/s3', Plaintext: text('x') })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: arn:aws:iam::${A}:root is not authorized to perform: kms:Encrypt on resource: ${meta.Arn} because no resource-based policy allows the kms:Encrypt action`,
      });
      const context = { 'aws:s3:arn': 'arn:aws:s3:::bucket/obj' };
      const dk = await emu.emulator.invokeAs<{ CiphertextBlob: Uint8Array; Plaintext: Uint8Array; KeyId: string }>(
        rootPrincipal(A),
        'kms',
        'GenerateDataKey',
        { KeyId: 'alias/aws/s3', KeySpec: 'AES_256', EncryptionContext: context },
        { via: VIA_S3 },
      );
      expect(dk.KeyId).toBe(meta.Arn);
      const back = await emu.emulator.invokeAs<{ Plaintext: Uint8Array }>(rootPrincipal(A), 'kms', 'Decrypt', { CiphertextBlob: dk.CiphertextBlob, EncryptionContext: context }, { via: VIA_S3 });
      expect(Buffer.from(back.Plaintext).equals(Buffer.from(dk.Plaintext))).toBe(true);
    });

    it('is refused to another account, directly and through S3 (E006)', async () => {
      const meta = (await kmsA.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
      expect(await awsError(new KMSClient(reader).send(new EncryptCommand({ KeyId: meta.Arn, Plaintext: text('x') })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${readerArn} is not authorized to perform: kms:Encrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
      });
      expect(
        await invokeError(emu.emulator.invokeAs(principalOf(emu, reader), 'kms', 'GenerateDataKey', { KeyId: meta.Arn, KeySpec: 'AES_256' }, { via: VIA_S3 })),
      ).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${readerArn} is not authorized to perform: kms:GenerateDataKey on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
      });
    });
  });

  it('serves S3 calls made through invoke as the caller, with kms:ViaService', async () => {
    const context = { 'aws:s3:arn': 'arn:aws:s3:::artifacts/build.zip' };
    const dk = await emu.emulator.invokeAs<{ CiphertextBlob: Uint8Array; Plaintext: Uint8Array }>(
      principalOf(emu, reader),
      'kms',
      'GenerateDataKey',
      { KeyId: shared.Arn, KeySpec: 'AES_256', EncryptionContext: context },
      { via: VIA_S3 },
    );
    const back = await emu.emulator.invokeAs<{ Plaintext: Uint8Array }>(principalOf(emu, reader), 'kms', 'Decrypt', { CiphertextBlob: dk.CiphertextBlob, EncryptionContext: context }, { via: VIA_S3 });
    expect(Buffer.from(back.Plaintext).equals(Buffer.from(dk.Plaintext))).toBe(true);
  });
});
