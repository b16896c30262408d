/**
 * Which resources of a world's CloudFormation stacks are placeholders ("not emulated"): read through the real
 * CloudFormation API (ListStacks, DescribeStackResources) in every account of the world, by the mark the
 * emulator puts in their ResourceStatusReason (harness/services/cloudformation/resources/placeholder.ts). A scenario
 * whose world holds one relied on something xacct did not emulate, so its success proves less than it says; a
 * check of such a world (check/check.ts) is never a pass.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
 */
import { CloudFormationClient, DescribeStackResourcesCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { NOT_EMULATED_PREFIX } from '../services/cloudformation/resources/placeholder.js';
import type { BackendWorld } from './scenario.js';

/** A placeholder of a live stack, with the mark CloudFormation gives it (its ResourceStatusReason). */
export interface StackPlaceholder {
  account: string;
  stack: string;
  logicalId: string;
  type: string;
  reason: string;
}

/** Each placeholder in the accounts' live stacks. */
export async function stackPlaceholdersIn(world: BackendWorld, accounts: string[]): Promise<StackPlaceholder[]> {
  if (!world.has('cloudformation')) return [];
  const found: StackPlaceholder[] = [];
  for (const account of accounts) {
    const cfn = new CloudFormationClient(world.clientConfig(account));
    const stacks = (await cfn.send(new ListStacksCommand({}))).StackSummaries ?? [];
    for (const s of stacks) {
      if (s.StackStatus === 'DELETE_COMPLETE') continue;
      const resources = (await cfn.send(new DescribeStackResourcesCommand({ StackName: s.StackId }))).StackResources ?? [];
      for (const r of resources) {
        if (r.ResourceStatusReason?.startsWith(NOT_EMULATED_PREFIX)) found.push({ account, stack: s.StackName!, logicalId: r.LogicalResourceId!, type: r.ResourceType!, reason: r.ResourceStatusReason });
      }
    }
  }
  return found;
}

/** "<account>/<stack>/<logical id> (<type>)" for each placeholder in the accounts' live stacks. */
export async function placeholdersIn(world: BackendWorld, accounts: string[]): Promise<string[]> {
  return (await stackPlaceholdersIn(world, accounts)).map((p) => `${p.account}/${p.stack}/${p.logicalId} (${p.type})`);
}
