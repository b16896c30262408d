/**
 * ExpectedBucketOwner and conditional writes through clients nobody here wrote, over http: /usr/bin/aws (AWS CLI
 * v2, --expected-bucket-owner) and python3's boto3 (put_object IfNoneMatch, which the CLI v2.9 predates).
 * Expected answers: AWS-recorded, see expected-owner.test.ts and preconditions.test.ts; botocore renders an error as
 * "An error occurred (<Code>) when calling the <Op> operation: <Message>".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSession, run, type CliSession } from './cli-session.js';

/** A boto3 script's output: put twice with IfNoneMatch="*", the second's error code, message, Condition and status. */
const BOTO3 = `
import json, sys, boto3, botocore
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')
first = s3.put_object(Bucket='cli-conditional', Key='once', Body=b'one', IfNoneMatch='*')
try:
    s3.put_object(Bucket='cli-conditional', Key='once', Body=b'two', IfNoneMatch='*')
    out = {'second': 'succeeded'}
except botocore.exceptions.ClientError as e:
    out = {'error': e.response['Error'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'text': str(e)}
out['body'] = s3.get_object(Bucket='cli-conditional', Key='once')['Body'].read().decode()
out['firstEtag'] = first['ETag']
print(json.dumps(out))
`;

describe('S3 ExpectedBucketOwner and If-None-Match with the AWS CLI and boto3 over http', () => {
  let cli: CliSession;
  const aws = (...args: string[]) => cli.aws(...args);
  const failure = (p: Promise<unknown>) => p.then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr.trim() }));

  beforeAll(async () => {
    cli = await cliSession('cli-conditional');
  });
  afterAll(() => cli.dispose());

  it('aws s3api honours --expected-bucket-owner: the owner passes, another account is AccessDenied, a malformed id is refused', async () => {
    const ok = JSON.parse((await aws('s3api', 'list-objects-v2', '--bucket', 'cli-conditional', '--expected-bucket-owner', '111111111111')).stdout || '{}');
    expect(ok.KeyCount ?? 0).toBe(0);
    expect(await failure(aws('s3api', 'list-objects-v2', '--bucket', 'cli-conditional', '--expected-bucket-owner', '222222222222'))).toEqual({
      code: 254,
      stderr: 'An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied',
    });
    expect(await failure(aws('s3api', 'get-bucket-versioning', '--bucket', 'cli-conditional', '--expected-bucket-owner', 'abcd'))).toEqual({
      code: 254,
      stderr: 'An error occurred (InvalidBucketOwnerAWSAccountID) when calling the GetBucketVersioning operation: The value of the expected bucket owner parameter must be an AWS Account ID... [abcd]',
    });
  });

  it('boto3 put_object IfNoneMatch="*" writes once, then is 412 PreconditionFailed with its Condition', async () => {
    const out = JSON.parse((await run('python3', ['-c', BOTO3, cli.emu.endpoint], { env: cli.env })).stdout);
    expect(out.error).toEqual({ Code: 'PreconditionFailed', Message: 'At least one of the pre-conditions you specified did not hold', Condition: 'If-None-Match' });
    expect(out.status).toBe(412);
    expect(out.text).toBe('An error occurred (PreconditionFailed) when calling the PutObject operation: At least one of the pre-conditions you specified did not hold');
    expect(out.body).toBe('one');
  });
});
