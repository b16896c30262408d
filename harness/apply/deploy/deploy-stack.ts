/**
 * One deployment as `aws cloudformation deploy` makes it (awscli/customizations/cloudformation/deployer.py):
 * DescribeStacks to choose CREATE or UPDATE, CreateChangeSet (parameters the deployment does not give keep their
 * previous values, UsePreviousValue, as the CLI's --parameter-overrides does), wait for the change set,
 * ExecuteChangeSet, wait for the stack. A change set that "didn't contain changes" leaves the stack as it is
 * (the CLI's --no-fail-on-empty-changeset). A stack that fails is reported with the reason of its first failed
 * resource event (DescribeStackEvents), the reason the CLI tells the user to go and read.
 * Deviations: the change set's name is xacct-deploy-<n> (the CLI's awscli-cloudformation-package-deploy-<epoch
 * seconds> collides for two deployments of a stack in the same second); polling is every few milliseconds, not the
 * CLI's 5 s (change set) and 30 s (stack) waiters.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateSummaryCommand,
  type Parameter,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { awsErrorParts } from '../errors.js';
import type { ClientConfig } from './identity.js';

const NO_CHANGES = /didn't contain changes|No updates are to be performed/;
let counter = 0;

export interface StackDeployment {
  stackName: string;
  template: { TemplateBody: string } | { TemplateURL: string };
  parameters: Record<string, string>;
  capabilities: string[];
  roleArn?: string;
  tags?: Record<string, string>;
}

export type DeployOutcome =
  | { ok: true; stack: Stack; unchanged: boolean }
  | { ok: false; stack?: Stack; status: string; reason: string; logicalId?: string };

/** Polls soon at first (an in-process emulator settles within a few turns of the event loop), then every 20 ms at most. */
const pause = (ms: number) => new Promise((r) => (ms < 1 ? setImmediate(r) : setTimeout(r, ms)));

async function describe(cfn: CloudFormationClient, name: string): Promise<Stack | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
  } catch (e) {
    if (awsErrorParts(e).code === 'ValidationError' && / does not exist$/.test(awsErrorParts(e).message)) return undefined;
    throw e;
  }
}

/** Deploys; AWS errors of the calls themselves (a ValidationError, AccessDenied) are thrown as the SDK throws them. */
export async function deployStack(config: ClientConfig, d: StackDeployment): Promise<DeployOutcome> {
  const cfn = new CloudFormationClient(config);
  const existing = await describe(cfn, d.stackName);
  const update = existing !== undefined && existing.StackStatus !== 'REVIEW_IN_PROGRESS';
  const parameters: Parameter[] = Object.entries(d.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  if (update) {
    const summary = await cfn.send(new GetTemplateSummaryCommand(d.template));
    const declared = new Set((summary.Parameters ?? []).map((p) => p.ParameterKey));
    for (const p of existing.Parameters ?? []) {
      if (p.ParameterKey && declared.has(p.ParameterKey) && !(p.ParameterKey in d.parameters)) parameters.push({ ParameterKey: p.ParameterKey, UsePreviousValue: true });
    }
  }
  const changeSetName = `xacct-deploy-${++counter}-${Date.now()}`;
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: d.stackName,
      ChangeSetName: changeSetName,
      ChangeSetType: update ? 'UPDATE' : 'CREATE',
      ...d.template,
      Parameters: parameters,
      Capabilities: d.capabilities.length ? (d.capabilities as never) : undefined,
      ...(d.roleArn ? { RoleARN: d.roleArn } : {}),
      ...(d.tags ? { Tags: Object.entries(d.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
      Description: 'Created by xacct deploy',
    }),
  );
  for (let wait = 0.125; ; wait = Math.min(wait * 2, 20)) {
    const cs = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id! }));
    if (cs.Status === 'CREATE_COMPLETE') break;
    if (cs.Status === 'FAILED') {
      if (update && NO_CHANGES.test(cs.StatusReason ?? '')) return { ok: true, stack: existing, unchanged: true };
      return { ok: false, stack: await describe(cfn, d.stackName), status: 'FAILED', reason: `change set ${changeSetName} failed: ${cs.StatusReason ?? ''}` };
    }
    await pause(wait);
  }
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id! }));
  let stack: Stack | undefined;
  for (let wait = 0.125; ; wait = Math.min(wait * 2, 20)) {
    stack = await describe(cfn, created.StackId!);
    if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) break;
    await pause(wait);
  }
  if (stack.StackStatus === 'CREATE_COMPLETE' || stack.StackStatus === 'UPDATE_COMPLETE') return { ok: true, stack, unchanged: false };
  const failed = await firstFailure(cfn, created.StackId!);
  return { ok: false, stack, status: stack.StackStatus ?? 'FAILED', reason: failed?.reason ?? stack.StackStatusReason ?? '', logicalId: failed?.logicalId };
}

/** The oldest failed resource event of the stack's last operation. */
async function firstFailure(cfn: CloudFormationClient, stackId: string): Promise<{ logicalId: string; reason: string } | undefined> {
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }))).StackEvents ?? [];
  // Newest first: the operation starts at the stack's own CREATE_IN_PROGRESS or UPDATE_IN_PROGRESS event.
  const start = events.findIndex((e) => e.PhysicalResourceId === stackId && (e.ResourceStatus === 'CREATE_IN_PROGRESS' || e.ResourceStatus === 'UPDATE_IN_PROGRESS'));
  const failures = events.slice(0, start < 0 ? undefined : start).filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.PhysicalResourceId !== stackId && e.ResourceStatusReason && !/^Resource (creation|update) cancelled$/.test(e.ResourceStatusReason));
  const first = failures.at(-1);
  return first ? { logicalId: first.LogicalResourceId ?? '', reason: first.ResourceStatusReason ?? '' } : undefined;
}
