/**
 * Buckets in other Regions and GetBucketLocation, through the real @aws-sdk/client-s3 over both transports.
 * Answers as recorded against AWS in LocalStack's validated snapshots (localstack
 * tests/aws/services/s3/test_s3.snapshot.json: test_different_location_constraint,
 * test_create_bucket_with_eu_location_constraint, test_create_bucket_with_eu_location_constraint_raises,
 * test_create_bucket_with_invalid_location_constraint[us-east-1-us-east-1|us-east-1-foo|eu-west-1-bar],
 * test_bucket_constraint_aws_global). Action: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 */
import { CreateBucketCommand, GetBucketLocationCommand, ListBucketsCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const INVALID = { code: 'InvalidLocationConstraint', status: 400, message: 'The specified location-constraint is not valid' };
const illegal = (what: string) => ({
  code: 'IllegalLocationConstraintException',
  status: 400,
  message: `The ${what} location constraint is incompatible for the region specific endpoint this request was sent to.`,
});

describe.each(['in-process', 'http'] as const)('S3 bucket Regions over %s', (transport) => {
  let emu: RunningEmulator;
  let east1: S3Client;
  const client = (region: string, account = A) => new S3Client({ ...emu.clientConfig(account), region });
  const location = async (Bucket: string, c = east1) => (await c.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    east1 = client('us-east-1');
  });
  afterAll(() => emu.dispose());

  it('answers no LocationConstraint for us-east-1 and the Region for others', async () => {
    await east1.send(new CreateBucketCommand({ Bucket: 'loc-us-east-1' }));
    expect(await location('loc-us-east-1')).toBeUndefined();
    const east2 = client('us-east-2');
    await east2.send(new CreateBucketCommand({ Bucket: 'loc-us-east-2', CreateBucketConfiguration: { LocationConstraint: 'us-east-2' } }));
    expect(await location('loc-us-east-2', east2)).toBe('us-east-2');
    // Every Region's endpoint answers it (the request is not redirected).
    expect(await location('loc-us-east-2')).toBe('us-east-2');
    const regions = (await east1.send(new ListBucketsCommand({}))).Buckets!.map((b) => [b.Name, b.BucketRegion]);
    expect(regions).toEqual(expect.arrayContaining([['loc-us-east-1', 'us-east-1'], ['loc-us-east-2', 'us-east-2']]));
  });

  it('keeps EU, eu-west-1 alias, as the constraint (test_create_bucket_with_eu_location_constraint)', async () => {
    const eu = client('eu-west-1');
    await eu.send(new CreateBucketCommand({ Bucket: 'loc-eu-alias', CreateBucketConfiguration: { LocationConstraint: 'EU' } }));
    expect(await location('loc-eu-alias', eu)).toBe('EU');
    const listed = (await eu.send(new ListBucketsCommand({}))).Buckets!.find((b) => b.Name === 'loc-eu-alias');
    expect(listed?.BucketRegion).toBe('eu-west-1');
    expect(await awsError(client('us-east-2').send(new CreateBucketCommand({ Bucket: 'loc-eu-elsewhere', CreateBucketConfiguration: { LocationConstraint: 'EU' } })))).toEqual(
      illegal('EU'),
    );
  });

  it('refuses a constraint that does not match the endpoint Region, in the recorded words', async () => {
    expect(await awsError(east1.send(new CreateBucketCommand({ Bucket: 'loc-bad', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as 'EU' } })))).toEqual(INVALID);
    expect(await awsError(east1.send(new CreateBucketCommand({ Bucket: 'loc-bad', CreateBucketConfiguration: { LocationConstraint: 'foo' as 'EU' } })))).toEqual(INVALID);
    expect(await awsError(east1.send(new CreateBucketCommand({ Bucket: 'loc-bad', CreateBucketConfiguration: { LocationConstraint: 'aws-global' as 'EU' } })))).toEqual(
      INVALID,
    );
    const east2 = client('us-east-2');
    expect(await awsError(east2.send(new CreateBucketCommand({ Bucket: 'loc-bad', CreateBucketConfiguration: { LocationConstraint: 'us-west-1' } })))).toEqual(
      illegal('us-west-1'),
    );
    const west1 = client('us-west-1');
    expect(await awsError(west1.send(new CreateBucketCommand({ Bucket: 'loc-bad', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as 'EU' } })))).toEqual(
      illegal('us-east-1'),
    );
    expect(await awsError(client('eu-west-1').send(new CreateBucketCommand({ Bucket: 'loc-bad', CreateBucketConfiguration: { LocationConstraint: 'bar' as 'EU' } })))).toEqual(
      illegal('bar'),
    );
  });

  it('answers NoSuchBucket, and authorizes as s3:GetBucketLocation', async () => {
    expect(await awsError(east1.send(new GetBucketLocationCommand({ Bucket: 'loc-never-made' })))).toEqual({
      code: 'NoSuchBucket',
      status: 404,
      message: 'The specified bucket does not exist',
    });
    const b = client('us-east-1', B);
    expect(await awsError(b.send(new GetBucketLocationCommand({ Bucket: 'loc-us-east-2' })))).toEqual({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    await east1.send(
      new PutBucketPolicyCommand({
        Bucket: 'loc-us-east-2',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetBucketLocation', Resource: 'arn:aws:s3:::loc-us-east-2' }],
        }),
      }),
    );
    expect(await location('loc-us-east-2', b)).toBe('us-east-2');
  });
});
