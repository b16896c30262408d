/**
 * S3 bucket operations through the real @aws-sdk/client-s3, over both transports.
 * Sources for the asserted errors: ../shared/aws-facts/errors.jsonl (E034, E035, E037, E039, E040, E043, E045, E046,
 * E082) and the S3 API reference pages named in each case.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketOwnershipControlsCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';

describe.each(['in-process', 'http'] as const)('S3 buckets over %s', (transport) => {
  let emu: RunningEmulator;
  let s3a: S3Client;
  let s3b: S3Client;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3a = new S3Client(emu.clientConfig(A));
    s3b = new S3Client(emu.clientConfig(B));
  });
  afterAll(() => emu.dispose());

  it('creates, heads, lists and deletes a bucket', async () => {
    await s3a.send(new CreateBucketCommand({ Bucket: 'life-cycle' }));
    const head = await s3a.send(new HeadBucketCommand({ Bucket: 'life-cycle' }));
    expect(head.BucketRegion).toBe('us-east-1');
    const list = await s3a.send(new ListBucketsCommand({}));
    expect(list.Buckets!.map((b) => b.Name)).toContain('life-cycle');
    expect(list.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect((await s3b.send(new ListBucketsCommand({}))).Buckets ?? []).not.toContainEqual(expect.objectContaining({ Name: 'life-cycle' }));
    await s3a.send(new DeleteBucketCommand({ Bucket: 'life-cycle' }));
    // E037: HEAD errors carry no body, so the SDK names them by status.
    expect(await awsError(s3a.send(new HeadBucketCommand({ Bucket: 'life-cycle' })))).toEqual({ code: 'NotFound', status: 404, message: 'UnknownError' });
  });

  it('keeps bucket names global: another account gets BucketAlreadyExists', async () => {
    await s3a.send(new CreateBucketCommand({ Bucket: 'taken-name' }));
    expect(await awsError(s3b.send(new CreateBucketCommand({ Bucket: 'taken-name' })))).toEqual({
      code: 'BucketAlreadyExists',
      status: 409,
      message: 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    });
  });

  it('answers BucketAlreadyOwnedByYou outside us-east-1 and 200 inside it (API_CreateBucket, Errors)', async () => {
    const again = await s3a.send(new CreateBucketCommand({ Bucket: 'taken-name' }));
    expect(again.$metadata.httpStatusCode).toBe(200);
    const eu = new S3Client({ ...emu.clientConfig(A), region: 'eu-west-1' });
    await eu.send(new CreateBucketCommand({ Bucket: 'mine-in-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    expect(await awsError(eu.send(new CreateBucketCommand({ Bucket: 'mine-in-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })))).toEqual({
      code: 'BucketAlreadyOwnedByYou',
      status: 409,
      message: 'Your previous request to create the named bucket succeeded and you already own it.',
    });
    // The SDK adds LocationConstraint from its region, so a mismatch needs an explicit one.
    expect(await awsError(eu.send(new CreateBucketCommand({ Bucket: 'wrong-place', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } })))).toEqual({
      code: 'IllegalLocationConstraintException',
      status: 400,
      message: 'The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.',
    });
  });

  it('refuses invalid names and ownership values (E046) and ACLs under BucketOwnerEnforced (E082)', async () => {
    expect(await awsError(s3a.send(new CreateBucketCommand({ Bucket: 'Upper_Case' })))).toEqual({
      code: 'InvalidBucketName',
      status: 400,
      message: 'The specified bucket is not valid.',
    });
    expect(await awsError(s3a.send(new CreateBucketCommand({ Bucket: 'bad-ownership', ObjectOwnership: 'Nobody' as never })))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Invalid x-amz-object-ownership header: Nobody',
    });
    expect(await awsError(s3a.send(new CreateBucketCommand({ Bucket: 'public-acl', ACL: 'public-read' })))).toEqual({
      code: 'InvalidBucketAclWithObjectOwnership',
      status: 400,
      message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    });
  });

  it('refuses to delete a bucket that holds objects; NoSuchBucket carries the name (E035)', async () => {
    await s3a.send(new CreateBucketCommand({ Bucket: 'not-empty' }));
    await s3a.send(new PutObjectCommand({ Bucket: 'not-empty', Key: 'k', Body: 'x' }));
    expect(await awsError(s3a.send(new DeleteBucketCommand({ Bucket: 'not-empty' })))).toEqual({
      code: 'BucketNotEmpty',
      status: 409,
      message: 'The bucket you tried to delete is not empty',
    });
    expect(await awsError(s3a.send(new DeleteBucketCommand({ Bucket: 'never-was' })))).toEqual({
      code: 'NoSuchBucket',
      status: 404,
      message: 'The specified bucket does not exist',
    });
  });

  describe('bucket policy', () => {
    const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    beforeAll(async () => {
      await s3a.send(new CreateBucketCommand({ Bucket: 'with-policy' }));
    });

    it('stores, returns and deletes a policy', async () => {
      const doc = policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::with-policy/*' });
      await s3a.send(new PutBucketPolicyCommand({ Bucket: 'with-policy', Policy: doc }));
      expect((await s3a.send(new GetBucketPolicyCommand({ Bucket: 'with-policy' }))).Policy).toBe(doc);
      await s3a.send(new DeleteBucketPolicyCommand({ Bucket: 'with-policy' }));
      expect(await awsError(s3a.send(new GetBucketPolicyCommand({ Bucket: 'with-policy' })))).toEqual({
        code: 'NoSuchBucketPolicy',
        status: 404,
        message: 'The bucket policy does not exist',
      });
    });

    it('validates like S3: missing Statement (E039), unknown role principal (E040), foreign resource', async () => {
      expect(await awsError(s3a.send(new PutBucketPolicyCommand({ Bucket: 'with-policy', Policy: '{}' })))).toEqual({
        code: 'MalformedPolicy',
        status: 400,
        message: 'Missing required field Statement',
      });
      const ghost = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:role/ghost` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::with-policy/*' });
      expect(await awsError(s3a.send(new PutBucketPolicyCommand({ Bucket: 'with-policy', Policy: ghost })))).toEqual({
        code: 'MalformedPolicy',
        status: 400,
        message: 'Invalid principal in policy',
      });
      const foreign = policy({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::someone-else/*' });
      expect(await awsError(s3a.send(new PutBucketPolicyCommand({ Bucket: 'with-policy', Policy: foreign })))).toEqual({
        code: 'MalformedPolicy',
        status: 400,
        message: 'Policy has invalid resource',
      });
    });

    it('blocks a public policy while BlockPublicPolicy is on, and accepts it once removed', async () => {
      const open = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::with-policy/*' });
      expect(await awsError(s3a.send(new PutBucketPolicyCommand({ Bucket: 'with-policy', Policy: open })))).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${A}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::with-policy" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
      });
      const pab = await s3a.send(new GetPublicAccessBlockCommand({ Bucket: 'with-policy' }));
      expect(pab.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      await s3a.send(new DeletePublicAccessBlockCommand({ Bucket: 'with-policy' }));
      expect(await awsError(s3a.send(new GetPublicAccessBlockCommand({ Bucket: 'with-policy' })))).toEqual({
        code: 'NoSuchPublicAccessBlockConfiguration',
        status: 404,
        message: 'The public access block configuration was not found',
      });
      await s3a.send(new PutBucketPolicyCommand({ Bucket: 'with-policy', Policy: open }));
    });

    it('lets the owner root replace a policy that denies everyone (no lock-out)', async () => {
      const denyAll = policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::with-policy', 'arn:aws:s3:::with-policy/*'] });
      await s3a.send(new PutBucketPolicyCommand({ Bucket: 'with-policy', Policy: denyAll }));
      expect((await awsError(s3a.send(new GetBucketVersioningCommand({ Bucket: 'with-policy' })))).code).toBe('AccessDenied');
      await s3a.send(new DeleteBucketPolicyCommand({ Bucket: 'with-policy' }));
      await s3a.send(new GetBucketVersioningCommand({ Bucket: 'with-policy' }));
    });
  });

  it('turns versioning on and suspends it', async () => {
    await s3a.send(new CreateBucketCommand({ Bucket: 'versioned-conf' }));
    expect((await s3a.send(new GetBucketVersioningCommand({ Bucket: 'versioned-conf' }))).Status).toBeUndefined();
    await s3a.send(new PutBucketVersioningCommand({ Bucket: 'versioned-conf', VersioningConfiguration: { Status: 'Enabled' } }));
    expect((await s3a.send(new GetBucketVersioningCommand({ Bucket: 'versioned-conf' }))).Status).toBe('Enabled');
    await s3a.send(new PutBucketVersioningCommand({ Bucket: 'versioned-conf', VersioningConfiguration: { Status: 'Suspended' } }));
    expect((await s3a.send(new GetBucketVersioningCommand({ Bucket: 'versioned-conf' }))).Status).toBe('Suspended');
  });

  it('configures default encryption; a KMS key with AES256 is refused (E034)', async () => {
    await s3a.send(new CreateBucketCommand({ Bucket: 'enc-conf' }));
    const initial = await s3a.send(new GetBucketEncryptionCommand({ Bucket: 'enc-conf' }));
    expect(initial.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    const keyArn = `arn:aws:kms:us-east-1:${A}:key/11111111-2222-3333-4444-555555555555`;
    await s3a.send(
      new PutBucketEncryptionCommand({
        Bucket: 'enc-conf',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] },
      }),
    );
    const rule = (await s3a.send(new GetBucketEncryptionCommand({ Bucket: 'enc-conf' }))).ServerSideEncryptionConfiguration?.Rules?.[0];
    expect(rule).toEqual({ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true });
    const bad = new PutBucketEncryptionCommand({
      Bucket: 'enc-conf',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: keyArn } }] },
    });
    expect(await awsError(s3a.send(bad))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
    });
    await s3a.send(new DeleteBucketEncryptionCommand({ Bucket: 'enc-conf' }));
    const after = await s3a.send(new GetBucketEncryptionCommand({ Bucket: 'enc-conf' }));
    expect(after.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
  });

  it('reads and changes ownership controls; none after delete (E045)', async () => {
    await s3a.send(new CreateBucketCommand({ Bucket: 'own-conf' }));
    const get = () => s3a.send(new GetBucketOwnershipControlsCommand({ Bucket: 'own-conf' }));
    expect((await get()).OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    await s3a.send(new PutBucketOwnershipControlsCommand({ Bucket: 'own-conf', OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }));
    expect((await get()).OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'ObjectWriter' }]);
    await s3a.send(new DeleteBucketOwnershipControlsCommand({ Bucket: 'own-conf' }));
    expect(await awsError(get())).toEqual({ code: 'OwnershipControlsNotFoundError', status: 404, message: 'The bucket ownership controls were not found' });
  });

  it('shows the owner full control in the bucket ACL and refuses other ACLs under BucketOwnerEnforced (E043)', async () => {
    await s3a.send(new CreateBucketCommand({ Bucket: 'acl-conf' }));
    const acl = await s3a.send(new GetBucketAclCommand({ Bucket: 'acl-conf' }));
    expect(acl.Grants).toEqual([{ Grantee: { ID: acl.Owner!.ID, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }]);
    expect(await awsError(s3a.send(new PutBucketAclCommand({ Bucket: 'acl-conf', ACL: 'public-read' })))).toEqual({
      code: 'AccessControlListNotSupported',
      status: 400,
      message: 'The bucket does not allow ACLs',
    });
    await s3a.send(new PutBucketAclCommand({ Bucket: 'acl-conf', ACL: 'private' }));
  });
});
