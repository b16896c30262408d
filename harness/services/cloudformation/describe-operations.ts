/**
 * The read side: DescribeStacks, DescribeStackEvents, DescribeStackResource(s), ListStacks, GetTemplate,
 * ListExports, ValidateTemplate.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html (and siblings)
 * NoEcho parameter values are shown as "****", as AWS masks them. Deleted stacks are found by stack id only.
 * Shapes and wordings follow responses recorded against AWS (LocalStack's AWS-validated snapshots, cited in
 * describe-operations.test.ts): `Parameters` is omitted for a stack without any; a missing stack is "Stack with id
 * <x> does not exist" for DescribeStacks and GetTemplate, "Stack [<x>] does not exist" for DescribeStackEvents and
 * "Stack '<x>' does not exist" for DescribeStackResource.
 * Known deviation: no pagination (NextToken is never returned); everything fits one page.
 */
import type {
  DescribeStackResourceCommandInput,
  DescribeStackResourceCommandOutput,
  DescribeStackEventsCommandInput,
  DescribeStackEventsCommandOutput,
  DescribeStackResourcesCommandInput,
  DescribeStackResourcesCommandOutput,
  DescribeStacksCommandInput,
  DescribeStacksCommandOutput,
  GetTemplateCommandInput,
  GetTemplateCommandOutput,
  ListExportsCommandInput,
  ListExportsCommandOutput,
  ListStacksCommandInput,
  ListStacksCommandOutput,
  ResourceStatus,
  Stack,
  StackEvent,
  ValidateTemplateCommandInput,
  ValidateTemplateCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { str } from '../params.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { stackDoesNotExist, stackNotFound, templateSource } from './input.js';
import type { CloudFormationOperations } from './operation-names.js';
import type { StackRecord, StackResourceRecord } from './store.js';
import { resolvedValue } from './ssm-parameter-values.js';
import { findStack, stackResource, storeOf } from './stacks.js';
import { parseTemplate, validateTemplate } from './template/index.js';
import { templateBody } from './template-source.js';
import { ValidationError } from './errors.js';
import { findChangeSet } from './change-set-operations.js';

const ANY = (action: string) => (ctx: OperationContext, input: { StackName?: string }) => ({
  action: `cloudformation:${action}`,
  resource: input.StackName !== undefined ? stackResource(ctx, input.StackName) : '*',
});

export function stackShape(s: StackRecord): Stack {
  const shape: Stack = {
    StackId: s.stackId,
    StackName: s.stackName,
    CreationTime: s.creationTime,
    RollbackConfiguration: {},
    StackStatus: s.status as Stack['StackStatus'],
    DisableRollback: s.disableRollback,
    NotificationARNs: s.notificationArns,
    Tags: s.tags,
    EnableTerminationProtection: s.terminationProtection ?? false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
  if (s.parameters.length > 0) shape.Parameters = s.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.noEcho ? '****' : p.value, ...resolvedValue(p) }));
  if (s.changeSetId !== undefined) shape.ChangeSetId = s.changeSetId;
  if (s.description !== undefined) shape.Description = s.description;
  if (s.lastUpdatedTime !== undefined) shape.LastUpdatedTime = s.lastUpdatedTime;
  if (s.deletionTime !== undefined) shape.DeletionTime = s.deletionTime;
  if (s.statusReason !== undefined) shape.StackStatusReason = s.statusReason;
  if (s.capabilities.length > 0) shape.Capabilities = s.capabilities as Stack['Capabilities'];
  if (s.outputs.length > 0) shape.Outputs = s.outputs;
  if (s.roleArn !== undefined) shape.RoleARN = s.roleArn;
  if (s.timeoutInMinutes !== undefined) shape.TimeoutInMinutes = s.timeoutInMinutes;
  return shape;
}

const DescribeStacks: Operation<DescribeStacksCommandInput, Out<DescribeStacksCommandOutput>> = {
  authorize: ANY('DescribeStacks'),
  handler(ctx, input) {
    const ref = str('ValidationError', input, 'StackName');
    if (ref !== undefined) return { Stacks: [stackShape(findStack(ctx, ref))] };
    const live = [...storeOf(ctx).stacks.values()].filter((s) => s.status !== 'DELETE_COMPLETE');
    return { Stacks: live.reverse().map(stackShape) };
  },
};

const DescribeStackEvents: Operation<DescribeStackEventsCommandInput, Out<DescribeStackEventsCommandOutput>> = {
  authorize: ANY('DescribeStackEvents'),
  handler(ctx, input) {
    const stack = findStack(ctx, str('ValidationError', input, 'StackName', { required: true }), stackDoesNotExist);
    return { StackEvents: stack.events as StackEvent[] };
  },
};

/** What DescribeStackResources and DescribeStackResource both say of a resource. */
function resourceShape(stack: StackRecord, r: StackResourceRecord) {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: r.logicalId,
    ...(r.physicalId !== undefined ? { PhysicalResourceId: r.physicalId } : {}),
    ResourceType: r.type,
    ResourceStatus: r.status as ResourceStatus,
    ...(r.reason !== undefined ? { ResourceStatusReason: r.reason } : {}),
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' as const },
  };
}

const DescribeStackResources: Operation<DescribeStackResourcesCommandInput, Out<DescribeStackResourcesCommandOutput>> = {
  authorize: ANY('DescribeStackResources'),
  handler(ctx, input) {
    const name = str('ValidationError', input, 'StackName');
    const physical = str('ValidationError', input, 'PhysicalResourceId');
    const logical = str('ValidationError', input, 'LogicalResourceId');
    let stack: StackRecord | undefined;
    if (name !== undefined) stack = findStack(ctx, name);
    else if (physical !== undefined) {
      stack = [...storeOf(ctx).stacks.values()].find((s) => [...s.resources.values()].some((r) => r.physicalId === physical));
      if (!stack) throw stackNotFound(physical);
    } else {
      throw ValidationError('Either StackName or PhysicalResourceId must be specified.');
    }
    const resources = [...stack.resources.values()].filter(
      (r) => (logical === undefined || r.logicalId === logical) && (physical === undefined || r.physicalId === physical),
    );
    return { StackResources: resources.map((r) => ({ ...resourceShape(stack, r), Timestamp: r.timestamp })) };
  },
};

const DescribeStackResource: Operation<DescribeStackResourceCommandInput, Out<DescribeStackResourceCommandOutput>> = {
  authorize: ANY('DescribeStackResource'),
  handler(ctx, input) {
    const name = str('ValidationError', input, 'StackName', { required: true });
    const logical = str('ValidationError', input, 'LogicalResourceId', { required: true });
    const stack = findStack(ctx, name, (n) => ValidationError(`Stack '${n}' does not exist`));
    const r = stack.resources.get(logical);
    if (!r || r.status === 'DELETE_COMPLETE') throw ValidationError(`Resource ${logical} does not exist for stack ${name}`);
    const metadata = stack.template.Resources[logical]?.Metadata;
    return { StackResourceDetail: { ...resourceShape(stack, r), LastUpdatedTimestamp: r.timestamp, Metadata: JSON.stringify(metadata ?? {}) } };
  },
};

const ListStacks: Operation<ListStacksCommandInput, Out<ListStacksCommandOutput>> = {
  authorize: () => ({ action: 'cloudformation:ListStacks', resource: '*' }),
  handler(ctx, input) {
    const filter = new Set<string>(input.StackStatusFilter ?? []);
    const stacks = [...storeOf(ctx).stacks.values()].filter((s) => filter.size === 0 || filter.has(s.status)).reverse();
    return {
      StackSummaries: stacks.map((s) => ({
        StackId: s.stackId,
        StackName: s.stackName,
        ...(s.description !== undefined ? { TemplateDescription: s.description } : {}),
        CreationTime: s.creationTime,
        ...(s.lastUpdatedTime !== undefined ? { LastUpdatedTime: s.lastUpdatedTime } : {}),
        ...(s.deletionTime !== undefined ? { DeletionTime: s.deletionTime } : {}),
        StackStatus: s.status as never,
        ...(s.statusReason !== undefined ? { StackStatusReason: s.statusReason } : {}),
        DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      })),
    };
  },
};

const GetTemplate: Operation<GetTemplateCommandInput, Out<GetTemplateCommandOutput>> = {
  authorize: ANY('GetTemplate'),
  handler(ctx, input) {
    const changeSet = str('ValidationError', input, 'ChangeSetName');
    const stackName = str('ValidationError', input, 'StackName');
    if (changeSet !== undefined) {
      // A change set is named by its ARN alone, or by its name and its stack.
      if (!changeSet.startsWith('arn:') && stackName === undefined) throw ValidationError('StackName is a required parameter.');
      const cs = findChangeSet(ctx, { ChangeSetName: changeSet, ...(changeSet.startsWith('arn:') || stackName === undefined ? {} : { StackName: stackName }) });
      return { TemplateBody: cs.templateBody, StagesAvailable: ['Original', 'Processed'] };
    }
    if (stackName === undefined) throw ValidationError('StackName is required if ChangeSetName is not specified.');
    const stack = findStack(ctx, stackName);
    return { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] };
  },
};

const ListExports: Operation<ListExportsCommandInput, Out<ListExportsCommandOutput>> = {
  authorize: () => ({ action: 'cloudformation:ListExports', resource: '*' }),
  handler(ctx) {
    return { Exports: [...storeOf(ctx).exports.values()].map((e) => ({ ExportingStackId: e.stackId, Name: e.name, Value: e.value })) };
  },
};

const ValidateTemplate: Operation<ValidateTemplateCommandInput, Out<ValidateTemplateCommandOutput>> = {
  authorize: () => ({ action: 'cloudformation:ValidateTemplate', resource: '*' }),
  async handler(ctx, input) {
    return validateTemplate(parseTemplate(await templateBody(ctx, templateSource(input))));
  },
};

export const describeOperations = {
  DescribeStacks,
  DescribeStackEvents,
  DescribeStackResource,
  DescribeStackResources,
  ListStacks,
  GetTemplate,
  ListExports,
  ValidateTemplate,
} satisfies CloudFormationOperations<
  'DescribeStacks' | 'DescribeStackEvents' | 'DescribeStackResource' | 'DescribeStackResources' | 'ListStacks' | 'GetTemplate' | 'ListExports' | 'ValidateTemplate'
>;
