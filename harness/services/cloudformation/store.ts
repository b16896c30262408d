/**
 * CloudFormation's state in one account and Region: stacks (live and deleted), change sets and exports.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacks.html
 * Deleted stacks stay visible by stack id (DescribeStacks, ListStacks) as in AWS; by name only live stacks are found.
 * Known deviation: deleted stacks are kept for the life of the emulator, not 90 days.
 */
import type { Account } from '../../world/world.js';
import type { ResolvedOutput, ResolvedParameter, Template, TemplateValue } from './template/index.js';

export interface StackTag {
  Key: string;
  Value: string;
}

export interface StackEvent {
  StackId: string;
  EventId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  Timestamp: Date;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
  ClientRequestToken?: string;
}

export interface StackResourceRecord {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: string;
  reason?: string;
  timestamp: Date;
  /** The resolved properties the resource was last created or updated with (for update diffs and rollback). */
  properties: Record<string, TemplateValue>;
  /** Fn::GetAtt values. */
  attributes: Record<string, TemplateValue>;
  /** Why the resource is a placeholder (resources/placeholder.ts), when it is one. */
  notEmulated?: string;
}

/** What a stack was built from: kept so an update can be rolled back and GetTemplate can answer. */
export interface StackDefinition {
  templateBody: string;
  template: Template;
  /** ParameterKey -> ParameterValue as the caller gave them (UsePreviousValue already applied). */
  givenParameters: Record<string, string>;
  parameters: ResolvedParameter[];
  capabilities: string[];
}

export interface StackRecord extends StackDefinition {
  stackId: string;
  stackName: string;
  account: string;
  region: string;
  status: string;
  statusReason?: string;
  creationTime: Date;
  lastUpdatedTime?: Date;
  deletionTime?: Date;
  roleArn?: string;
  description?: string;
  tags: StackTag[];
  notificationArns: string[];
  disableRollback: boolean;
  /** EnableTerminationProtection (CreateStack, UpdateTerminationProtection): DeleteStack is refused while set. */
  terminationProtection?: boolean;
  timeoutInMinutes?: number;
  outputs: ResolvedOutput[];
  resources: Map<string, StackResourceRecord>;
  /** Newest first, as DescribeStackEvents returns them. */
  events: StackEvent[];
  changeSetId?: string;
  /** Export names the stack's template imports (Fn::ImportValue with a literal name). */
  imports: string[];
  /**
   * The stack operation (create, update, delete, rollback) running in the background, present only while it runs:
   * a settled stack holds no promise, so a world holding stacks can be copied (world/snapshot.ts), and a copy taken
   * mid-operation is refused rather than holding a stack that would never leave its *_IN_PROGRESS state.
   */
  operation?: Promise<void>;
}

export interface ChangeRecord {
  Type: 'Resource';
  ResourceChange: {
    Action: 'Add' | 'Modify' | 'Remove';
    LogicalResourceId: string;
    PhysicalResourceId?: string;
    ResourceType: string;
    Replacement?: 'True' | 'False' | 'Conditional';
    Scope: string[];
    Details: unknown[];
  };
}

export interface ChangeSetRecord extends StackDefinition {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  stackName: string;
  changeSetType: 'CREATE' | 'UPDATE';
  status: string;
  statusReason?: string;
  executionStatus: string;
  creationTime: Date;
  description?: string;
  roleArn?: string;
  tags: StackTag[];
  notificationArns: string[];
  changes: ChangeRecord[];
  /** The stack's parameters as DescribeChangeSet shows them. */
  callerArn: string;
}

export interface ExportRecord {
  name: string;
  value: string;
  stackId: string;
}

export class CloudFormationStore {
  /** By stack id, in creation order. */
  readonly stacks = new Map<string, StackRecord>();
  readonly changeSets = new Map<string, ChangeSetRecord>();
  readonly exports = new Map<string, ExportRecord>();

  /** The live (not DELETE_COMPLETE) stack with this name, or the stack with this id (live or deleted). */
  find(nameOrId: string): StackRecord | undefined {
    if (nameOrId.startsWith('arn:')) return this.stacks.get(nameOrId);
    for (const s of this.stacks.values()) if (s.stackName === nameOrId && s.status !== 'DELETE_COMPLETE') return s;
    return undefined;
  }
}

export function cloudFormationStore(account: Account, region: string): CloudFormationStore {
  return account.store('cloudformation', region, () => new CloudFormationStore());
}
