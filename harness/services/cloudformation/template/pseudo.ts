/**
 * Pseudo parameters: names every template can Ref without declaring them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
import type { PseudoParameters } from './types.js';

export const NO_VALUE = 'AWS::NoValue';

export const PSEUDO_PARAMETER_NAMES: ReadonlySet<string> = new Set([
  'AWS::AccountId', 'AWS::Region', 'AWS::StackName', 'AWS::StackId', 'AWS::Partition', 'AWS::URLSuffix',
  'AWS::NoValue', 'AWS::NotificationARNs',
]);

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The value of a pseudo parameter other than AWS::NoValue (which removes the property instead). */
export function pseudoValue(name: string, pseudo: PseudoParameters): string | string[] | undefined {
  const partition = pseudo.partition ?? partitionOf(pseudo.region);
  switch (name) {
    case 'AWS::AccountId': return pseudo.accountId;
    case 'AWS::Region': return pseudo.region;
    case 'AWS::StackName': return pseudo.stackName;
    case 'AWS::StackId': return pseudo.stackId;
    case 'AWS::Partition': return partition;
    case 'AWS::URLSuffix': return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    case 'AWS::NotificationARNs': return pseudo.notificationArns ?? [];
    default: return undefined;
  }
}
