/**
 * AWS::SNS::Topic and AWS::SNS::TopicPolicy through the real CloudFormation and SNS clients, over both transports: a
 * stack creates a topic whose policy lets another account publish, an update changes an attribute and drops the
 * policy's topic (SNS's default policy comes back), deletion removes the topic; a service role without SNS
 * permissions fails the resource in the registry handler's words.
 * Sources: default policy and NotFound "Topic does not exist": localstack tests/aws/services/sns/test_sns.snapshot.json
 * (recorded against AWS); the registry handler failure form: errors.jsonl E072/E081; SNS's denial
 * "AuthorizationError … SNS:CreateTopic … because no identity-based policy allows the SNS:CreateTopic action":
 * errors.jsonl E073 (through CloudFormation) and harness/services/sns/errors.ts.
 */
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetTopicAttributesCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { awsError } from '../../../testing/errors.js';
import { A, B, eventLines, role, settle, setUp } from '../test-fixtures.js';

const template = (displayName: string, withPolicy: boolean) => JSON.stringify({
  Resources: {
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'releases', DisplayName: displayName } },
    ...(withPolicy
      ? {
          TopicPolicy: {
            Type: 'AWS::SNS::TopicPolicy',
            Properties: {
              Topics: [{ Ref: 'Topic' }],
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sns:Publish', Resource: { Ref: 'Topic' } }],
              },
            },
          },
        }
      : {}),
  },
  Outputs: { Arn: { Value: { Ref: 'Topic' } }, Name: { Value: { 'Fn::GetAtt': ['Topic', 'TopicName'] } } },
});

describe.each(['in-process', 'http'] as const)('SNS resource types over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;
  let snsA: SNSClient;
  let publisherB: SNSClient;
  const arn = `arn:aws:sns:us-east-1:${A}:releases`;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
    snsA = new SNSClient(emu.clientConfig(A));
    const iamB = new IAMClient(emu.clientConfig(B));
    await iamB.send(new CreateUserCommand({ UserName: 'publisher' }));
    const PolicyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }] });
    await iamB.send(new PutUserPolicyCommand({ UserName: 'publisher', PolicyName: 'p', PolicyDocument }));
    const k = (await iamB.send(new CreateAccessKeyCommand({ UserName: 'publisher' }))).AccessKey!;
    publisherB = new SNSClient(emu.configFor({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
  });
  afterAll(() => emu.dispose());

  it('creates a topic and its policy, updates and deletes them', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'topics', TemplateBody: template('Releases', true) }));
    const stack = await settle(cfn, 'topics');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]))).toEqual({ Arn: arn, Name: 'releases' });
    expect((await snsA.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes?.['DisplayName']).toBe('Releases');
    expect((await publisherB.send(new PublishCommand({ TopicArn: arn, Message: 'v1' }))).MessageId).toBeDefined();

    await cfn.send(new UpdateStackCommand({ StackName: 'topics', TemplateBody: template('Releases v2', false) }));
    expect((await settle(cfn, 'topics')).StackStatus).toBe('UPDATE_COMPLETE');
    const attributes = (await snsA.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes;
    expect(attributes?.['DisplayName']).toBe('Releases v2');
    expect(JSON.parse(attributes?.['Policy'] ?? '{}').Id).toBe('__default_policy_ID');
    expect(await awsError(publisherB.send(new PublishCommand({ TopicArn: arn, Message: 'v2' })))).toMatchObject({ code: 'AuthorizationError', status: 403 });

    await cfn.send(new DeleteStackCommand({ StackName: 'topics' }));
    await settle(cfn, 'topics').catch(() => undefined);
    expect(await awsError(snsA.send(new GetTopicAttributesCommand({ TopicArn: arn })))).toEqual({ code: 'NotFound', status: 404, message: 'Topic does not exist' });
  });

  it('fails the topic in the registry handler\'s words when the service role may not create it', async () => {
    const { deployer } = await setUp(emu);
    const asDeployer = new CloudFormationClient(emu.configFor(deployer));
    await asDeployer.send(new CreateStackCommand({ StackName: 'denied-topic', TemplateBody: template('x', false), RoleARN: role(A, 'cfn-role') }));
    expect((await settle(asDeployer, 'denied-topic')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const failed = (await eventLines(asDeployer, 'denied-topic')).find((l) => l.startsWith('Topic CREATE_FAILED'));
    expect(failed).toMatch(
      new RegExp(
        '^Topic CREATE_FAILED Resource handler returned message: "User: arn:aws:sts::111111111111:assumed-role/cfn-role/AWSCloudFormation is not authorized to perform: ' +
          `SNS:CreateTopic on resource: ${arn} because no identity-based policy allows the SNS:CreateTopic action ` +
          '\\(Service: Sns, Status Code: 403, Request ID: [0-9a-f-]{36}\\)" \\(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: AccessDenied\\)$',
      ),
    );
  });
});
