/**
 * Stack events as DescribeStackEvents returns them: newest first; the stack's own events carry the stack name
 * as LogicalResourceId, the stack id as PhysicalResourceId and ResourceType AWS::CloudFormation::Stack.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackEvent.html
 */
import { randomUUID } from 'node:crypto';
import type { StackRecord, StackResourceRecord } from './store.js';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';
export const USER_INITIATED = 'User Initiated';

/** Sets the stack's status and records the stack event. */
export function stackStatus(stack: StackRecord, status: string, now: Date, reason?: string): void {
  stack.status = status;
  if (reason !== undefined) stack.statusReason = reason;
  else delete stack.statusReason;
  stack.events.unshift({
    StackId: stack.stackId,
    EventId: randomUUID(),
    StackName: stack.stackName,
    LogicalResourceId: stack.stackName,
    PhysicalResourceId: stack.stackId,
    ResourceType: STACK_TYPE,
    Timestamp: now,
    ResourceStatus: status,
    ...(reason !== undefined ? { ResourceStatusReason: reason } : {}),
  });
}

/** Sets a resource's status and records its event. */
export function resourceStatus(stack: StackRecord, resource: StackResourceRecord, status: string, now: Date, reason?: string): void {
  resource.status = status;
  resource.timestamp = now;
  if (reason !== undefined) resource.reason = reason;
  else delete resource.reason;
  stack.events.unshift({
    StackId: stack.stackId,
    EventId: `${resource.logicalId}-${status}-${now.toISOString()}-${randomUUID().slice(0, 8)}`,
    StackName: stack.stackName,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId ?? '',
    ResourceType: resource.type,
    Timestamp: now,
    ResourceStatus: status,
    ...(reason !== undefined ? { ResourceStatusReason: reason } : {}),
    ...(Object.keys(resource.properties).length > 0 ? { ResourceProperties: JSON.stringify(resource.properties) } : {}),
  });
}
