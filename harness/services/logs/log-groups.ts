/**
 * CloudWatch Logs log groups: CreateLogGroup, DeleteLogGroup, DescribeLogGroups.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (and the others')
 * IAM: logs:<Operation> on the resource Logs names in its denials, arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:
 * (and log-group::log-stream: for DescribeLogGroups, which names no group), so a policy on "log-group:<name>:*" or
 * "log-group:*" allows it (errors.ts cites the recorded denial).
 * Known deviations: a policy naming the bare "log-group:<name>" does not match that resource; KmsKeyId is stored, KMS
 * is not called; DescribeLogGroups answers one page (no nextToken) and ignores logGroupNamePattern's fuzzy matching
 * (a substring test).
 */
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { int, str } from '../params.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { InvalidParameterException, ResourceAlreadyExistsException, ResourceNotFoundException } from './errors.js';
import type { LogsOperation } from './operation-names.js';
import { logGroupArn, logGroupsStore, SERVICE, type LogGroupRecord } from './store.js';

const NAME_PATTERN = /^[.\-_/#A-Za-z0-9]+$/;

function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

function groups(ctx: OperationContext): Map<string, LogGroupRecord> {
  return logGroupsStore(ctx.world.account(callerAccount(ctx))!, ctx.region).groups;
}

function groupName(input: { logGroupName?: string }): string {
  const name = str('ValidationException', input, 'logGroupName', { required: true, min: 1 });
  if (name.length > 512) throw InvalidParameterException('Invalid LogGroup or LogStream, both must have length less than or equal to 512.');
  if (!NAME_PATTERN.test(name)) {
    throw InvalidParameterException(`1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
  }
  return name;
}

function check(ctx: OperationContext, action: string, name: string): AuthCheck {
  return { action: `${SERVICE}:${action}`, resource: `${logGroupArn(ctx.region, callerAccount(ctx), name)}:log-stream:` };
}

function shape(g: LogGroupRecord): LogGroup {
  const arn = logGroupArn(g.region, g.account, g.logGroupName);
  const out: LogGroup = {
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: 0,
    logGroupClass: g.logGroupClass as LogGroup['logGroupClass'],
    logGroupArn: arn,
  };
  if (g.retentionInDays !== undefined) out.retentionInDays = g.retentionInDays;
  if (g.kmsKeyId !== undefined) out.kmsKeyId = g.kmsKeyId;
  return out;
}

const CreateLogGroup: LogsOperation<'CreateLogGroup', string> = {
  resolve: (_ctx, input) => groupName(input),
  authorize: (ctx, _input, name) => check(ctx, 'CreateLogGroup', name),
  handler(ctx, input, name) {
    const all = groups(ctx);
    if (all.has(name)) throw ResourceAlreadyExistsException();
    all.set(name, {
      logGroupName: name,
      account: callerAccount(ctx),
      region: ctx.region,
      creationTime: ctx.now().getTime(),
      logGroupClass: input.logGroupClass ?? 'STANDARD',
      ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : {}),
    });
    return {};
  },
};

const DeleteLogGroup: LogsOperation<'DeleteLogGroup', string> = {
  resolve: (_ctx, input) => groupName(input),
  authorize: (ctx, _input, name) => check(ctx, 'DeleteLogGroup', name),
  handler(ctx, _input, name) {
    if (!groups(ctx).delete(name)) throw ResourceNotFoundException();
    return {};
  },
};

const DescribeLogGroups: LogsOperation<'DescribeLogGroups'> = {
  authorize: (ctx) => check(ctx, 'DescribeLogGroups', ''),
  handler(ctx, input) {
    const prefix = str('ValidationException', input, 'logGroupNamePrefix');
    const pattern = str('ValidationException', input, 'logGroupNamePattern');
    if (prefix !== undefined && pattern !== undefined) {
      throw InvalidParameterException('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    const limit = int('ValidationException', input, 'limit', { min: 1, max: 50 }) ?? 50;
    const found = [...groups(ctx).values()]
      .filter((g) => (prefix === undefined || g.logGroupName.startsWith(prefix)) && (pattern === undefined || g.logGroupName.includes(pattern)))
      .sort((a, b) => a.logGroupName.localeCompare(b.logGroupName))
      .slice(0, limit);
    return { logGroups: found.map(shape) };
  },
};

export const logGroupOperations = { CreateLogGroup, DeleteLogGroup, DescribeLogGroups };
