/**
 * KMS through the real @aws-sdk/client-kms over both transports: every operation's happy path and each error with
 * code, HTTP status and message (ids are lines of ../shared/aws-facts/errors.jsonl; other sources named inline).
 */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ClientConfig, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { AwsError } from '../../core/errors.js';
import { rootPrincipal } from '../../world/principal.js';

const A = '111111111111';
const REGION = 'us-east-1';
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

const DEFAULT_POLICY = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${A}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;

/** How @aws-sdk renders the empty message KMS sends for these errors (E012); the wire text is checked via invokeAs below. */
const SDK_EMPTY = 'UnknownError';

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const rootAdmin = { Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' };
const trust = (account: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole' }] });

describe.each(['in-process', 'http'] as const)('KMS over %s', (transport) => {
  let emu: RunningEmulator;
  let kms: KMSClient;
  let keyId: string;
  let keyArn: string;

  const newKey = async (input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) =>
    (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    kms = new KMSClient(emu.clientConfig(A));
    const meta = await newKey({ Description: 'artifacts', Tags: [{ TagKey: 'team', TagValue: 'ci' }] });
    keyId = meta.KeyId!;
    keyArn = meta.Arn!;
  });
  afterAll(() => emu.dispose());

  describe('JSON members of the wrong type', () => {
    // Coral's JSON deserializer names the token it found (STRING_VALUE, TRUE_VALUE, …): the wording Athena and SQS
    // answer, as the fakes measured against AWS reproduce it; no recorded KMS response of this case was found.
    it.each([
      ['32', 'STRING_VALUE can not be converted to an Integer'],
      [true, 'TRUE_VALUE can not be converted to an Integer'],
      [[32], 'Start of list found where not expected'],
      [{ n: 32 }, 'Start of structure or map found where not expected.'],
    ])('refuses Limit %j with SerializationException', async (value, message) => {
      const err = await emu.emulator
        .invokeAs(rootPrincipal(A), 'kms', 'ListKeys', { Limit: value })
        .then(() => undefined, (e: unknown) => e as AwsError);
      expect(err).toBeInstanceOf(AwsError);
      expect({ code: err!.code, status: err!.status, message: err!.message }).toEqual({ code: 'SerializationException', status: 400, message });
    });
  });

  describe('keys', () => {
    it('creates a symmetric key with the defaults AWS reports (localstack snapshot test_create_key)', async () => {
      const meta = await newKey({ Description: 'test key 123' });
      expect(meta).toMatchObject({
        AWSAccountId: A,
        Arn: `arn:aws:kms:${REGION}:${A}:key/${meta.KeyId}`,
        CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        Description: 'test key 123',
        Enabled: true,
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyState: 'Enabled',
        KeyUsage: 'ENCRYPT_DECRYPT',
        MultiRegion: false,
        Origin: 'AWS_KMS',
      });
      expect(meta.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(meta.CreationDate).toBeInstanceOf(Date);
    });

    it('writes the default key policy as AWS does (key-policy-default.html)', async () => {
      const out = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      expect(out.Policy).toBe(DEFAULT_POLICY);
      expect(out.PolicyName).toBe('default');
      expect((await kms.send(new ListKeyPoliciesCommand({ KeyId: keyId }))).PolicyNames).toEqual(['default']);
    });

    it('describes a key by id, ARN, alias name and alias ARN', async () => {
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/describe-me', TargetKeyId: keyId }));
      for (const id of [keyId, keyArn, 'alias/describe-me', `arn:aws:kms:${REGION}:${A}:alias/describe-me`]) {
        expect((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata?.Arn).toBe(keyArn);
      }
    });

    it('refuses CreateKey to a principal whose IAM policies do not allow it (E002 form, action on *)', async () => {
      const iam = new IAMClient(emu.clientConfig(A));
      await iam.send(new CreateUserCommand({ UserName: 'no-kms' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-kms' }))).AccessKey!;
      const client = new KMSClient(emu.configFor({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
      expect(await awsError(client.send(new CreateKeyCommand({})))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: arn:aws:iam::${A}:user/no-kms is not authorized to perform: kms:CreateKey because no identity-based policy allows the kms:CreateKey action`,
      });
      expect(await awsError(client.send(new DescribeKeyCommand({ KeyId: keyId })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: arn:aws:iam::${A}:user/no-kms is not authorized to perform: kms:DescribeKey on resource: ${keyArn} because no identity-based policy allows the kms:DescribeKey action`,
      });
    });

    it('lists keys', async () => {
      const out = await kms.send(new ListKeysCommand({}));
      expect(out.Keys).toContainEqual({ KeyId: keyId, KeyArn: keyArn });
      expect(out.Truncated).toBe(false);
      const first = await kms.send(new ListKeysCommand({ Limit: 1 }));
      expect(first.Keys).toHaveLength(1);
      expect(first.Truncated).toBe(true);
      const rest = await kms.send(new ListKeysCommand({ Marker: first.NextMarker, Limit: 1000 }));
      expect([...first.Keys!, ...rest.Keys!]).toEqual(out.Keys);
    });

    it('accepts asymmetric and HMAC specs with a KeyUsage and refuses encryption with them (E018)', async () => {
      const meta = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(meta).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'] });
      expect(await awsError(kms.send(new EncryptCommand({ KeyId: meta.KeyId, Plaintext: text('x') })))).toEqual({
        code: 'InvalidKeyUsageException',
        status: 400,
        message: `${meta.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
      });
    });

    it('validates KeySpec and KeyUsage with the recorded words (localstack test_hmac_create_key_invalid_operations)', async () => {
      expect(await awsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256' })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
      });
      expect(await awsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_random' as never, KeyUsage: 'GENERATE_VERIFY_MAC' })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512]",
      });
      expect(await awsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'RANDOM' as never })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC]",
      });
    });

    it('answers NotFoundException for unknown and malformed key ids (E007, E008, E009)', async () => {
      const missing = '11111111-2222-3333-4444-555555555555';
      expect(await awsError(kms.send(new DescribeKeyCommand({ KeyId: missing })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: `Key 'arn:aws:kms:${REGION}:${A}:key/${missing}' does not exist`,
      });
      expect(await awsError(kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${REGION}:${A}:key/${missing}` })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: `Key 'arn:aws:kms:${REGION}:${A}:key/${missing}' does not exist`,
      });
      expect(await awsError(kms.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: "Invalid keyId 'fake-key-id'",
      });
      expect(await awsError(kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:ap-southeast-1:${A}:key/${keyId}` })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: 'Invalid arn ap-southeast-1',
      });
      expect(await awsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: `Alias arn:aws:kms:${REGION}:${A}:alias/nope is not found.`,
      });
    });

    it('disables and enables a key; a disabled key refuses cryptography (E032)', async () => {
      const meta = await newKey();
      await kms.send(new DisableKeyCommand({ KeyId: meta.KeyId }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: meta.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
      expect(await awsError(kms.send(new EncryptCommand({ KeyId: meta.KeyId, Plaintext: text('x') })))).toEqual({
        code: 'DisabledException',
        status: 400,
        message: `${meta.Arn} is disabled.`,
      });
      await kms.send(new EnableKeyCommand({ KeyId: meta.KeyId }));
      await kms.send(new EncryptCommand({ KeyId: meta.KeyId, Plaintext: text('x') }));
    });

    it('schedules and cancels deletion; a key pending deletion refuses cryptography (E015)', async () => {
      const meta = await newKey();
      const blob = (await kms.send(new EncryptCommand({ KeyId: meta.KeyId, Plaintext: text('x') }))).CiphertextBlob;
      const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: meta.KeyId, PendingWindowInDays: 7 }));
      expect(out).toMatchObject({ KeyId: meta.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
      expect(out.DeletionDate!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
      const pending = { code: 'KMSInvalidStateException', status: 400, message: `${meta.Arn} is pending deletion.` };
      expect(await awsError(kms.send(new DecryptCommand({ CiphertextBlob: blob })))).toEqual(pending);
      expect(await awsError(kms.send(new EnableKeyCommand({ KeyId: meta.KeyId })))).toEqual(pending);
      expect(await awsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: meta.KeyId })))).toEqual(pending);
      expect((await kms.send(new CancelKeyDeletionCommand({ KeyId: meta.KeyId }))).KeyId).toBe(meta.Arn);
      expect((await kms.send(new DescribeKeyCommand({ KeyId: meta.KeyId }))).KeyMetadata?.KeyState).toBe('Disabled');
      expect(await awsError(kms.send(new CancelKeyDeletionCommand({ KeyId: meta.KeyId })))).toEqual({
        code: 'KMSInvalidStateException',
        status: 400,
        message: `${meta.Arn} is not pending deletion.`,
      });
    });

    it('refuses a deletion window outside 7–30 days', async () => {
      expect(await awsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 5 })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value '5' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
      });
    });

    it('tags and untags a key', async () => {
      await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'env', TagValue: 'prod' }] }));
      expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([
        { TagKey: 'team', TagValue: 'ci' },
        { TagKey: 'env', TagValue: 'prod' },
      ]);
      await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['team'] }));
      expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([{ TagKey: 'env', TagValue: 'prod' }]);
    });
  });

  describe('key policies', () => {
    it('stores a given policy verbatim and replaces it with PutKeyPolicy', async () => {
      const p = policy(rootAdmin);
      const meta = await newKey({ Policy: p });
      expect((await kms.send(new GetKeyPolicyCommand({ KeyId: meta.KeyId }))).Policy).toBe(p);
      const p2 = policy(rootAdmin, { Sid: 'read', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:Decrypt', Resource: '*' });
      await kms.send(new PutKeyPolicyCommand({ KeyId: meta.KeyId, Policy: p2 }));
      expect((await kms.send(new GetKeyPolicyCommand({ KeyId: meta.KeyId }))).Policy).toBe(p2);
    });

    it('runs the lockout safety check (E081; terraform-provider-aws policy bypass tests)', async () => {
      const lockout = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:Decrypt', Resource: '*' });
      const expected = { code: 'MalformedPolicyDocumentException', status: 400, message: 'The new key policy will not allow you to update the key policy in the future.' };
      expect(await awsError(kms.send(new CreateKeyCommand({ Policy: lockout })))).toEqual(expected);
      expect(await awsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: lockout })))).toEqual(expected);
      const meta = await newKey({ Policy: lockout, BypassPolicyLockoutSafetyCheck: true });
      expect(await awsError(kms.send(new GetKeyPolicyCommand({ KeyId: meta.KeyId })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: arn:aws:iam::${A}:root is not authorized to perform: kms:GetKeyPolicy on resource: ${meta.Arn} because no resource-based policy allows the kms:GetKeyPolicy action`,
      });
    });

    it('refuses principals that do not exist (aws-samples/aws-cross-account-cicd-pipeline#34)', async () => {
      const p = policy(rootAdmin, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/ghost` }, Action: 'kms:Decrypt', Resource: '*' });
      expect(await awsError(kms.send(new CreateKeyCommand({ Policy: p })))).toEqual({
        code: 'MalformedPolicyDocumentException',
        status: 400,
        message: 'Policy contains a statement with one or more invalid principals.',
      });
    });

    it('refuses a policy that is not JSON with an empty message (aws/aws-sdk-ruby#1784)', async () => {
      expect(await awsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: 'not a real policy statement' })))).toEqual({
        code: 'MalformedPolicyDocumentException',
        status: 400,
        message: SDK_EMPTY,
      });
    });
  });

  describe('aliases', () => {
    it('creates, lists, updates and deletes an alias', async () => {
      const other = await newKey();
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: keyArn }));
      let aliases = (await kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases!;
      expect(aliases.find((a) => a.AliasName === 'alias/app')).toMatchObject({ AliasArn: `arn:aws:kms:${REGION}:${A}:alias/app`, TargetKeyId: keyId });
      await kms.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: other.KeyId }));
      expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata?.KeyId).toBe(other.KeyId);
      await kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
      aliases = (await kms.send(new ListAliasesCommand({}))).Aliases!;
      expect(aliases.map((a) => a.AliasName)).not.toContain('alias/app');
    });

    it('refuses names without alias/ (localstack snapshot test_create_alias), reserved names and duplicates', async () => {
      expect(await awsError(kms.send(new CreateAliasCommand({ AliasName: 'app', TargetKeyId: keyId })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
      });
      expect(await awsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: keyId })))).toEqual({
        code: 'NotAuthorizedException',
        status: 400,
        message: SDK_EMPTY,
      });
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: keyId }));
      expect(await awsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: keyId })))).toEqual({
        code: 'AlreadyExistsException',
        status: 400,
        message: `An alias with the name arn:aws:kms:${REGION}:${A}:alias/dup already exists`,
      });
      expect(await awsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/never' })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: `Alias arn:aws:kms:${REGION}:${A}:alias/never is not found.`,
      });
    });
  });

  describe('cryptography', () => {
    it('encrypts and decrypts without a KeyId, binding the encryption context (E012)', async () => {
      const context = { 'aws:s3:arn': 'arn:aws:s3:::bucket/key', stage: 'build' };
      const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/describe-me', Plaintext: text('secret'), EncryptionContext: context }));
      expect(enc).toMatchObject({ KeyId: keyArn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      expect(Buffer.from(enc.CiphertextBlob!).toString('base64')).toMatch(/^AQICA/);
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { stage: 'build', 'aws:s3:arn': 'arn:aws:s3:::bucket/key' } }));
      expect(str(dec.Plaintext)).toBe('secret');
      expect(dec).toMatchObject({ KeyId: keyArn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      const invalid = { code: 'InvalidCiphertextException', status: 400, message: SDK_EMPTY };
      expect(await awsError(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toEqual(invalid);
      expect(await awsError(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { ...context, stage: 'deploy' } })))).toEqual(invalid);
      const tampered = Uint8Array.from(enc.CiphertextBlob!);
      tampered[tampered.length - 1]! ^= 1;
      expect(await awsError(kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })))).toEqual(invalid);
      expect(await awsError(kms.send(new DecryptCommand({ CiphertextBlob: text('garbage') })))).toEqual(invalid);
    });

    it('sends InvalidCiphertextException with an empty message (E012)', async () => {
      const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: text('x'), EncryptionContext: { a: 'b' } }));
      const err = await emu.emulator
        .invokeAs(rootPrincipal(A), 'kms', 'Decrypt', { CiphertextBlob: enc.CiphertextBlob })
        .then(() => undefined, (e: unknown) => e as AwsError);
      expect(err).toBeInstanceOf(AwsError);
      expect({ code: err!.code, status: err!.status, message: err!.message }).toEqual({ code: 'InvalidCiphertextException', status: 400, message: '' });
    });

    it('refuses a KeyId that is not the ciphertext key (E011)', async () => {
      const other = await newKey();
      const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: text('x') }));
      expect(await awsError(kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: other.KeyId })))).toEqual({
        code: 'IncorrectKeyException',
        status: 400,
        message: 'The key ID in the request does not identify a CMK that can perform this operation.',
      });
      const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: keyArn }));
      expect(str(dec.Plaintext)).toBe('x');
    });

    it('validates the plaintext length (E019, E020)', async () => {
      expect(await awsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(0) })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
      expect(await awsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(4097) })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      });
    });

    it('asks for exactly one of NumberOfBytes and KeySpec (wording from moto; not recorded against AWS)', async () => {
      const expected = { code: 'ValidationException', status: 400, message: 'Please specify either number of bytes or key spec.' };
      expect(await awsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId })))).toEqual(expected);
      expect(await awsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 })))).toEqual(expected);
      expect(await awsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 2048 })))).toEqual({
        code: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value '2048' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      });
    });

    it('re-encrypts under another key and context', async () => {
      const dest = await newKey();
      const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: text('moving'), EncryptionContext: { a: '1' } }));
      const re = await kms.send(
        new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { a: '1' }, DestinationKeyId: dest.KeyId, DestinationEncryptionContext: { b: '2' } }),
      );
      expect(re).toMatchObject({ SourceKeyId: keyArn, KeyId: dest.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      expect(str((await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { b: '2' } }))).Plaintext)).toBe('moving');
      expect(await awsError(kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: dest.KeyId })))).toEqual({
        code: 'InvalidCiphertextException',
        status: 400,
        message: SDK_EMPTY,
      });
    });

    it('generates data keys with and without plaintext', async () => {
      const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { f: 'g' } }));
      expect(dk.KeyId).toBe(keyArn);
      expect(dk.Plaintext).toHaveLength(32);
      const back = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { f: 'g' } }));
      expect(Buffer.from(back.Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);
      const small = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 16 }));
      expect(small.Plaintext).toHaveLength(16);
      const wp = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_128' }));
      expect(wp.KeyId).toBe(keyArn);
      expect((wp as { Plaintext?: unknown }).Plaintext).toBeUndefined();
      expect((await kms.send(new DecryptCommand({ CiphertextBlob: wp.CiphertextBlob }))).Plaintext).toHaveLength(16);
    });
  });

  describe('grants', () => {
    let reader: ClientConfig;
    let readerArn: string;

    beforeAll(async () => {
      const iam = new IAMClient(emu.clientConfig(A));
      await iam.send(new CreateRoleCommand({ RoleName: 'grantee', AssumeRolePolicyDocument: trust(A) }));
      readerArn = `arn:aws:iam::${A}:role/grantee`;
      reader = await assumeViaUser(emu, 'grantee');
    });

    it('lets the grantee use the key for the granted operations only, within its constraints', async () => {
      const meta = await newKey();
      const enc = await kms.send(new EncryptCommand({ KeyId: meta.KeyId, Plaintext: text('granted'), EncryptionContext: { app: 'x' } }));
      const readerKms = new KMSClient(reader);
      const session = `arn:aws:sts::${A}:assumed-role/grantee/xacct`;
      expect(await awsError(readerKms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { app: 'x' } })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${session} is not authorized to perform: kms:Decrypt on resource: ${meta.Arn} because no identity-based policy allows the kms:Decrypt action`,
      });
      const grant = await kms.send(
        new CreateGrantCommand({ KeyId: meta.KeyId, GranteePrincipal: readerArn, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { app: 'x' } }, Name: 'g1' }),
      );
      expect(grant.GrantId).toMatch(/^[0-9a-f]{64}$/);
      expect(grant.GrantToken).toBeTruthy();
      const dec = await readerKms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { app: 'x' } }));
      expect(str(dec.Plaintext)).toBe('granted');
      expect(await awsError(readerKms.send(new EncryptCommand({ KeyId: meta.Arn, Plaintext: text('no') })))).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${session} is not authorized to perform: kms:Encrypt on resource: ${meta.Arn} because no identity-based policy allows the kms:Encrypt action`,
      });
      const listed = await kms.send(new ListGrantsCommand({ KeyId: meta.KeyId }));
      expect(listed.Grants).toHaveLength(1);
      expect(listed.Grants![0]).toMatchObject({
        KeyId: meta.Arn,
        GrantId: grant.GrantId,
        Name: 'g1',
        GranteePrincipal: readerArn,
        IssuingAccount: `arn:aws:iam::${A}:root`,
        Operations: ['Decrypt'],
        Constraints: { EncryptionContextSubset: { app: 'x' } },
      });
      await kms.send(new RevokeGrantCommand({ KeyId: meta.KeyId, GrantId: grant.GrantId }));
      expect((await kms.send(new ListGrantsCommand({ KeyId: meta.KeyId }))).Grants).toEqual([]);
      expect((await awsError(readerKms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { app: 'x' } })))).code).toBe(
        'AccessDeniedException',
      );
    });

    it('answers NotFoundException for an unknown grant id', async () => {
      const missing = 'f'.repeat(64);
      expect(await awsError(kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: missing })))).toEqual({
        code: 'NotFoundException',
        status: 400,
        message: `Grant ID ${missing} not found`,
      });
    });

    it('lets the retiring principal retire a grant by token', async () => {
      const meta = await newKey();
      const grant = await kms.send(new CreateGrantCommand({ KeyId: meta.KeyId, GranteePrincipal: readerArn, RetiringPrincipal: readerArn, Operations: ['Encrypt'] }));
      await new KMSClient(reader).send(new RetireGrantCommand({ GrantToken: grant.GrantToken }));
      expect((await kms.send(new ListGrantsCommand({ KeyId: meta.KeyId }))).Grants).toEqual([]);
      expect(await awsError(kms.send(new RetireGrantCommand({ GrantToken: grant.GrantToken })))).toEqual({
        code: 'InvalidGrantTokenException',
        status: 400,
        message: 'Invalid grant token',
      });
    });
  });
});

function policyDoc(action: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
}

/** A session of `role` in account A, assumed by a throwaway user (STS refuses the account root). */
async function assumeViaUser(emu: RunningEmulator, role: string): Promise<ClientConfig> {
  const iam = new IAMClient(emu.clientConfig(A));
  const user = `assumer-${role}`;
  await iam.send(new CreateUserCommand({ UserName: user }));
  await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'assume', PolicyDocument: policyDoc('sts:AssumeRole') }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  return emu.assumeRole(`arn:aws:iam::${A}:role/${role}`, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
}
