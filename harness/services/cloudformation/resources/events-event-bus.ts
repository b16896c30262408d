/**
 * AWS::Events::EventBus: CreateEventBus, with its Policy (PutPermission's Policy form) when given; delete is
 * DeleteEventBus. Ref returns the bus's name; Fn::GetAtt Arn, Name and Policy.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-eventbus.html
 * Failure wording: registry handler form (errors.jsonl E081), with the SDK's service label EventBridge.
 * Known deviations: EventSourceName (partner buses), dead-letter config, KMS keys and tags are not passed on.
 */
import type { ResourceContext, ResourceMapper, Properties, Provisioned } from './types.js';
import { document, requiredText } from './values.js';

async function writePolicy(ctx: ResourceContext, Name: string, props: Properties): Promise<Provisioned> {
  const Policy = document(props['Policy']);
  if (Policy !== undefined) await ctx.call('events', 'PutPermission', { EventBusName: Name, Policy });
  const { Arn } = await ctx.call<{ Arn: string }>('events', 'DescribeEventBus', { Name });
  return { physicalId: Name, attributes: { Arn, Name, ...(Policy !== undefined ? { Policy } : {}) } };
}

export const eventsEventBus: ResourceMapper = {
  type: 'AWS::Events::EventBus',
  service: 'events',
  failureStyle: { kind: 'handler', serviceLabel: 'EventBridge' },
  replaceOn: ['Name', 'EventSourceName'],
  required: ['Name'],
  attributes: ['Arn', 'Name', 'Policy'],
  async create(ctx, props) {
    const Name = requiredText(props, 'Name');
    await ctx.call('events', 'CreateEventBus', { Name, ...(props['Description'] !== undefined ? { Description: String(props['Description']) } : {}) });
    ctx.created(Name);
    return writePolicy(ctx, Name, props);
  },
  update: (ctx, Name, props) => writePolicy(ctx, Name, props),
  async delete(ctx, Name) {
    await ctx.call('events', 'DeleteEventBus', { Name });
  },
};
