/**
 * ACLs as S3 applies and validates them (public-acl.ts, acl-validation.ts).
 * - BlockPublicAcls refuses new public ACLs ("PUT Bucket acl and PUT Object acl calls fail if the specified ACL is
 *   public. PUT Object calls fail if the request includes a public ACL.",
 *   https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html); the bare 403 wording
 *   is not from a recorded response (public-acl.ts).
 * - A public-read object is readable, a public-read bucket listable, without credentials, where ACLs count: not
 *   under BucketOwnerEnforced, not with IgnorePublicAcls (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html,
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html); an anonymous
 *   refusal is the bare 403 "Access Denied" (E022).
 * - Validation answers as recorded against AWS in LocalStack's validated snapshots (localstack/localstack
 *   tests/aws/services/s3/test_s3.snapshot.json, test_s3_object_acl_exceptions and test_s3_bucket_acl_exceptions),
 *   given on a bucket whose ACLs are disabled, as LocalStack's test does.
 */
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type AccessControlPolicy,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { canonicalId } from './store.js';

const A = '111111111111';
const DENIED = { code: 'AccessDenied', status: 403, message: 'Access Denied' };
/** S3 words an unknown canned ACL with no Message; the JS SDK then reports "UnknownError" (botocore: None). */
const UNKNOWN_CANNED = { code: 'InvalidArgument', status: 400, message: 'UnknownError', ArgumentName: 'x-amz-acl', ArgumentValue: 'fake-acl' };
const MALFORMED_ACL = { code: 'MalformedACLError', status: 400, message: 'The XML you provided was not well-formed or did not validate against our published schema' };

/** The error with S3's extra elements (ArgumentName, ArgumentValue, MissingHeaderName) as the SDK surfaces them. */
async function refusal(call: Promise<unknown>) {
  const err = await awsError(call);
  const raw = (await call.catch((e: Record<string, unknown>) => e)) as Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  for (const f of ['ArgumentName', 'ArgumentValue', 'MissingHeaderName'] as const) if (raw[f] !== undefined) extra[f] = raw[f];
  return { ...err, ...extra };
}

describe.each(['in-process', 'http'] as const)('S3 ACLs over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let anonymous: S3Client;
  const open = 'acl-public-bucket';
  const enforced = 'acl-enforced-bucket';

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    // No credentials: the request goes unsigned, as a browser's would.
    anonymous = new S3Client({ ...emu.clientConfig(A), signer: { sign: async (request) => request } });
    await s3.send(new CreateBucketCommand({ Bucket: open, ObjectOwnership: 'BucketOwnerPreferred' }));
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: open }));
    await s3.send(new CreateBucketCommand({ Bucket: enforced }));
    await s3.send(new PutObjectCommand({ Bucket: open, Key: 'public', Body: 'hello', ACL: 'public-read' }));
    await s3.send(new PutObjectCommand({ Bucket: open, Key: 'private', Body: 'secret' }));
    await s3.send(new PutObjectCommand({ Bucket: enforced, Key: 'k', Body: 'x' }));
  });
  afterAll(() => emu.dispose());

  it('serves a public-read object to anyone, and keeps a private one private', async () => {
    const got = await anonymous.send(new GetObjectCommand({ Bucket: open, Key: 'public' }));
    expect(await got.Body!.transformToString()).toBe('hello');
    expect(await awsError(anonymous.send(new GetObjectCommand({ Bucket: open, Key: 'private' })))).toEqual(DENIED);
  });

  it('lists a public-read bucket to anyone; a private bucket refuses', async () => {
    expect(await awsError(anonymous.send(new ListObjectsV2Command({ Bucket: open })))).toEqual(DENIED);
    await s3.send(new PutBucketAclCommand({ Bucket: open, ACL: 'public-read' }));
    expect((await anonymous.send(new ListObjectsV2Command({ Bucket: open }))).Contents?.map((o) => o.Key)).toEqual(['private', 'public']);
    await s3.send(new PutBucketAclCommand({ Bucket: open, ACL: 'private' }));
    expect(await awsError(anonymous.send(new ListObjectsV2Command({ Bucket: open })))).toEqual(DENIED);
  });

  it('ignores public ACLs under IgnorePublicAcls, and on a bucket whose ACLs are disabled', async () => {
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: open, PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }));
    expect(await awsError(anonymous.send(new GetObjectCommand({ Bucket: open, Key: 'public' })))).toEqual(DENIED);
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: open }));
    expect((await anonymous.send(new GetObjectCommand({ Bucket: open, Key: 'public' }))).ContentLength).toBe(5);
    expect(await awsError(anonymous.send(new GetObjectCommand({ Bucket: enforced, Key: 'k' })))).toEqual(DENIED);
  });

  it('refuses a public ACL on a write or Put*Acl while BlockPublicAcls is on (API_PublicAccessBlockConfiguration.html)', async () => {
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: open, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    expect(await awsError(s3.send(new PutObjectCommand({ Bucket: open, Key: 'new', Body: 'x', ACL: 'public-read' })))).toEqual(DENIED);
    expect(await awsError(s3.send(new PutObjectAclCommand({ Bucket: open, Key: 'private', ACL: 'authenticated-read' })))).toEqual(DENIED);
    expect(await awsError(s3.send(new PutBucketAclCommand({ Bucket: open, GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })))).toEqual(DENIED);
    await s3.send(new PutObjectCommand({ Bucket: open, Key: 'new', Body: 'x', ACL: 'bucket-owner-full-control' }));
    // Existing public ACLs still count: BlockPublicAcls only refuses new ones.
    expect((await anonymous.send(new GetObjectCommand({ Bucket: open, Key: 'public' }))).ContentLength).toBe(5);
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: open }));
    expect(await awsError(anonymous.send(new GetObjectCommand({ Bucket: open, Key: 'new' })))).toEqual(DENIED);
  });

  it('validates grant headers and canned ACLs in AWS order, before ownership refuses ACLs', async () => {
    const putAcl = (extra: object) => s3.send(new PutObjectAclCommand({ Bucket: enforced, Key: 'k', ...extra }));
    expect(await refusal(putAcl({ ACL: 'fake-acl' }))).toEqual(UNKNOWN_CANNED);
    expect(await refusal(s3.send(new PutObjectCommand({ Bucket: enforced, Key: 'k', Body: 'x', ACL: 'fake-acl' as 'private' })))).toEqual(UNKNOWN_CANNED);
    expect(await refusal(putAcl({ GrantWrite: 'uri="http://acs.amazonaws.com/groups/s3/FakeGroup"' }))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Invalid group uri',
      ArgumentName: 'uri',
      ArgumentValue: 'http://acs.amazonaws.com/groups/s3/FakeGroup',
    });
    expect(await refusal(putAcl({ GrantWrite: 'fakekey="1234"' }))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Argument format not recognized',
      ArgumentName: 'x-amz-grant-write',
      ArgumentValue: 'fakekey="1234"',
    });
    expect(await refusal(putAcl({ GrantWrite: 'id="wrong-id"' }))).toEqual({ code: 'InvalidArgument', status: 400, message: 'Invalid id', ArgumentName: 'id', ArgumentValue: 'wrong-id' });
    expect(await refusal(putAcl({}))).toEqual({ code: 'MissingSecurityHeader', status: 400, message: 'Your request was missing a required header', MissingHeaderName: 'x-amz-acl' });
    expect(await refusal(putAcl({ ACL: 'private', GrantRead: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"' }))).toEqual({
      code: 'InvalidRequest',
      status: 400,
      message: 'Specifying both Canned ACLs and Header Grants is not allowed',
    });
    expect(await refusal(s3.send(new PutBucketAclCommand({ Bucket: enforced, GrantWrite: 'id="wrong-id"' })))).toMatchObject({ code: 'InvalidArgument', message: 'Invalid id' });
  });

  it('validates an AccessControlPolicy body as AWS does', async () => {
    const owner = { ID: canonicalId(A) };
    const putAcp = (AccessControlPolicy: AccessControlPolicy, ACL?: 'private') => s3.send(new PutObjectAclCommand({ Bucket: enforced, Key: 'k', AccessControlPolicy, ACL }));
    const logDelivery = { Grantee: { URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery', Type: 'Group' as const }, Permission: 'WRITE' as const };
    expect(await refusal(putAcp({ Grants: [logDelivery] }))).toEqual(MALFORMED_ACL);
    expect(await refusal(putAcp({ Owner: owner, Grants: [{ ...logDelivery, Permission: 'WRONG-PERMISSION' as 'READ' }] }))).toEqual(MALFORMED_ACL);
    expect(await refusal(putAcp({ Owner: { ID: 'wrong-id' }, Grants: [logDelivery] }))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Invalid id',
      ArgumentName: 'CanonicalUser/ID',
      ArgumentValue: 'wrong-id',
    });
    expect(await refusal(putAcp({ Owner: owner, Grants: [{ Grantee: { URI: 'http://acs.amazonaws.com/groups/s3/FakeGroup', Type: 'Group' }, Permission: 'FULL_CONTROL' }] }))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message: 'Invalid group uri',
      ArgumentName: 'Group/URI',
      ArgumentValue: 'http://acs.amazonaws.com/groups/s3/FakeGroup',
    });
    expect(await refusal(putAcp({ Owner: owner, Grants: [{ Grantee: { ID: 'wrong-id', Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] }))).toMatchObject({
      code: 'InvalidArgument',
      message: 'Invalid id',
      ArgumentName: 'CanonicalUser/ID',
    });
    expect(await refusal(putAcp({ Owner: owner, Grants: [{ Grantee: { ID: 'wrong-id', Type: 'BadType' as 'Group' }, Permission: 'FULL_CONTROL' }] }))).toEqual(MALFORMED_ACL);
    expect(await refusal(putAcp({}))).toEqual(MALFORMED_ACL);
    const full = { Owner: owner, Grants: [{ Grantee: { ID: owner.ID, Type: 'CanonicalUser' as const }, Permission: 'FULL_CONTROL' as const }] };
    expect(await refusal(putAcp(full, 'private'))).toEqual({ code: 'UnexpectedContent', status: 400, message: 'This request does not support content' });
  });
});
