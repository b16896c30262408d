/**
 * AWS::SNS::Topic: CreateTopic with the attributes the template sets (DisplayName, KmsMasterKeyId, FifoTopic,
 * ContentBasedDeduplication, SignatureVersion, TracingConfig, DeliveryPolicy, ArchivePolicy, DataProtectionPolicy);
 * a changed attribute is SetTopicAttributes; a new TopicName or FifoTopic replaces the topic.
 * Ref returns the topic's ARN; Fn::GetAtt TopicArn and TopicName.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-topic.html
 * Failure wording: registry handler form, service label Sns (errors.jsonl E081 form).
 * Known deviations: Subscription and Tags are accepted and not applied (the emulated SNS has neither).
 */
import type { TemplateValue } from '../template/index.js';
import type { Properties, Provisioned, ResourceContext, ResourceMapper } from './types.js';
import { document, same, text } from './values.js';

const ATTRIBUTES = ['DisplayName', 'KmsMasterKeyId', 'FifoTopic', 'ContentBasedDeduplication', 'SignatureVersion', 'TracingConfig', 'DeliveryPolicy', 'ArchivePolicy', 'DataProtectionPolicy'];

function attributeValue(v: TemplateValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'object' ? document(v) : String(v);
}

function attributes(props: Properties): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ATTRIBUTES) {
    const v = attributeValue(props[name]);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function provisioned(arn: string): Provisioned {
  return { physicalId: arn, attributes: { TopicArn: arn, TopicName: arn.slice(arn.lastIndexOf(':') + 1) } };
}

export const snsTopic: ResourceMapper = {
  type: 'AWS::SNS::Topic',
  service: 'sns',
  failureStyle: { kind: 'handler', serviceLabel: 'Sns' },
  replaceOn: ['TopicName', 'FifoTopic'],
  attributes: ['TopicArn', 'TopicName'],
  async create(ctx: ResourceContext, props) {
    const fifo = attributeValue(props['FifoTopic']) === 'true';
    const Name = text(props, 'TopicName') ?? `${ctx.generatedName({ max: fifo ? 251 : 256 })}${fifo ? '.fifo' : ''}`;
    const { TopicArn } = await ctx.call<{ TopicArn: string }>('sns', 'CreateTopic', { Name, Attributes: attributes(props) });
    ctx.created(TopicArn);
    return provisioned(TopicArn);
  },
  async update(ctx, TopicArn, props, previous) {
    for (const name of ATTRIBUTES) {
      if (same(props[name], previous[name])) continue;
      await ctx.call('sns', 'SetTopicAttributes', { TopicArn, AttributeName: name, AttributeValue: attributeValue(props[name]) ?? '' });
    }
    return provisioned(TopicArn);
  },
  async delete(ctx, TopicArn) {
    await ctx.call('sns', 'DeleteTopic', { TopicArn });
  },
};
