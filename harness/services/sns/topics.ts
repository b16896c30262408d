/**
 * SNS topics: CreateTopic, DeleteTopic, GetTopicAttributes, SetTopicAttributes, and Publish's authorization.
 * https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (and the others')
 * IAM: sns:<Operation> on the topic's ARN, with the topic's Policy as its resource policy, so another account is let
 * in only by a topic policy that names it (and its own identity policy); within the account either side suffices.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
 * Publishing to a topic with KmsMasterKeyId asks KMS for a data key of that key and decrypts it, as the publisher,
 * through SNS (kms:ViaService sns.<region>.amazonaws.com, encryption context {"aws:sns:topicArn": <arn>}): a publisher
 * needs kms:GenerateDataKey and kms:Decrypt on the key (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
 * Known deviations: a published message is accepted (a MessageId is returned) and delivered nowhere; the AWS managed
 * key alias/aws/sns is not held by the emulated KMS (KMSNotFound); FIFO attributes are stored, not enforced; Tags are
 * ignored.
 */
import { randomUUID } from 'node:crypto';
import type { DecryptCommandInput, DecryptCommandOutput, GenerateDataKeyCommandInput, GenerateDataKeyCommandOutput } from '@aws-sdk/client-kms';
import { isAwsError } from '../../core/errors.js';
import { validatePolicy } from '../../iam/index.js';
import { xmlMap } from '../../protocols/xml.js';
import { policyRefusal } from '../param-errors.js';
import type { AuthCheck, OperationContext, Out } from '../types.js';
import { fromKms, InvalidArn, InvalidParameter, NotFound } from './errors.js';
import type { SnsOperation } from './operation-names.js';
import { SNS_POLICY_DIALECT } from './policy-dialect.js';
import { defaultTopicPolicy, findTopic, SERVICE, topicAddress, topicArn, topicsStore, type TopicRecord } from './store.js';

/** The attributes a topic takes (CreateTopic, SetTopicAttributes), as the API reference lists them. */
const TOPIC_ATTRIBUTES = new Set([
  'DeliveryPolicy',
  'DisplayName',
  'Policy',
  'KmsMasterKeyId',
  'SignatureVersion',
  'TracingConfig',
  'FifoTopic',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
  'DataProtectionPolicy',
]);

const MAX_MESSAGE_BYTES = 262144;

function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

function checkAttribute(name: string, value: string): void {
  if (!TOPIC_ATTRIBUTES.has(name)) throw InvalidParameter('AttributeName');
  if (name === 'Policy') {
    const failure = validatePolicy(value, SNS_POLICY_DIALECT, 'resource');
    if (failure) throw policyRefusal(failure);
  }
}

/** A topic an ARN names: a malformed ARN and a topic that does not exist are answered before any authorization. */
function existingTopic(ctx: OperationContext, arn: string | undefined, member = 'TopicArn'): TopicRecord {
  const given = arn ?? '';
  if (given.split(':').length < 6) throw InvalidArn(member, given);
  const topic = findTopic(ctx.world, given);
  if (!topic) throw NotFound();
  return topic;
}

function topicCheck(action: string, topic: TopicRecord): AuthCheck {
  return {
    action: `${SERVICE}:${action}`,
    resource: topic.TopicArn,
    resourceAccount: topic.account,
    resourcePolicy: { kind: 'other', name: `topic policy of ${topic.TopicArn}`, document: topic.attributes.get('Policy')! },
  };
}

interface NewTopic {
  name: string;
  arn: string;
  attributes: Map<string, string>;
  existing?: TopicRecord;
}

const CreateTopic: SnsOperation<'CreateTopic', NewTopic> = {
  resolve(ctx, input) {
    const name = input.Name ?? '';
    const fifo = input.Attributes?.['FifoTopic'] === 'true';
    if (!/^[\w-]{1,256}$/.test(fifo ? name.replace(/\.fifo$/, '') : name) || (fifo && !name.endsWith('.fifo'))) {
      throw InvalidParameter('Topic Name');
    }
    const attributes = new Map<string, string>();
    for (const [k, v] of Object.entries(input.Attributes ?? {})) {
      checkAttribute(k, v);
      attributes.set(k, v);
    }
    const arn = topicArn(ctx.region, callerAccount(ctx), name);
    const existing = findTopic(ctx.world, arn);
    return { name, arn, attributes, existing };
  },
  authorize: (_ctx, _input, t) => ({ action: `${SERVICE}:CreateTopic`, resource: t.arn }),
  handler(ctx, _input, t) {
    // CreateTopic is idempotent: the same name answers the same ARN, unless other attributes are asked for.
    if (t.existing) {
      for (const [k, v] of t.attributes) {
        if (t.existing.attributes.get(k) !== v) throw InvalidParameter('Attributes Reason: Topic already exists with different attributes');
      }
      return { TopicArn: t.existing.TopicArn };
    }
    const account = callerAccount(ctx);
    const attributes = new Map([['Policy', defaultTopicPolicy(t.arn, account)], ...t.attributes]);
    topicsStore(ctx.world.account(account)!, ctx.region).topics.set(t.name, { TopicArn: t.arn, name: t.name, account, region: ctx.region, attributes });
    return { TopicArn: t.arn };
  },
};

const DeleteTopic: SnsOperation<'DeleteTopic', TopicRecord | { TopicArn: string; account?: string }> = {
  // Deleting a topic that does not exist succeeds (test_delete_non_existent_topic, recorded against AWS).
  resolve(ctx, input) {
    const arn = input.TopicArn ?? '';
    if (arn.split(':').length < 6) throw InvalidArn('TopicArn', arn);
    return findTopic(ctx.world, arn) ?? { TopicArn: arn, account: topicAddress(arn)?.account };
  },
  authorize: (_ctx, _input, t) =>
    'attributes' in t ? topicCheck('DeleteTopic', t) : { action: `${SERVICE}:DeleteTopic`, resource: t.TopicArn, resourceAccount: t.account },
  handler(ctx, _input, t) {
    if ('attributes' in t) topicsStore(ctx.world.account(t.account)!, t.region).topics.delete(t.name);
    return {};
  },
};

const GetTopicAttributes: SnsOperation<'GetTopicAttributes', TopicRecord> = {
  resolve: (ctx, input) => existingTopic(ctx, input.TopicArn),
  authorize: (_ctx, _input, topic) => topicCheck('GetTopicAttributes', topic),
  handler(_ctx, _input, topic) {
    return {
      Attributes: xmlMap({
        DisplayName: '',
        Owner: topic.account,
        SubscriptionsConfirmed: '0',
        SubscriptionsDeleted: '0',
        SubscriptionsPending: '0',
        TopicArn: topic.TopicArn,
        ...Object.fromEntries(topic.attributes),
      }),
    };
  },
};

const SetTopicAttributes: SnsOperation<'SetTopicAttributes', { topic: TopicRecord; name: string; value: string }> = {
  resolve(ctx, input) {
    const topic = existingTopic(ctx, input.TopicArn);
    const name = input.AttributeName ?? '';
    const value = input.AttributeValue ?? '';
    checkAttribute(name, value);
    return { topic, name, value };
  },
  authorize: (_ctx, _input, { topic }) => topicCheck('SetTopicAttributes', topic),
  handler(_ctx, _input, { topic, name, value }) {
    topic.attributes.set(name, value);
    return {};
  },
};

/** KMS called as the publisher through SNS; its refusals become SNS's KMS* errors. Internal calls pass the SDK's input. */
async function kms<I, O>(ctx: OperationContext, operation: string, input: I): Promise<O> {
  const requestId = randomUUID();
  try {
    return await ctx.invoke<O>('kms', operation, input, { via: { calledVia: 'sns.amazonaws.com', viaService: `sns.${ctx.region}.amazonaws.com` } });
  } catch (e) {
    throw isAwsError(e) ? fromKms(e, requestId) : e;
  }
}

/** What SNS does with the topic's key for each message: a fresh data key, which it must also be able to decrypt. */
async function sealWithTopicKey(ctx: OperationContext, topic: TopicRecord, keyId: string): Promise<void> {
  const EncryptionContext = { 'aws:sns:topicArn': topic.TopicArn };
  const key = await kms<GenerateDataKeyCommandInput, Out<GenerateDataKeyCommandOutput>>(ctx, 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext });
  await kms<DecryptCommandInput, Out<DecryptCommandOutput>>(ctx, 'Decrypt', { CiphertextBlob: key.CiphertextBlob, EncryptionContext });
}

const Publish: SnsOperation<'Publish', TopicRecord> = {
  resolve(ctx, input) {
    if (input.TopicArn === undefined && input.TargetArn === undefined) throw InvalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    const topic = existingTopic(ctx, input.TopicArn ?? input.TargetArn, input.TopicArn !== undefined ? 'TopicArn' : 'TargetArn');
    const message = input.Message ?? '';
    if (message === '') throw InvalidParameter('Empty message');
    if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) throw InvalidParameter('Message too long');
    return topic;
  },
  authorize: (_ctx, _input, topic) => topicCheck('Publish', topic),
  async handler(ctx, _input, topic) {
    const keyId = topic.attributes.get('KmsMasterKeyId');
    // An alias names a key of the topic's account, whoever publishes.
    const key = keyId?.startsWith('alias/') ? `arn:aws:kms:${topic.region}:${topic.account}:${keyId}` : keyId;
    if (key !== undefined && key !== '') await sealWithTopicKey(ctx, topic, key);
    return { MessageId: randomUUID() };
  },
};

export const topicOperations = { CreateTopic, DeleteTopic, GetTopicAttributes, SetTopicAttributes, Publish };
