/**
 * CloudWatch Logs' state: log groups, kept per account and Region.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html
 * Known deviations: no log streams, events, retention enforcement, subscriptions or tags.
 */
import type { Account } from '../../world/world.js';

/** The SigV4 signing name and the IAM action prefix. */
export const SERVICE = 'logs';

export interface LogGroupRecord {
  logGroupName: string;
  account: string;
  region: string;
  creationTime: number;
  kmsKeyId?: string;
  retentionInDays?: number;
  logGroupClass: string;
}

export interface LogGroupsStore {
  groups: Map<string, LogGroupRecord>;
}

export function logGroupsStore(account: Account, region: string): LogGroupsStore {
  return account.store<LogGroupsStore>(SERVICE, region, () => ({ groups: new Map() }));
}

/** The log group's ARN as DescribeLogGroups answers it in logGroupArn (localstack test_logs_groups.snapshot.json). */
export function logGroupArn(region: string, account: string, name: string): string {
  return `arn:aws:logs:${region}:${account}:log-group:${name}`;
}
