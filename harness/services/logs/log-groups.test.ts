/**
 * CloudWatch Logs log groups through the real @aws-sdk/client-cloudwatch-logs, over both transports: create,
 * describe (prefix), delete, and IAM on the log group.
 * Sources (localstack tests/aws/services/logs/*.snapshot.json, recorded against AWS, unless noted):
 * - the DescribeLogGroups shape (arn with ":*", logGroupArn, logGroupClass STANDARD, metricFilterCount, storedBytes):
 *   test_logs_groups.snapshot.json test_describe_log_groups_with_prefix;
 * - "The specified log group already exists": test_create_log_group_duplicate_error; "The specified log group does not
 *   exist.": test_logs_events.snapshot.json; "Invalid LogGroup or LogStream, both must have length less than or equal
 *   to 512.": test_create_log_group_invalid_name_length; "LogGroup name prefix and LogGroup name pattern are mutually
 *   exclusive parameters.": test_describe_log_groups_prefix_and_pattern_error;
 * - the denial's resource "…:log-group:<name>:log-stream:": AWS CLI output quoted in practitioner reports ("An error
 *   occurred (AccessDeniedException) when calling the CreateLogGroup operation: User: … is not authorized to perform:
 *   logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:853973692277:log-group:test-log-group:log-stream: because no
 *   identity-based policy allows the logs:CreateLogGroup action").
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';

describe.each(['in-process', 'http'] as const)('CloudWatch Logs over %s', (transport) => {
  let emu: RunningEmulator;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    logs = new CloudWatchLogsClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates, describes and deletes log groups', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/web' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/worker' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'other' }));
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/' }));
    expect(logGroups?.map((g) => g.logGroupName)).toEqual(['/app/web', '/app/worker']);
    expect(logGroups?.[0]).toMatchObject({
      arn: `arn:aws:logs:us-east-1:${A}:log-group:/app/web:*`,
      logGroupArn: `arn:aws:logs:us-east-1:${A}:log-group:/app/web`,
      logGroupClass: 'STANDARD',
      metricFilterCount: 0,
      storedBytes: 0,
    });
    expect(typeof logGroups?.[0]?.creationTime).toBe('number');

    expect(await awsError(logs.send(new CreateLogGroupCommand({ logGroupName: '/app/web' })))).toEqual({
      code: 'ResourceAlreadyExistsException',
      status: 400,
      message: 'The specified log group already exists',
    });
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/app/web' }));
    expect(await awsError(logs.send(new DeleteLogGroupCommand({ logGroupName: '/app/web' })))).toEqual({
      code: 'ResourceNotFoundException',
      status: 400,
      message: 'The specified log group does not exist.',
    });
  });

  it('refuses bad parameters with Logs\' words', async () => {
    expect(await awsError(logs.send(new CreateLogGroupCommand({ logGroupName: 'x'.repeat(513) })))).toEqual({
      code: 'InvalidParameterException',
      status: 400,
      message: 'Invalid LogGroup or LogStream, both must have length less than or equal to 512.',
    });
    expect(await awsError(logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'a', logGroupNamePattern: 'b' })))).toEqual({
      code: 'InvalidParameterException',
      status: 400,
      message: 'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    });
  });

  it('authorizes on the log group as Logs names it', async () => {
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: 'app' }));
    const PolicyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: `arn:aws:logs:us-east-1:${A}:log-group:/allowed/*` }],
    });
    await iam.send(new PutUserPolicyCommand({ UserName: 'app', PolicyName: 'p', PolicyDocument }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'app' }))).AccessKey!;
    const asApp = new CloudWatchLogsClient(emu.configFor({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
    await asApp.send(new CreateLogGroupCommand({ logGroupName: '/allowed/one' }));
    expect(await awsError(asApp.send(new CreateLogGroupCommand({ logGroupName: '/denied/one' })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/app is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:${A}:log-group:/denied/one:log-stream: because no identity-based policy allows the logs:CreateLogGroup action`,
    });
  });
});
