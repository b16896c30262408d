/**
 * SNS topics through the real @aws-sdk/client-sns, over both transports: create (idempotent), attributes with the
 * default topic policy, a topic policy as the topic's resource policy, Publish authorized by IAM and the topic
 * policy across accounts, delete.
 * Sources (localstack tests/aws/services/sns/test_sns.snapshot.json, recorded against AWS, unless noted):
 * - default attributes and policy, NotFound 404 "Topic does not exist": test_create_topic_test_arn;
 * - "Invalid parameter: Topic Name": test_create_topic_name_constraints; "Invalid parameter: TopicArn Reason: An ARN
 *   must have at least 6 elements, not 1": test_create_topic_with_attributes; "Invalid parameter: Empty message":
 *   test_empty_sns_message; "Invalid parameter: Attributes Reason: Topic already exists with different attributes":
 *   test_create_topic_different_attrs; deleting a topic that does not exist succeeds: test_delete_non_existent_topic;
 * - AuthorizationError 403 with "SNS:<Action>": quoted from AWS ("AuthorizationError: User: … is not authorized to
 *   perform: SNS:Publish on resource: arn:aws:sns:… because no identity-based policy allows the SNS:Publish action");
 *   the cross-account form "… because no resource-based policy allows …" follows IAM's wording (errors.jsonl E066 form);
 * - "Invalid parameter: Policy Error: PrincipalNotFound": quoted from AWS by CDK deployers (errors.ts).
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';

describe.each(['in-process', 'http'] as const)('SNS topics over %s', (transport) => {
  let emu: RunningEmulator;
  let snsA: SNSClient;
  let snsB: SNSClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    snsA = new SNSClient(emu.clientConfig(A));
    snsB = new SNSClient(emu.clientConfig(B));
  });
  afterAll(() => emu.dispose());

  async function user(account: string, name: string, actions: string[]): Promise<SNSClient> {
    const iam = new IAMClient(emu.clientConfig(account));
    await iam.send(new CreateUserCommand({ UserName: name }));
    const PolicyDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return new SNSClient(emu.configFor({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
  }

  it('creates a topic once, with AWS\'s default attributes and policy, and deletes it', async () => {
    const arn = `arn:aws:sns:us-east-1:${A}:alerts`;
    expect((await snsA.send(new CreateTopicCommand({ Name: 'alerts' }))).TopicArn).toBe(arn);
    expect((await snsA.send(new CreateTopicCommand({ Name: 'alerts' }))).TopicArn).toBe(arn);
    const { Attributes } = await snsA.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(Attributes).toMatchObject({ DisplayName: '', Owner: A, TopicArn: arn, SubscriptionsConfirmed: '0', SubscriptionsPending: '0', SubscriptionsDeleted: '0' });
    expect(JSON.parse(Attributes!['Policy']!)).toEqual({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        {
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
          Resource: arn,
          Condition: { StringEquals: { 'AWS:SourceOwner': A } },
        },
      ],
    });
    expect(await awsError(snsA.send(new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'other' } })))).toEqual({
      code: 'InvalidParameter',
      status: 400,
      message: 'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    });
    await snsA.send(new DeleteTopicCommand({ TopicArn: arn }));
    await snsA.send(new DeleteTopicCommand({ TopicArn: arn }));
    expect(await awsError(snsA.send(new GetTopicAttributesCommand({ TopicArn: arn })))).toEqual({ code: 'NotFound', status: 404, message: 'Topic does not exist' });
  });

  it('refuses bad names, ARNs and messages with SNS\'s words', async () => {
    for (const Name of ['', 'a'.repeat(257), 'has space', 'x.fifo']) {
      expect(await awsError(snsA.send(new CreateTopicCommand({ Name })))).toEqual({ code: 'InvalidParameter', status: 400, message: 'Invalid parameter: Topic Name' });
    }
    expect(await awsError(snsA.send(new GetTopicAttributesCommand({ TopicArn: 'alerts' })))).toEqual({
      code: 'InvalidParameter',
      status: 400,
      message: 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    });
    const { TopicArn } = await snsA.send(new CreateTopicCommand({ Name: 'quiet' }));
    expect(await awsError(snsA.send(new PublishCommand({ TopicArn, Message: '' })))).toEqual({ code: 'InvalidParameter', status: 400, message: 'Invalid parameter: Empty message' });
  });

  it('authorizes Publish by IAM within the account and by the topic policy across accounts', async () => {
    const { TopicArn } = await snsA.send(new CreateTopicCommand({ Name: 'deploys' }));
    expect((await snsA.send(new PublishCommand({ TopicArn, Message: 'hello' }))).MessageId).toMatch(/^[0-9a-f-]{36}$/);

    const nobody = await user(A, 'nobody', ['sns:GetTopicAttributes']);
    expect(await awsError(nobody.send(new PublishCommand({ TopicArn, Message: 'x' })))).toEqual({
      code: 'AuthorizationError',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/nobody is not authorized to perform: SNS:Publish on resource: ${TopicArn} because no identity-based policy allows the SNS:Publish action`,
    });

    const publisherB = await user(B, 'publisher', ['sns:Publish']);
    expect(await awsError(publisherB.send(new PublishCommand({ TopicArn, Message: 'x' })))).toEqual({
      code: 'AuthorizationError',
      status: 403,
      message: `User: arn:aws:iam::${B}:user/publisher is not authorized to perform: SNS:Publish on resource: ${TopicArn} because no resource-based policy allows the SNS:Publish action`,
    });
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sns:Publish', Resource: TopicArn }],
    });
    await snsA.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: Policy }));
    expect((await snsA.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes?.['Policy']).toBe(Policy);
    expect((await publisherB.send(new PublishCommand({ TopicArn, Message: 'from B' }))).MessageId).toBeDefined();
    // The topic policy lets B's account in; B's root needs no identity policy, B's other users still do.
    expect((await snsB.send(new PublishCommand({ TopicArn, Message: 'from B root' }))).MessageId).toBeDefined();
    expect(await awsError(snsB.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'x' })))).toEqual({
      code: 'AuthorizationError',
      status: 403,
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: SNS:SetTopicAttributes on resource: ${TopicArn} because no resource-based policy allows the SNS:SetTopicAttributes action`,
    });
  });

  // KMS's denial through SNS (errors.jsonl E002: "… (Service: AWSKMS; Status Code: 400; Error Code:
  // AccessDeniedException; …)", surfaced via SNS Publish as KMSAccessDenied; see errors.ts for the tail).
  it('asks KMS for a data key of an encrypted topic\'s key as the publisher', async () => {
    const kms = new KMSClient(emu.clientConfig(A));
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/topics', TargetKeyId: key }));
    const { TopicArn } = await snsA.send(new CreateTopicCommand({ Name: 'sealed', Attributes: { KmsMasterKeyId: 'alias/topics' } }));
    expect((await snsA.send(new PublishCommand({ TopicArn, Message: 'sealed' }))).MessageId).toBeDefined();
    const publisher = await user(A, 'no-kms', ['sns:Publish']);
    const refused = await awsError(publisher.send(new PublishCommand({ TopicArn, Message: 'x' })));
    expect(refused.code).toBe('KMSAccessDenied');
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(
      new RegExp(
        `^User: arn:aws:iam::${A}:user/no-kms is not authorized to perform: kms:GenerateDataKey on resource: ${key} because no identity-based policy allows the kms:GenerateDataKey action ` +
          '\\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [0-9a-f-]{36}; Proxy: null\\)$',
      ),
    );
  });

  it('refuses a topic policy naming a principal that is not one', async () => {
    const { TopicArn } = await snsA.send(new CreateTopicCommand({ Name: 'strict' }));
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'not-an-account' }, Action: 'sns:Publish', Resource: TopicArn }] });
    expect(await awsError(snsA.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: Policy })))).toEqual({
      code: 'InvalidParameter',
      status: 400,
      message: 'Invalid parameter: Policy Error: PrincipalNotFound',
    });
    expect(await awsError(snsA.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Colour', AttributeValue: 'red' })))).toEqual({
      code: 'InvalidParameter',
      status: 400,
      message: 'Invalid parameter: AttributeName',
    });
  });
});
