/**
 * aws_cloudwatch_log_group -> CloudWatch Logs CreateLogGroup
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group): `id` is the
 * name, `arn` the group's ARN without the `:*` suffix (the provider trims it since v5).
 * Deviations: retention_in_days is kept as an attribute but not set in Logs (xacct's Logs has no
 * PutRetentionPolicy; harness/services/logs/log-groups.ts); tags are not sent (xacct's Logs keeps none);
 * skip_destroy has no effect (the applier never destroys); `tags_all` is the resource's own tags.
 */
import { CreateLogGroupCommand, type LogGroupClass } from '@aws-sdk/client-cloudwatch-logs';
import { nameOrPrefix, str, stringMap } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCloudwatchLogGroup: ResourceMapper = {
  type: 'aws_cloudwatch_log_group',
  schema: { name: 'value', name_prefix: 'value', kms_key_id: 'value', log_group_class: 'value', retention_in_days: 'value', skip_destroy: 'ignored', tags: 'value', tags_all: 'ignored' },
  required: [],
  computed: ['arn', 'id', 'name', 'log_group_class', 'tags_all'],
  async create(args, ctx) {
    const name = nameOrPrefix(args);
    const kmsKeyId = str(args, 'kms_key_id');
    const logGroupClass = (str(args, 'log_group_class') ?? 'STANDARD') as LogGroupClass;
    await ctx.clients.logs.send(new CreateLogGroupCommand({ logGroupName: name, logGroupClass, ...(kmsKeyId !== undefined ? { kmsKeyId } : {}) }));
    return {
      arn: `arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${name}`,
      id: name,
      name,
      log_group_class: logGroupClass,
      tags_all: stringMap(args, 'tags') ?? {},
    };
  },
};
