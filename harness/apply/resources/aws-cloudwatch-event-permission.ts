/**
 * aws_cloudwatch_event_permission -> EventBridge PutPermission, statement form
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_permission).
 * `action` defaults to events:PutEvents and the bus to `default`; `id` is `<bus>/<statement_id>` on another bus,
 * `<statement_id>` on default, as the provider forms it.
 * Deviations: none.
 */
import { PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import { block, reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCloudwatchEventPermission: ResourceMapper = {
  type: 'aws_cloudwatch_event_permission',
  schema: { principal: 'value', statement_id: 'value', action: 'value', event_bus_name: 'value', condition: { block: { key: 'value', type: 'value', value: 'value' } } },
  required: ['principal', 'statement_id'],
  computed: ['id'],
  async create(args, ctx) {
    const bus = str(args, 'event_bus_name') ?? 'default';
    const statementId = reqStr(args, 'statement_id');
    const c = block(args, 'condition');
    await ctx.clients.eventbridge.send(
      new PutPermissionCommand({
        EventBusName: bus,
        StatementId: statementId,
        Action: str(args, 'action') ?? 'events:PutEvents',
        Principal: reqStr(args, 'principal'),
        ...(c ? { Condition: { Key: reqStr(c, 'key'), Type: reqStr(c, 'type'), Value: reqStr(c, 'value') } } : {}),
      }),
    );
    return { id: bus === 'default' ? statementId : `${bus}/${statementId}`, event_bus_name: bus, action: str(args, 'action') ?? 'events:PutEvents' };
  },
};
