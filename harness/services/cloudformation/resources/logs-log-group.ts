/**
 * AWS::Logs::LogGroup: CreateLogGroup (with KmsKeyId and LogGroupClass); a new LogGroupName or LogGroupClass replaces
 * it. Ref returns the log group's name; Fn::GetAtt Arn returns arn:aws:logs:<region>:<account>:log-group:<name>:*.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html
 * Failure wording: registry handler form, service label CloudWatchLogs (errors.jsonl E081 form).
 * Known deviations: RetentionInDays, DataProtectionPolicy and Tags are accepted and not applied (the emulated Logs has
 * no retention or tags), so changing them updates nothing.
 */
import type { ResourceContext, ResourceMapper } from './types.js';
import { text } from './values.js';

function provisioned(ctx: ResourceContext, name: string) {
  return { physicalId: name, attributes: { Arn: `arn:aws:logs:${ctx.stack.region}:${ctx.stack.account}:log-group:${name}:*` } };
}

export const logsLogGroup: ResourceMapper = {
  type: 'AWS::Logs::LogGroup',
  service: 'logs',
  failureStyle: { kind: 'handler', serviceLabel: 'CloudWatchLogs' },
  replaceOn: ['LogGroupName', 'LogGroupClass', 'KmsKeyId'],
  attributes: ['Arn'],
  async create(ctx, props) {
    const logGroupName = text(props, 'LogGroupName') ?? ctx.generatedName({ max: 512 });
    await ctx.call('logs', 'CreateLogGroup', { logGroupName, kmsKeyId: text(props, 'KmsKeyId'), logGroupClass: text(props, 'LogGroupClass') });
    ctx.created(logGroupName);
    return provisioned(ctx, logGroupName);
  },
  update: async (ctx, name) => provisioned(ctx, name),
  async delete(ctx, logGroupName) {
    await ctx.call('logs', 'DeleteLogGroup', { logGroupName });
  },
};
