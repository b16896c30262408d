/**
 * The declared checks of a request on one object (object-access.ts): the object-context check beside the policies
 * and s3:ListBucket on a missing key answer as S3 does, and each refusal is recorded with its explanation and fix.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-s3-evaluates-access-control.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html ("the bucket owner
 * automatically owns and has full control over every object in the bucket" under BucketOwnerEnforced)
 */
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';

async function requestIdOf(call: Promise<unknown>): Promise<string> {
  const e = await call.then(
    () => undefined,
    (err: { $metadata?: { requestId?: string } }) => err,
  );
  expect(e?.$metadata?.requestId).toBeTruthy();
  return e!.$metadata!.requestId!;
}

describe.each(['in-process', 'http'] as const)('S3 object access over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  let s3b: S3Client;
  const bucket = 'writer-owned-access';

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    s3b = new S3Client(emu.clientConfig(B));
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: 'ObjectWriter' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: ['s3:PutObject', 's3:GetObject'], Resource: `arn:aws:s3:::${bucket}/*` }],
        }),
      }),
    );
    await s3b.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-b', Body: 'mine' }));
  });
  afterAll(() => emu.dispose());

  it("explains the object-context refusal: the object's owner, its ACL, and the two fixes", async () => {
    const read = () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'from-b' }));
    expect(await awsError(read())).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    const record = emu.emulator.explain(await requestIdOf(read()));
    expect(record?.request.action).toBe('s3:GetObject');
    expect(record?.decision).toEqual({
      decision: 'implicitDeny',
      explanation: `The object from-b in bucket ${bucket} is owned by account ${B}, not by the bucket owner ${A}, and its ACL does not grant the caller's account ${A} READ.`,
      fix:
        `have the object owner (account ${B}) grant account ${A} READ in the object's ACL (PutObjectAcl), ` +
        "or set the bucket's Object Ownership to BucketOwnerEnforced (PutBucketOwnershipControls) so the bucket owner owns every object",
    });
  });

  it('refuses a copy whose source object the caller may not read, as a read is refused', async () => {
    const copy = () => s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/from-b` }));
    expect(await awsError(copy())).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    expect(emu.emulator.explain(await requestIdOf(copy()))?.decision.explanation).toMatch(/^The object from-b in bucket .* does not grant the caller's account 111111111111 READ\.$/);
  });

  it('refuses a key of a DeleteObjects batch on its own, records why, and deletes the others', async () => {
    // Account B may put and get under the bucket policy but not delete: its own object stays, each refusal an Error
    // entry (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html), while A deletes its own key.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'from-a', Body: 'a' }));
    const out = await s3b.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'from-b' }, { Key: 'from-a' }] } }));
    expect(out.Deleted ?? []).toEqual([]);
    expect(out.Errors).toEqual([
      { Key: 'from-b', Code: 'AccessDenied', Message: 'Access Denied' },
      { Key: 'from-a', Code: 'AccessDenied', Message: 'Access Denied' },
    ]);
    const record = emu.emulator.explain(out.$metadata.requestId!);
    expect(record?.request.action).toBe('s3:DeleteObject');
    expect(record?.decision.decision).toBe('implicitDeny');
    const mine = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'from-a' }] } }));
    expect(mine.Deleted).toEqual([{ Key: 'from-a' }]);
    expect(mine.Errors ?? []).toEqual([]);
  });

  it('records the s3:ListBucket refusal that hides a missing key (E036)', async () => {
    const read = () => s3b.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' }));
    expect(await awsError(read())).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    const record = emu.emulator.explain(await requestIdOf(read()));
    expect(record?.request.action).toBe('s3:ListBucket');
    expect(record?.decision.explanation).toBeTruthy();
  });

  it('lets the bucket owner read every object once Object Ownership is BucketOwnerEnforced', async () => {
    const b = 'enforced-later';
    await s3.send(new CreateBucketCommand({ Bucket: b, ObjectOwnership: 'ObjectWriter' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: b,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${b}/*` }] }),
      }),
    );
    await s3b.send(new PutObjectCommand({ Bucket: b, Key: 'old', Body: 'written under ObjectWriter' }));
    expect(await awsError(s3.send(new GetObjectCommand({ Bucket: b, Key: 'old' })))).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket: b, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    const out = await s3.send(new GetObjectCommand({ Bucket: b, Key: 'old' }));
    expect(await out.Body!.transformToString()).toBe('written under ObjectWriter');
  });
});
