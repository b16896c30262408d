/**
 * Versioning edge cases as recorded against AWS in LocalStack's validated snapshots (localstack/localstack
 * tests/aws/services/s3/test_s3_api.snapshot.json and test_s3_api.py):
 * - test_object_version_id_format: 32 characters of letters, digits, "." and "_";
 * - test_put_object_on_suspended_bucket, test_delete_object_on_suspended_bucket: a write to a suspended bucket
 *   answers no VersionId, a read of it shows "null", a delete answers DeleteMarker with VersionId "null";
 * - test_delete_object, test_get_object_with_version_unversioned_bucket: in a bucket never versioned, a version id
 *   other than "null" is 400 InvalidArgument "Invalid version id specified" (ArgumentName versionId);
 * - test_delete_objects, test_delete_objects_versioned: DeleteObjects reports NoSuchVersion for each key naming a
 *   version it does not have, in any bucket;
 * - test_delete_object_versioned: GET of a delete marker's version is 405 MethodNotAllowed with
 *   x-amz-delete-marker, x-amz-version-id and Allow: DELETE; GET of a key whose latest version is a delete marker
 *   is 404 NoSuchKey with x-amz-delete-marker and x-amz-version-id.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const FOREIGN_ID = 'HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD';
const NO_SUCH_VERSION = 'The specified version does not exist.';

/** The error and the response headers the SDK keeps on it. */
async function failure(call: Promise<unknown>) {
  const err = await awsError(call);
  const raw = (await call.catch((e: { $response?: { headers?: Record<string, string> }; ArgumentName?: string }) => e)) as {
    $response?: { headers?: Record<string, string> };
    ArgumentName?: string;
  };
  return { ...err, headers: raw.$response?.headers ?? {}, argumentName: raw.ArgumentName };
}

describe.each(['in-process', 'http'] as const)('S3 versioning edges over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  const plain = 'never-versioned';
  const enabled = 'versioning-enabled';
  const suspended = 'versioning-suspended';

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    for (const Bucket of [plain, enabled, suspended]) await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: enabled, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: suspended, VersioningConfiguration: { Status: 'Enabled' } }));
  });
  afterAll(() => emu.dispose());

  it("issues version ids of AWS's length and alphabet", async () => {
    for (let i = 0; i < 20; i++) {
      const { VersionId } = await s3.send(new PutObjectCommand({ Bucket: enabled, Key: `id-${i}`, Body: '' }));
      expect(VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    }
  });

  it('a suspended bucket writes the "null" version without naming it, and deletes with a "null" marker', async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: suspended, Key: 'k', Body: 'v1' }));
    expect(first.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    await s3.send(new PutBucketVersioningCommand({ Bucket: suspended, VersioningConfiguration: { Status: 'Suspended' } }));
    const put = await s3.send(new PutObjectCommand({ Bucket: suspended, Key: 'k', Body: 'suspended' }));
    expect(put.VersionId).toBeUndefined();
    const got = await s3.send(new GetObjectCommand({ Bucket: suspended, Key: 'k' }));
    expect([got.VersionId, await got.Body!.transformToString()]).toEqual(['null', 'suspended']);
    const del = await s3.send(new DeleteObjectCommand({ Bucket: suspended, Key: 'k' }));
    expect([del.DeleteMarker, del.VersionId]).toEqual([true, 'null']);
    expect(await (await s3.send(new GetObjectCommand({ Bucket: suspended, Key: 'k', VersionId: first.VersionId }))).Body!.transformToString()).toBe('v1');
  });

  it('a bucket never versioned refuses any version id but "null" as invalid', async () => {
    await s3.send(new PutObjectCommand({ Bucket: plain, Key: 'k', Body: 'x' }));
    const invalid = { code: 'InvalidArgument', status: 400, message: 'Invalid version id specified', argumentName: 'versionId' };
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: plain, Key: 'k', VersionId: FOREIGN_ID })))).toMatchObject(invalid);
    expect(await failure(s3.send(new DeleteObjectCommand({ Bucket: plain, Key: 'k', VersionId: FOREIGN_ID })))).toMatchObject(invalid);
    expect((await s3.send(new GetObjectCommand({ Bucket: plain, Key: 'k', VersionId: 'null' }))).ContentLength).toBe(1);
  });

  it('DeleteObjects reports NoSuchVersion for each key naming a version it does not have', async () => {
    const noSuch = (Key: string) => ({ Code: 'NoSuchVersion', Key, Message: NO_SUCH_VERSION, VersionId: FOREIGN_ID });
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: plain, Delete: { Objects: [{ Key: 'k', VersionId: FOREIGN_ID }] } }));
    expect([out.Errors, out.Deleted]).toEqual([[noSuch('k')], undefined]);
    await s3.send(new PutObjectCommand({ Bucket: enabled, Key: 'test-delete', Body: 'x' }));
    const versioned = await s3.send(
      new DeleteObjectsCommand({ Bucket: enabled, Delete: { Objects: [{ Key: 'test-delete', VersionId: FOREIGN_ID }, { Key: 'wrong-key-2', VersionId: FOREIGN_ID }] } }),
    );
    expect(versioned.Errors).toEqual([noSuch('test-delete'), noSuch('wrong-key-2')]);
    expect((await s3.send(new GetObjectCommand({ Bucket: enabled, Key: 'test-delete' }))).ContentLength).toBe(1);
  });

  it('answers a delete marker with its headers: 404 as the latest version, 405 with Allow: DELETE when named', async () => {
    await s3.send(new PutObjectCommand({ Bucket: enabled, Key: 'gone', Body: 'x' }));
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: enabled, Key: 'gone' }));
    const latest = await failure(s3.send(new GetObjectCommand({ Bucket: enabled, Key: 'gone' })));
    expect(latest).toMatchObject({ code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' });
    expect(latest.headers).toMatchObject({ 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.VersionId });
    const named = await failure(s3.send(new GetObjectCommand({ Bucket: enabled, Key: 'gone', VersionId: marker.VersionId })));
    expect(named).toMatchObject({ code: 'MethodNotAllowed', status: 405, message: 'The specified method is not allowed against this resource.' });
    expect(named.headers).toMatchObject({ 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.VersionId, allow: 'DELETE' });
  });
});
