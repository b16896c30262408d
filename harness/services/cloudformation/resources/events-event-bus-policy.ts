/**
 * AWS::Events::EventBusPolicy: one statement of a bus's policy, named by StatementId. With Action and Principal
 * (and Condition) it is PutPermission's statement form; with Statement, the statement (given its Sid) joins the
 * bus's current policy through PutPermission's Policy form. Delete is RemovePermission of the statement.
 * Ref returns the StatementId.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-eventbuspolicy.html
 * Failure wording: registry handler form (errors.jsonl E081), with the SDK's service label EventBridge.
 */
import type { PutPermissionCommandInput } from '@aws-sdk/client-eventbridge';
import type { TemplateValue } from '../template/index.js';
import type { Properties, Provisioned, ResourceContext, ResourceMapper } from './types.js';
import { requiredText, text } from './values.js';

async function write(ctx: ResourceContext, props: Properties): Promise<Provisioned> {
  const StatementId = requiredText(props, 'StatementId');
  const EventBusName = text(props, 'EventBusName') ?? 'default';
  const statement = props['Statement'];
  if (statement !== undefined && statement !== null) {
    const bus = await ctx.call<{ Policy?: string }>('events', 'DescribeEventBus', { Name: EventBusName });
    const current = bus.Policy ? (JSON.parse(bus.Policy) as { Statement?: Array<{ Sid?: string }> }) : {};
    const kept = (current.Statement ?? []).filter((s) => s.Sid !== StatementId);
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [...kept, { Sid: StatementId, ...(statement as Record<string, TemplateValue>) }] });
    await ctx.call('events', 'PutPermission', { EventBusName, Policy } satisfies PutPermissionCommandInput);
  } else {
    const condition = props['Condition'] as Record<string, TemplateValue> | undefined;
    await ctx.call('events', 'PutPermission', {
      EventBusName,
      StatementId,
      Action: requiredText(props, 'Action'),
      Principal: requiredText(props, 'Principal'),
      ...(condition ? { Condition: { Type: String(condition['Type']), Key: String(condition['Key']), Value: String(condition['Value']) } } : {}),
    } satisfies PutPermissionCommandInput);
  }
  ctx.created(StatementId);
  return { physicalId: StatementId, attributes: {} };
}

export const eventsEventBusPolicy: ResourceMapper = {
  type: 'AWS::Events::EventBusPolicy',
  service: 'events',
  failureStyle: { kind: 'handler', serviceLabel: 'EventBridge' },
  replaceOn: ['EventBusName', 'StatementId'],
  required: ['StatementId'],
  attributes: [],
  create: write,
  update: (ctx, _id, props) => write(ctx, props),
  async delete(ctx, StatementId, props) {
    await ctx.call('events', 'RemovePermission', { EventBusName: text(props, 'EventBusName') ?? 'default', StatementId });
  },
};
