/**
 * Helpers the stack and change-set operations share: the caller's store, finding a stack by name or id, a new
 * stack record, the provisioning environment, and the authorization resource of a stack.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudformation.html (stack ARN as the resource)
 */
import { randomUUID } from 'node:crypto';
import type { OperationContext } from '../types.js';
import { callerAccount, stackArn, stackNotFound } from './input.js';
import type { ProvisionEnv } from './provision.js';
import { cloudFormationStore, type CloudFormationStore, type StackDefinition, type StackRecord, type StackTag } from './store.js';
import { ValidationError } from './errors.js';

export function storeOf(ctx: OperationContext): CloudFormationStore {
  return cloudFormationStore(ctx.world.account(callerAccount(ctx))!, ctx.region);
}

/** The stack named, or `missing`'s error (AWS words a missing stack differently from one operation to another). */
export function findStack(ctx: OperationContext, nameOrId: string, missing: (name: string) => Error = stackNotFound): StackRecord {
  const stack = storeOf(ctx).find(nameOrId);
  if (!stack) throw missing(nameOrId);
  return stack;
}

/** The ARN IAM authorizes a stack operation on: the stack's id, or `stack/<name>/*` before it exists. */
export function stackResource(ctx: OperationContext, nameOrId: unknown): string {
  const ref = typeof nameOrId === 'string' ? nameOrId : '';
  if (ref.startsWith('arn:')) return ref;
  const account = callerAccount(ctx);
  const existing = ref ? cloudFormationStore(ctx.world.account(account)!, ctx.region).find(ref) : undefined;
  return existing?.stackId ?? stackArn(ctx.region, account, ref, '*');
}

export function newStackId(ctx: OperationContext, name: string): string {
  return stackArn(ctx.region, callerAccount(ctx), name, randomUUID());
}

export interface NewStack {
  stackId: string;
  stackName: string;
  definition: StackDefinition;
  roleArn?: string;
  tags: StackTag[];
  notificationArns: string[];
  disableRollback: boolean;
  terminationProtection?: boolean;
  timeoutInMinutes?: number;
  imports: string[];
  status: string;
}

export function newStackRecord(ctx: OperationContext, s: NewStack): StackRecord {
  const record: StackRecord = {
    ...s.definition,
    stackId: s.stackId,
    stackName: s.stackName,
    account: callerAccount(ctx),
    region: ctx.region,
    status: s.status,
    creationTime: ctx.now(),
    tags: s.tags,
    notificationArns: s.notificationArns,
    disableRollback: s.disableRollback,
    outputs: [],
    resources: new Map(),
    events: [],
    imports: s.imports,
  };
  if (s.roleArn !== undefined) record.roleArn = s.roleArn;
  if (s.timeoutInMinutes !== undefined) record.timeoutInMinutes = s.timeoutInMinutes;
  if (s.terminationProtection) record.terminationProtection = true;
  if (s.definition.template.Description !== undefined) record.description = s.definition.template.Description;
  storeOf(ctx).stacks.set(record.stackId, record);
  return record;
}

export function provisionEnv(ctx: OperationContext): ProvisionEnv {
  return { invoke: ctx.invoke, now: () => ctx.now(), store: storeOf(ctx) };
}

const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/** AWS's refusal to update a stack that is busy or never finished creating. */
export function assertUpdatable(stack: StackRecord): void {
  if (!UPDATABLE.has(stack.status)) {
    throw ValidationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  }
}

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
