/**
 * aws_cloudwatch_event_target -> EventBridge PutTargets
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_event_target).
 * A target without target_id gets a generated one, as the provider does; `id` is `<bus>-<rule>-<target_id>` on
 * another bus, `<rule>-<target_id>` on default, as the provider forms it.
 * Deviations: only arn, role_arn, input and input_path reach EventBridge (the emulated service keeps no more); the
 * other target blocks (input_transformer, dead_letter_config, retry_policy, ecs_target…) are accepted and not applied.
 */
import { PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { nameOrPrefix, reqStr, str } from '../args.js';
import type { ResourceMapper } from '../types.js';

const IGNORED = [
  'input_transformer',
  'dead_letter_config',
  'retry_policy',
  'ecs_target',
  'batch_target',
  'kinesis_target',
  'sqs_target',
  'http_target',
  'redshift_target',
  'run_command_targets',
  'sagemaker_pipeline_target',
  'appsync_target',
  'force_destroy',
] as const;

export const awsCloudwatchEventTarget: ResourceMapper = {
  type: 'aws_cloudwatch_event_target',
  schema: {
    rule: 'value',
    arn: 'value',
    target_id: 'value',
    role_arn: 'value',
    input: 'value',
    input_path: 'value',
    event_bus_name: 'value',
    ...Object.fromEntries(IGNORED.map((k) => [k, 'ignored' as const])),
  },
  required: ['rule', 'arn'],
  computed: ['id', 'target_id'],
  async create(args, ctx) {
    const rule = reqStr(args, 'rule');
    const bus = str(args, 'event_bus_name') ?? 'default';
    const id = str(args, 'target_id') ?? nameOrPrefix({}, 'target_id');
    const optional = { RoleArn: str(args, 'role_arn'), Input: str(args, 'input'), InputPath: str(args, 'input_path') };
    await ctx.clients.eventbridge.send(
      new PutTargetsCommand({
        Rule: rule,
        EventBusName: bus,
        Targets: [{ Id: id, Arn: reqStr(args, 'arn'), ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) }],
      }),
    );
    return { id: bus === 'default' ? `${rule}-${id}` : `${bus}-${rule}-${id}`, target_id: id, event_bus_name: bus };
  },
};
