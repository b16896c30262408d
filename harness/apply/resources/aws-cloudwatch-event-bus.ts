/**
 * aws_cloudwatch_event_bus -> EventBridge CreateEventBus
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_bus).
 * `id` is the bus's name, as the provider sets it.
 * Deviations: event_source_name (partner buses), kms_key_identifier, dead_letter_config and tags are accepted and not
 * applied.
 */
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCloudwatchEventBus: ResourceMapper = {
  type: 'aws_cloudwatch_event_bus',
  schema: { name: 'value', description: 'value', event_source_name: 'ignored', kms_key_identifier: 'ignored', dead_letter_config: 'ignored', tags: 'ignored' },
  required: ['name'],
  computed: ['arn', 'id', 'tags_all'],
  async create(args, ctx) {
    const name = reqStr(args, 'name');
    const description = str(args, 'description');
    const out = await ctx.clients.eventbridge.send(new CreateEventBusCommand({ Name: name, ...(description !== undefined ? { Description: description } : {}) }));
    return { arn: (out as { EventBusArn: string }).EventBusArn, id: name, name, tags_all: {} };
  },
};
