/**
 * aws_cloudwatch_event_bus_policy -> EventBridge PutPermission with the whole Policy
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_bus_policy).
 * `id` is the bus's name, as the provider sets it; the bus is `default` when none is named.
 * Deviations: none.
 */
import { PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import { reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCloudwatchEventBusPolicy: ResourceMapper = {
  type: 'aws_cloudwatch_event_bus_policy',
  schema: { policy: 'value', event_bus_name: 'value' },
  required: ['policy'],
  computed: ['id'],
  async create(args, ctx) {
    const bus = str(args, 'event_bus_name') ?? 'default';
    await ctx.clients.eventbridge.send(new PutPermissionCommand({ EventBusName: bus, Policy: reqStr(args, 'policy') }));
    return { id: bus, event_bus_name: bus };
  },
};
