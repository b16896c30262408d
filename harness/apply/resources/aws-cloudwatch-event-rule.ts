/**
 * aws_cloudwatch_event_rule -> EventBridge PutRule
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_rule).
 * `state` (or the older `is_enabled`) decides ENABLED or DISABLED; `id` is `<bus>/<name>` on another bus, `<name>`
 * on default, as the provider forms it.
 * Deviations: tags and force_destroy are accepted and not applied.
 */
import { PutRuleCommand, type RuleState } from '@aws-sdk/client-eventbridge';
import { bool, nameOrPrefix, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCloudwatchEventRule: ResourceMapper = {
  type: 'aws_cloudwatch_event_rule',
  schema: {
    name: 'value',
    name_prefix: 'value',
    description: 'value',
    event_bus_name: 'value',
    event_pattern: 'value',
    schedule_expression: 'value',
    role_arn: 'value',
    state: 'value',
    is_enabled: 'value',
    force_destroy: 'ignored',
    tags: 'ignored',
  },
  required: [],
  computed: ['arn', 'id', 'name', 'tags_all'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const bus = str(args, 'event_bus_name') ?? 'default';
    const enabled = bool(args, 'is_enabled');
    const state = (str(args, 'state') ?? (enabled === false ? 'DISABLED' : 'ENABLED')) as RuleState;
    const optional = { Description: str(args, 'description'), EventPattern: str(args, 'event_pattern'), ScheduleExpression: str(args, 'schedule_expression'), RoleArn: str(args, 'role_arn') };
    const out = await ctx.clients.eventbridge.send(
      new PutRuleCommand({ Name: name, EventBusName: bus, State: state, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) }),
    );
    return { arn: (out as { RuleArn: string }).RuleArn, id: bus === 'default' ? name : `${bus}/${name}`, name, event_bus_name: bus, state, tags_all: {} };
  },
};
