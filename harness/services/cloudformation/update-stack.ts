/**
 * UpdateStack's provisioning: resources created or updated in the new template's order, outputs republished, then
 * the cleanup phase (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS) deletes replaced and removed resources, keeping those whose
 * DeletionPolicy retains them. A failure rolls back (UPDATE_ROLLBACK_IN_PROGRESS): every touched resource is put
 * back, newest first, and resources the update created are deleted in UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html (status codes)
 * Known deviation: resources are updated one at a time (AWS runs independent resources in parallel).
 */
import type { Principal } from '../../world/principal.js';
import { resourceStatus, stackStatus, USER_INITIATED } from './events.js';
import { mapperOf, resourceContext } from './resource-context.js';
import { liveResourceIds, orderForDeletion, retained } from './resource-order.js';
import { createOne, deleteOne, snapshot, updateOne, type Touched } from './resource-steps.js';
import { statusReason } from './resources/failure.js';
import { publishOutputs } from './stack-outputs.js';
import type { Plan, ProvisionEnv } from './provision.js';
import type { StackDefinition, StackRecord, StackResourceRecord } from './store.js';

/** Puts back the resources an update touched, newest first; returns whether every step succeeded. */
async function restore(env: ProvisionEnv, stack: StackRecord, touched: Touched[], as: Principal, cleanup: StackResourceRecord[]): Promise<boolean> {
  let ok = true;
  for (const t of [...touched].reverse()) {
    const record = stack.resources.get(t.logicalId)!;
    if (t.kind === 'created') {
      cleanup.push(record);
      continue;
    }
    const before = t.before!;
    if (t.kind === 'replaced') {
      if (record.physicalId && record.physicalId !== before.physicalId) cleanup.push(snapshot(record));
      Object.assign(record, snapshot(before));
      resourceStatus(stack, record, 'UPDATE_COMPLETE', env.now());
      continue;
    }
    const mapper = mapperOf(record.type)!;
    resourceStatus(stack, record, 'UPDATE_IN_PROGRESS', env.now());
    try {
      const p = await mapper.update!(resourceContext(env, stack, record, as), record.physicalId!, before.properties, record.properties);
      Object.assign(record, { properties: before.properties, attributes: p.attributes });
      resourceStatus(stack, record, 'UPDATE_COMPLETE', env.now());
    } catch (e) {
      ok = false;
      resourceStatus(stack, record, 'UPDATE_FAILED', env.now(), statusReason(mapper, e));
    }
  }
  return ok;
}

/** The stack takes `definition` as its own (its template, parameters, capabilities, description). */
export function adopt(stack: StackRecord, definition: StackDefinition): void {
  stack.templateBody = definition.templateBody;
  stack.template = definition.template;
  stack.givenParameters = definition.givenParameters;
  stack.parameters = definition.parameters;
  stack.capabilities = definition.capabilities;
  stack.description = definition.template.Description;
}

export async function runUpdate(env: ProvisionEnv, stack: StackRecord, plan: Plan, as: Principal): Promise<void> {
  const previous: StackDefinition = {
    templateBody: stack.templateBody,
    template: stack.template,
    givenParameters: stack.givenParameters,
    parameters: stack.parameters,
    capabilities: stack.capabilities,
  };
  const previousImports = stack.imports;
  stackStatus(stack, 'UPDATE_IN_PROGRESS', env.now(), USER_INITIATED);
  stack.lastUpdatedTime = env.now();
  const touched: Touched[] = [];
  let reason: string | undefined;
  for (const res of plan.prepared.resources) {
    const existing = stack.resources.get(res.logicalId);
    if (!existing || existing.status === 'DELETE_COMPLETE') {
      touched.push({ logicalId: res.logicalId, kind: 'created' });
      if ((await createOne(env, stack, plan.prepared, res, as)) !== undefined) {
        reason = `The following resource(s) failed to create: [${res.logicalId}]. `;
        break;
      }
    } else if ((await updateOne(env, stack, plan.prepared, res, as, touched)) !== undefined) {
      reason = `The following resource(s) failed to update: [${res.logicalId}]. `;
      break;
    }
  }
  const previousOutputs = stack.outputs;
  if (reason === undefined) {
    const outputFailure = publishOutputs(env, stack, plan.prepared);
    if (outputFailure !== undefined) reason = `${outputFailure}. `;
  }
  if (reason === undefined) {
    const kept = new Set(plan.prepared.creationOrder);
    const removed = liveResourceIds(stack).filter((id) => !kept.has(id));
    adopt(stack, plan.definition);
    stack.imports = plan.imports;
    stackStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', env.now());
    for (const t of [...touched].reverse()) {
      if (t.kind === 'replaced' && t.before?.physicalId) await deleteOne(env, stack, t.before, as);
    }
    for (const id of orderForDeletion(previous.template, removed)) {
      const record = stack.resources.get(id)!;
      if (retained(previous.template, id)) {
        resourceStatus(stack, record, 'DELETE_SKIPPED', env.now());
        stack.resources.delete(id);
        continue;
      }
      if ((await deleteOne(env, stack, record, as)) === undefined) stack.resources.delete(id);
    }
    stackStatus(stack, 'UPDATE_COMPLETE', env.now());
    return;
  }
  stackStatus(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', env.now(), reason);
  const cleanup: StackResourceRecord[] = [];
  let ok = await restore(env, stack, touched, as, cleanup);
  stack.outputs = previousOutputs;
  stack.imports = previousImports;
  adopt(stack, previous);
  stackStatus(stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', env.now());
  for (const record of cleanup) {
    if ((await deleteOne(env, stack, record, as)) !== undefined) ok = false;
    else if (touched.some((t) => t.kind === 'created' && t.logicalId === record.logicalId)) stack.resources.delete(record.logicalId);
  }
  stackStatus(stack, ok ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED', env.now());
}
