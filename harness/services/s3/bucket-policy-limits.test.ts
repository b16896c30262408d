/**
 * PutBucketPolicy's limits through the real @aws-sdk/client-s3, over both transports (issue 13): the 20 KB quota,
 * condition values S3 refuses, and a wildcard bucket pattern that used to make the resource check backtrack.
 * Sources: the quota https://docs.aws.amazon.com/AmazonS3/latest/userguide/add-bucket-policy.html; the wording
 * "Normalized policy document exceeds the maximum allowed size of 20480 bytes" from Seagate/cortx-s3server
 * (auth/server/src/main/java/com/seagates3/policy/BucketPolicyValidator.java) and AWS's answer for access points
 * recorded in Yoshiki0705/FSx-for-ONTAP-Adoption-Playbook; "Invalid IP address in Conditions" from
 * scality/cloudserver (lib/api/apiUtils/authorization/permissionChecks.js) and versity/versitygw
 * (auth/bucket_policy.go), both written to S3's answers.
 */
import { CreateBucketCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const BUCKET = `limits-${'a'.repeat(56)}`;

function policy(statement: Record<string, unknown>, pad = 0): string {
  const doc = { Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Principal: { AWS: A }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*`, ...statement }] };
  if (pad > 0) doc.Statement[0]!.Sid = 'x'.repeat(pad - JSON.stringify(doc).length);
  return JSON.stringify(doc);
}

describe.each(['in-process', 'http'] as const)('PutBucketPolicy limits over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client({ ...emu.clientConfig(A), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(() => emu.dispose());

  it('accepts a policy of 20,480 bytes and refuses one byte more', async () => {
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy({}, 20480) }));
    expect(await awsError(s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy({}, 20481) })))).toEqual({
      code: 'MalformedPolicy',
      status: 400,
      message: 'Normalized policy document exceeds the maximum allowed size of 20480 bytes',
    });
  });

  it('refuses an IpAddress value that is not an address or CIDR block', async () => {
    const bad = policy({ Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', 'office'] } } });
    expect(await awsError(s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: bad })))).toEqual({
      code: 'MalformedPolicy',
      status: 400,
      message: 'Invalid IP address in Conditions',
    });
  });

  it('judges an adversarial wildcard bucket pattern without backtracking', async () => {
    const pattern = `${'*a'.repeat(30)}b`;
    const bad = policy({ Resource: `arn:aws:s3:::${pattern}/*` });
    expect(await awsError(s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: bad })))).toEqual({
      code: 'MalformedPolicy',
      status: 400,
      message: 'Policy has invalid resource',
    });
    const good = policy({ Resource: `arn:aws:s3:::${'*a'.repeat(30)}/*` });
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: good }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toBe(good);
  });
});
