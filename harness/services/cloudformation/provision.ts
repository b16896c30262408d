/**
 * Stack provisioning, the stack-level state machine: CreateStack and DeleteStack run here, UpdateStack in
 * update-stack.ts; one resource's step is in resource-steps.ts, what a mapper calls through in resource-context.ts,
 * outputs and exports in stack-outputs.ts, deletion order in resource-order.ts. Every call is made through the
 * emulator's request path as the stack's acting principal, with AWS's stack and resource states and events.
 * A failed create rolls back (ROLLBACK_IN_PROGRESS → created resources deleted → ROLLBACK_COMPLETE), or stops at
 * CREATE_FAILED (OnFailure DO_NOTHING), or deletes the stack after the rollback (OnFailure DELETE).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html (stack status codes)
 * Wordings: "The following resource(s) failed to create: [X]. Rollback requested by user." and
 * "Resource creation cancelled" (practitioner copies of console event lists, e.g.
 * https://github.com/aws-samples/amazon-connect-voice-to-chat — quoted in the search corpus), "User Initiated".
 * Known deviations: resources are created one at a time (AWS runs independent resources in parallel), and
 * DeletionPolicy Retain is honoured on stack deletion and update removal but not on the rollback of a create.
 */
import type { Principal } from '../../world/principal.js';
import type { OperationContext } from '../types.js';
import { resourceStatus, stackStatus, USER_INITIATED } from './events.js';
import { failureText } from './resource-context.js';
import { liveResourceIds, orderForDeletion, retained } from './resource-order.js';
import { createOne, deleteOne } from './resource-steps.js';
import { publishOutputs, removeExports } from './stack-outputs.js';
import type { CloudFormationStore, StackDefinition, StackRecord } from './store.js';
import type { PreparedStack } from './template/index.js';

export { runUpdate } from './update-stack.js';

export interface ProvisionEnv {
  invoke: OperationContext['invoke'];
  now(): Date;
  store: CloudFormationStore;
}

/** What a stack operation provisions: the new definition and the engine's plan for it. */
export interface Plan {
  definition: StackDefinition;
  prepared: PreparedStack;
  imports: string[];
}

export type OnFailure = 'ROLLBACK' | 'DELETE' | 'DO_NOTHING';

export async function runCreate(env: ProvisionEnv, stack: StackRecord, plan: Plan, as: Principal, onFailure: OnFailure): Promise<void> {
  stackStatus(stack, 'CREATE_IN_PROGRESS', env.now(), USER_INITIATED);
  let reason: string | undefined;
  for (const res of plan.prepared.resources) {
    const failed = await createOne(env, stack, plan.prepared, res, as);
    if (failed !== undefined) {
      reason = `The following resource(s) failed to create: [${res.logicalId}]. `;
      break;
    }
  }
  if (reason === undefined) {
    const outputFailure = publishOutputs(env, stack, plan.prepared);
    if (outputFailure === undefined) {
      stackStatus(stack, 'CREATE_COMPLETE', env.now());
      return;
    }
    reason = outputFailure + '. ';
  }
  if (onFailure === 'DO_NOTHING') {
    stackStatus(stack, 'CREATE_FAILED', env.now(), reason.trimEnd());
    return;
  }
  stackStatus(stack, 'ROLLBACK_IN_PROGRESS', env.now(), `${reason}Rollback requested by user.`);
  let rollbackFailed = false;
  for (const id of orderForDeletion(stack.template, liveResourceIds(stack))) {
    if ((await deleteOne(env, stack, stack.resources.get(id)!, as)) !== undefined) rollbackFailed = true;
  }
  if (rollbackFailed) {
    stackStatus(stack, 'ROLLBACK_FAILED', env.now(), 'The following resource(s) failed to delete during rollback.');
    return;
  }
  stackStatus(stack, 'ROLLBACK_COMPLETE', env.now());
  if (onFailure === 'DELETE') {
    stackStatus(stack, 'DELETE_IN_PROGRESS', env.now());
    stack.deletionTime = env.now();
    stackStatus(stack, 'DELETE_COMPLETE', env.now());
  }
}

export async function runDelete(env: ProvisionEnv, stack: StackRecord, as: Principal, retain: ReadonlySet<string> = new Set()): Promise<void> {
  stackStatus(stack, 'DELETE_IN_PROGRESS', env.now(), USER_INITIATED);
  const failed: string[] = [];
  for (const id of orderForDeletion(stack.template, liveResourceIds(stack))) {
    const record = stack.resources.get(id)!;
    if (retain.has(id) || retained(stack.template, id)) {
      resourceStatus(stack, record, 'DELETE_SKIPPED', env.now());
      continue;
    }
    if ((await deleteOne(env, stack, record, as)) !== undefined) failed.push(id);
  }
  if (failed.length > 0) {
    stackStatus(stack, 'DELETE_FAILED', env.now(), `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
    return;
  }
  removeExports(env, stack);
  stack.deletionTime = env.now();
  stackStatus(stack, 'DELETE_COMPLETE', env.now());
}

/**
 * Runs a stack operation in the background, after the one already running; an unexpected error fails the stack
 * instead of escaping. The record holds the operation only while it runs.
 */
export function startOperation(stack: StackRecord, failedStatus: string, run: () => Promise<void>, log?: (m: string) => void): void {
  const operation: Promise<void> = (stack.operation ?? Promise.resolve())
    .then(run)
    .catch((e: unknown) => {
      log?.(`xacct cloudformation: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      stack.statusReason = `Internal failure: ${failureText(e)}`;
      stack.status = failedStatus;
    })
    .finally(() => {
      if (stack.operation === operation) delete stack.operation;
    });
  stack.operation = operation;
}
