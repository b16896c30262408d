/**
 * Bucket notification configuration through the real @aws-sdk/client-s3 over both transports. Refusals as recorded
 * against AWS in LocalStack's validated snapshots: localstack tests/aws/services/s3/
 * test_s3_notifications_sqs.snapshot.json (test_invalid_sqs_arn, test_multiple_invalid_sqs_arns),
 * test_s3_notifications_lambda.snapshot.json (test_invalid_lambda_arn), test_s3_notifications_sns.snapshot.json
 * (test_invalid_topic_arn); actions from
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html (s3:PutBucketNotification)
 * and API_GetBucketNotificationConfiguration.html (s3:GetBucketNotification).
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  S3Client,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const UNABLE = { code: 'InvalidArgument', status: 400, message: 'Unable to validate the following destination configurations' };
const UNPARSED = { code: 'InvalidArgument', status: 400, message: 'The ARN could not be parsed' };
const ZIP = new Uint8Array([80, 75, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe.each(['in-process', 'http'] as const)('S3 bucket notification configuration over %s', (transport) => {
  let emu: RunningEmulator;
  let s3: S3Client;
  const bucket = 'notified-bucket';
  const put = (NotificationConfiguration: NotificationConfiguration, SkipDestinationValidation?: boolean, client = s3) =>
    client.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration, SkipDestinationValidation }));
  const get = (client = s3) => client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    s3 = new S3Client(emu.clientConfig(A));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => emu.dispose());

  it('answers an empty configuration, stores one (with an Id given where absent) and removes it when emptied', async () => {
    const empty = await get();
    expect([empty.TopicConfigurations, empty.QueueConfigurations, empty.LambdaFunctionConfigurations, empty.EventBridgeConfiguration]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const topicArn = (await new SNSClient(emu.clientConfig(A)).send(new CreateTopicCommand({ Name: 'uploads' }))).TopicArn!;
    await put({
      TopicConfigurations: [{ TopicArn: topicArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }] } } }],
      EventBridgeConfiguration: {},
    });
    const got = await get();
    expect(got.TopicConfigurations).toEqual([
      { Id: expect.any(String), TopicArn: topicArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }] } } },
    ]);
    expect(got.EventBridgeConfiguration).toEqual({});
    await put({});
    expect((await get()).TopicConfigurations).toBeUndefined();
  });

  it('refuses an ARN that does not parse, even when validation is skipped (test_invalid_sqs_arn, test_invalid_topic_arn, test_invalid_lambda_arn)', async () => {
    for (const skip of [false, true]) {
      expect(await awsError(put({ QueueConfigurations: [{ Id: 'id123', QueueArn: 'invalid-queue', Events: ['s3:ObjectCreated:*'] }] }, skip))).toEqual(UNPARSED);
      expect(await awsError(put({ TopicConfigurations: [{ TopicArn: 'invalid-topic', Events: ['s3:ObjectCreated:*'] }] }, skip))).toEqual(UNPARSED);
      expect(await awsError(put({ LambdaFunctionConfigurations: [{ LambdaFunctionArn: 'invalid-queue', Events: ['s3:ObjectCreated:*'] }] }, skip))).toEqual(UNPARSED);
    }
  });

  it('refuses destinations S3 cannot deliver to, unless validation is skipped (test_multiple_invalid_sqs_arns, test_invalid_lambda_arn)', async () => {
    const queue = { Id: 'id123', QueueArn: `arn:aws:sqs:us-east-1:${A}:my-queue`, Events: ['s3:ObjectCreated:*' as const] };
    expect(await awsError(put({ QueueConfigurations: [queue, { ...queue, Id: 'id2', QueueArn: `${queue.QueueArn}-2` }] }))).toEqual(UNABLE);
    await put({ QueueConfigurations: [queue] }, true);
    expect((await get()).QueueConfigurations).toEqual([queue]);

    const fnArn = `arn:aws:lambda:us-east-1:${A}:function:my-lambda`;
    const config = { LambdaFunctionConfigurations: [{ Id: 'fn', LambdaFunctionArn: fnArn, Events: ['s3:ObjectCreated:*' as const] }] };
    expect(await awsError(put(config))).toEqual(UNABLE);
    await new IAMClient(emu.clientConfig(A)).send(new CreateRoleCommand({ RoleName: 'notified-fn', AssumeRolePolicyDocument: TRUST }));
    const lambda = new LambdaClient(emu.clientConfig(A));
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: 'my-lambda', Role: `arn:aws:iam::${A}:role/notified-fn`, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: ZIP } }),
    );
    // The function exists, but its resource policy does not yet let S3 invoke it.
    expect(await awsError(put(config))).toEqual(UNABLE);
    await lambda.send(new AddPermissionCommand({ FunctionName: 'my-lambda', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }));
    await put(config);
    expect((await get()).LambdaFunctionConfigurations).toEqual(config.LambdaFunctionConfigurations);
  });

  it('answers NoSuchBucket, and authorizes as s3:PutBucketNotification and s3:GetBucketNotification', async () => {
    expect(await awsError(s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'never-notified' })))).toEqual({
      code: 'NoSuchBucket',
      status: 404,
      message: 'The specified bucket does not exist',
    });
    const other = new S3Client(emu.clientConfig(B));
    const denied = { code: 'AccessDenied', status: 403, message: 'Access Denied' };
    expect(await awsError(get(other))).toEqual(denied);
    expect(await awsError(put({}, undefined, other))).toEqual(denied);
  });
});
