/**
 * The cross-account artifact hand-off through S3 and KMS, with the real SDK clients over both transports
 * (HTTPS for the http transport, so the bucket policy's aws:SecureTransport deny can stay on):
 * account 111111111111 owns a customer managed key shared with 222222222222 and an artifact bucket whose policy
 * denies uploads not encrypted with aws:kms, denies insecure transport and allows 222222222222; a reader in
 * 222222222222 gets the object back byte for byte. Removing each grant in turn fails with S3's words:
 * - key policy without 222222222222: 403 AccessDenied carrying KMS's cross-account message (E006 form, via S3);
 * - reader without kms:Decrypt: 403 AccessDenied "… because no identity-based policy allows the kms:Decrypt
 *   action" (E026);
 * - no bucket policy grant: 403 "Access Denied" (E022);
 * - aws/s3-encrypted object: only its own account can decrypt it (E025 family);
 * - an alias of 111111111111's key is not found from 222222222222: 400 KMS.NotFoundException (E028–E031 family);
 * - disabled key: 400 KMS.DisabledException "<arn> is disabled." (E032); unknown key id (E028, E029).
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type ClientConfig, type Credentials, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const BUCKET = 'artifact-store';

const keyPolicy = (grantB: boolean) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      ...(grantB
        ? [{ Sid: 'Allow target account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*'], Resource: '*' }]
        : []),
    ],
  });

const bucketPolicy = (grantB: boolean) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyUnEncryptedObjectUploads',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      },
      {
        Sid: 'DenyInsecureConnections',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      ...(grantB
        ? [
            { Sid: 'CrossAccountObjects', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['s3:Get*', 's3:Put*'], Resource: `arn:aws:s3:::${BUCKET}/*` },
            { Sid: 'CrossAccountList', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
          ]
        : []),
    ],
  });

const readerPolicy = (keyArn: string, withDecrypt: boolean) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] },
      ...(withDecrypt ? [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn }] : []),
    ],
  });

async function bytes(out: { Body?: { transformToByteArray(): Promise<Uint8Array> } }): Promise<Buffer> {
  return Buffer.from(await out.Body!.transformToByteArray());
}

describe.each(['in-process', 'http'] as const)('S3 SSE-KMS across accounts over %s', (transport) => {
  let emu: RunningEmulator;
  let config: (creds: Credentials) => ClientConfig;
  let s3a: S3Client;
  let kmsA: KMSClient;
  let reader: S3Client;
  let iamB: IAMClient;
  let keyArn: string;
  let keyId: string;
  const artifact = randomBytes(64 * 1024);

  beforeAll(async () => {
    emu = await startEmulator(transport === 'http' ? { transport, httpsPort: 0 } : { transport });
    if (transport === 'http') {
      const agent = new Agent({ ca: readFileSync(emu.caFile!) });
      config = (credentials) => ({ ...emu.configFor(credentials), endpoint: emu.httpsEndpoint!, requestHandler: { httpsAgent: agent } as never });
    } else {
      config = (credentials) => emu.configFor(credentials);
    }
    const root = (account: string) => config({ accessKeyId: account, secretAccessKey: 'test' });
    s3a = new S3Client(root(A));
    kmsA = new KMSClient(root(A));
    iamB = new IAMClient(root(B));
    const key = await kmsA.send(new CreateKeyCommand({ Policy: keyPolicy(true) }));
    keyArn = key.KeyMetadata!.Arn!;
    keyId = key.KeyMetadata!.KeyId!;
    await kmsA.send(new CreateAliasCommand({ AliasName: 'alias/artifacts', TargetKeyId: keyId }));
    await s3a.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3a.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: bucketPolicy(true) }));
    await iamB.send(new CreateUserCommand({ UserName: 'reader' }));
    await iamB.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'artifacts', PolicyDocument: readerPolicy(keyArn, true) }));
    const ak = await iamB.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
    reader = new S3Client(config({ accessKeyId: ak.AccessKey!.AccessKeyId!, secretAccessKey: ak.AccessKey!.SecretAccessKey! }));
    const put = await s3a.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'build/artifact.zip', Body: artifact, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
  });
  afterAll(() => emu.dispose());

  const read = (client: S3Client, key = 'build/artifact.zip') => client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));

  it('lets the reader in the other account read and decrypt the artifact byte for byte', async () => {
    const got = await read(reader);
    expect(got).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    expect((await bytes(got)).equals(artifact)).toBe(true);
  });

  it('denies an upload without aws:kms by the bucket policy, in the detailed same-account form', async () => {
    expect(await awsError(s3a.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'plain', Body: 'x' })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:root is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/plain" with an explicit deny in a resource-based policy`,
    });
  });

  it('denies requests over plain HTTP (aws:SecureTransport false)', async () => {
    const insecure = new S3Client(emu.configFor({ accessKeyId: A, secretAccessKey: 'test' }, { insecure: true }));
    expect(await awsError(insecure.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'build/artifact.zip' })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:root is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${BUCKET}/build/artifact.zip" with an explicit deny in a resource-based policy`,
    });
  });

  // Across accounts, GetObject of an object whose key the caller may not use answers KMS's opaque text in an S3
  // AccessDenied (errors.jsonl E025: raw S3 XML in chadgeary/nifi#13 and modernisation-platform#3468).
  it('fails with KMS words in an S3 AccessDenied when the key policy no longer grants the reader account (E025)', async () => {
    await kmsA.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: keyPolicy(false) }));
    try {
      expect(await awsError(read(reader))).toEqual({ code: 'AccessDenied', status: 403, message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.' });
    } finally {
      await kmsA.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: keyPolicy(true) }));
    }
  });

  it("fails when the other account's reader lacks kms:Decrypt in its own policy (E025)", async () => {
    await iamB.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'artifacts', PolicyDocument: readerPolicy(keyArn, false) }));
    try {
      expect(await awsError(read(reader))).toEqual({ code: 'AccessDenied', status: 403, message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.' });
    } finally {
      await iamB.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'artifacts', PolicyDocument: readerPolicy(keyArn, true) }));
    }
  });

  it('fails with a bare Access Denied when the bucket policy no longer grants the reader account (E022)', async () => {
    await s3a.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: bucketPolicy(false) }));
    try {
      expect(await awsError(read(reader))).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    } finally {
      await s3a.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: bucketPolicy(true) }));
    }
  });

  it("within the key's account, names kms:Decrypt and the key when the reader's policy lacks it (E026)", async () => {
    const iamA = new IAMClient(config({ accessKeyId: A, secretAccessKey: 'test' }));
    await iamA.send(new CreateUserCommand({ UserName: 'local-reader' }));
    await iamA.send(
      new PutUserPolicyCommand({
        UserName: 'local-reader',
        PolicyName: 'get',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] }] }),
      }),
    );
    const ak = await iamA.send(new CreateAccessKeyCommand({ UserName: 'local-reader' }));
    const local = new S3Client(config({ accessKeyId: ak.AccessKey!.AccessKeyId!, secretAccessKey: ak.AccessKey!.SecretAccessKey! }));
    expect(await awsError(read(local))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/local-reader is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action`,
    });
  });

  it('answers AccessDenied naming s3:ListBucket for a missing key when the caller may not list (E036)', async () => {
    const iamA = new IAMClient(config({ accessKeyId: A, secretAccessKey: 'test' }));
    await iamA.send(new CreateUserCommand({ UserName: 'getter' }));
    await iamA.send(
      new PutUserPolicyCommand({
        UserName: 'getter',
        PolicyName: 'get',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }),
      }),
    );
    const ak = await iamA.send(new CreateAccessKeyCommand({ UserName: 'getter' }));
    const getter = new S3Client(config({ accessKeyId: ak.AccessKey!.AccessKeyId!, secretAccessKey: ak.AccessKey!.SecretAccessKey! }));
    expect(await awsError(read(getter, 'no/such/key'))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/getter is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${BUCKET}" because no identity-based policy allows the s3:ListBucket action`,
    });
    expect(await awsError(read(reader, 'no/such/key'))).toEqual({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' });
  });

  it('encrypts with the bucket default key, and HeadObject shows it without calling KMS', async () => {
    const b = 'default-kms';
    await s3a.send(new CreateBucketCommand({ Bucket: b }));
    await s3a.send(
      new PutBucketEncryptionCommand({ Bucket: b, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] } }),
    );
    const put = await s3a.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'by default' }));
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    expect(await s3a.send(new HeadObjectCommand({ Bucket: b, Key: 'k' }))).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    expect((await bytes(await s3a.send(new GetObjectCommand({ Bucket: b, Key: 'k' })))).toString()).toBe('by default');
  });

  it('uses the writer account aws/s3 key without a key id, which the other account can never use', async () => {
    const put = await s3a.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'aws-managed', Body: 'secret', ServerSideEncryption: 'aws:kms' }));
    expect(put.SSEKMSKeyId).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${A}:key/[0-9a-f-]{36}$`));
    expect(put.SSEKMSKeyId).not.toBe(keyArn);
    expect((await bytes(await read(s3a, 'aws-managed'))).toString()).toBe('secret');
    expect(await awsError(read(reader, 'aws-managed'))).toEqual({ code: 'AccessDenied', status: 403, message: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.' });
  });

  it("does not find the other account's alias: 400 KMS.NotFoundException", async () => {
    const err = await awsError(reader.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'by-alias', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/artifacts' })));
    expect(err).toEqual({ code: 'KMS.NotFoundException', status: 400, message: `Alias arn:aws:kms:us-east-1:${B}:alias/artifacts is not found.` });
    const ok = await reader.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'by-arn', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    expect(ok.SSEKMSKeyId).toBe(keyArn);
  });

  it('maps unknown and disabled keys to KMS.* codes (E028, E029, E032)', async () => {
    const put = (id: string) => s3a.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bad-key', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: id }));
    expect(await awsError(put('not-a-key'))).toEqual({ code: 'KMS.NotFoundException', status: 400, message: "Invalid keyId 'not-a-key'" });
    const ghost = '00000000-1111-2222-3333-444444444444';
    expect(await awsError(put(ghost))).toEqual({ code: 'KMS.NotFoundException', status: 400, message: `Key 'arn:aws:kms:us-east-1:${A}:key/${ghost}' does not exist` });
    await kmsA.send(new DisableKeyCommand({ KeyId: keyId }));
    try {
      expect(await awsError(read(s3a))).toEqual({ code: 'KMS.DisabledException', status: 400, message: `${keyArn} is disabled.` });
    } finally {
      await kmsA.send(new EnableKeyCommand({ KeyId: keyId }));
    }
  });

  it('uploads SSE-KMS multipart objects under one data key, sealed part by part', async () => {
    const p1 = randomBytes(5 * 1024 * 1024);
    const p2 = randomBytes(777);
    const key = 'multi/kms.bin';
    // Into a bucket without the deny-unencrypted policy: UploadPart carries no x-amz-server-side-encryption header.
    const b = 'default-kms';
    const { UploadId, SSEKMSKeyId } = await s3a.send(new CreateMultipartUploadCommand({ Bucket: b, Key: key, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    expect(SSEKMSKeyId).toBe(keyArn);
    const e1 = await s3a.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 1, Body: p1 }));
    const e2 = await s3a.send(new UploadPartCommand({ Bucket: b, Key: key, UploadId, PartNumber: 2, Body: p2 }));
    await s3a.send(new CompleteMultipartUploadCommand({ Bucket: b, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1.ETag }, { PartNumber: 2, ETag: e2.ETag }] } }));
    const got = await s3a.send(new GetObjectCommand({ Bucket: b, Key: key }));
    expect(got.SSEKMSKeyId).toBe(keyArn);
    expect((await bytes(got)).equals(Buffer.concat([p1, p2]))).toBe(true);
  });
});
