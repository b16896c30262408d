/**
 * AWS::SNS::TopicPolicy: SetTopicAttributes Policy on each topic of Topics, as the stack's principal; deleting it (or
 * a topic leaving Topics) puts SNS's default topic policy back, as AWS's own handler does
 * (aws-cloudformation/aws-cloudformation-resource-providers-sns, TopicPolicy delete handler).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-topicpolicy.html
 * Ref returns the physical id CloudFormation generates. Failure wording: registry handler form, service label Sns.
 * Known deviation: the physical id is a generated name (AWS's is an opaque id).
 */
import { isAwsError } from '../../../core/errors.js';
import { defaultTopicPolicy } from '../../sns/store.js';
import { ResourceCallFailure } from './failure.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { document, items } from './values.js';

function topics(props: Properties): string[] {
  return items(props, 'Topics').map(String);
}

async function setPolicy(ctx: ResourceContext, TopicArn: string, policy: string): Promise<void> {
  await ctx.call('sns', 'SetTopicAttributes', { TopicArn, AttributeName: 'Policy', AttributeValue: policy });
}

/** The default policy SNS gives a topic, for the topic's own account (its ARN's fifth field); a topic gone needs none. */
async function restoreDefault(ctx: ResourceContext, TopicArn: string): Promise<void> {
  try {
    await setPolicy(ctx, TopicArn, defaultTopicPolicy(TopicArn, TopicArn.split(':')[4] ?? ''));
  } catch (e) {
    if (!(e instanceof ResourceCallFailure && isAwsError(e.error) && e.error.code === 'NotFound')) throw e;
  }
}

async function apply(ctx: ResourceContext, props: Properties): Promise<void> {
  const policy = document(props['PolicyDocument']) ?? '';
  for (const arn of topics(props)) await setPolicy(ctx, arn, policy);
}

export const snsTopicPolicy: ResourceMapper = {
  type: 'AWS::SNS::TopicPolicy',
  service: 'sns',
  failureStyle: { kind: 'handler', serviceLabel: 'Sns' },
  replaceOn: [],
  required: ['PolicyDocument', 'Topics'],
  attributes: ['Id'],
  async create(ctx, props) {
    const physicalId = ctx.generatedName({ max: 128 });
    await apply(ctx, props);
    ctx.created(physicalId);
    return { physicalId, attributes: { Id: physicalId } };
  },
  async update(ctx, physicalId, props, previous) {
    const kept = new Set(topics(props));
    for (const arn of topics(previous)) if (!kept.has(arn)) await restoreDefault(ctx, arn);
    await apply(ctx, props);
    return { physicalId, attributes: { Id: physicalId } };
  },
  async delete(ctx, _physicalId, props) {
    for (const arn of topics(props)) await restoreDefault(ctx, arn);
  },
};
