/**
 * One resource's step of a stack operation, with the resource events AWS records for it: create
 * (CREATE_IN_PROGRESS → "Resource creation Initiated" → CREATE_COMPLETE or CREATE_FAILED), delete
 * (DELETE_IN_PROGRESS → DELETE_COMPLETE or DELETE_FAILED) and update, in place or by replacement when a property
 * the type cannot change in place differs ("Requested update requires the creation of a new physical resource;
 * hence creating one.").
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html (status codes)
 * As in AWS, a replaced resource's old physical resource is not deleted here but in the update's cleanup phase
 * (update-stack.ts). Known deviation: DeletionPolicy Retain is not honoured on the rollback of a create.
 */
import type { Principal } from '../../world/principal.js';
import { resourceStatus } from './events.js';
import { mapperFor, mapperOf, resolveProperties, resourceContext } from './resource-context.js';
import { statusReason } from './resources/failure.js';
import { notEmulatedReason, placeholderMapper, unknownValueIn } from './resources/placeholder.js';
import type { Properties, ResourceMapper } from './resources/types.js';
import { same } from './resources/values.js';
import type { ProvisionEnv } from './provision.js';
import type { StackRecord, StackResourceRecord } from './store.js';
import type { PreparedResource, PreparedStack, TemplateValue } from './template/index.js';
import { asIntrinsic, visit } from './template/walk.js';

/** A resource an update changed, so a rollback can put it back. */
export interface Touched {
  logicalId: string;
  kind: 'created' | 'updated' | 'replaced';
  /** The resource before this update (updated, replaced). */
  before?: StackResourceRecord;
}

export function snapshot(r: StackResourceRecord): StackResourceRecord {
  return { ...r, properties: structuredClone(r.properties), attributes: structuredClone(r.attributes) };
}

/**
 * A resource of a modeled type that is a placeholder (its properties used an unknowable value) does not exist in the
 * emulated service: a resource naming it by `Ref` (an alias of that key, a policy of that bucket) cannot be created
 * against it, so it is a placeholder too. Values read with Fn::GetAtt (ARNs in policy documents) stay as they are.
 */
function refToMissing(stack: StackRecord, res: PreparedResource): string | undefined {
  let found: string | undefined;
  visit((res.declaration.Properties ?? {}) as TemplateValue, '', (node) => {
    const fn = asIntrinsic(node);
    if (found !== undefined || fn?.name !== 'Ref' || typeof fn.arg !== 'string') return;
    const target = stack.resources.get(fn.arg);
    if (target?.notEmulated !== undefined && !mapperOf(target.type).placeholder) found = `${target.type}:${target.logicalId} (Ref)`;
  });
  return found;
}

/** The mapper to provision with, and the placeholder mark when it is a placeholder's. */
function provisioner(stack: StackRecord, res: PreparedResource, props: Properties): { mapper: ResourceMapper; notEmulated?: string } {
  const mapper = mapperOf(res.type);
  if (mapper.placeholder) return { mapper, notEmulated: notEmulatedReason(res.type) };
  const unknown = unknownValueIn(props) ?? refToMissing(stack, res);
  return unknown === undefined ? { mapper } : { mapper: placeholderMapper(res.type), notEmulated: notEmulatedReason(res.type, unknown) };
}

/** Creates one resource; returns the failure reason, if any. */
export async function createOne(env: ProvisionEnv, stack: StackRecord, prepared: PreparedStack, res: PreparedResource, as: Principal): Promise<string | undefined> {
  const record: StackResourceRecord = { logicalId: res.logicalId, type: res.type, status: '', timestamp: env.now(), properties: {}, attributes: {} };
  stack.resources.set(res.logicalId, record);
  resourceStatus(stack, record, 'CREATE_IN_PROGRESS', env.now());
  const fail = (reason: string) => {
    resourceStatus(stack, record, 'CREATE_FAILED', env.now(), reason);
    return reason;
  };
  const props = resolveProperties(stack, prepared, res, mapperOf(res.type));
  if (typeof props === 'string') return fail(props);
  const { mapper, notEmulated } = provisioner(stack, res, props);
  record.properties = props;
  if (notEmulated !== undefined) record.notEmulated = notEmulated;
  try {
    const p = await mapper.create(resourceContext(env, stack, record, as), props);
    record.physicalId = p.physicalId;
    record.attributes = p.attributes;
  } catch (e) {
    return fail(statusReason(mapper, e));
  }
  resourceStatus(stack, record, 'CREATE_IN_PROGRESS', env.now(), 'Resource creation Initiated');
  resourceStatus(stack, record, 'CREATE_COMPLETE', env.now(), notEmulated);
  return undefined;
}

/** Deletes one resource as it was last provisioned; returns the failure reason, if any. */
export async function deleteOne(env: ProvisionEnv, stack: StackRecord, record: StackResourceRecord, as: Principal, props = record.properties, physicalId = record.physicalId): Promise<string | undefined> {
  if (!physicalId) {
    resourceStatus(stack, record, 'DELETE_COMPLETE', env.now());
    return undefined;
  }
  const mapper = mapperFor(record);
  const shown = { ...record, physicalId };
  resourceStatus(stack, shown, 'DELETE_IN_PROGRESS', env.now());
  try {
    await mapper.delete(resourceContext(env, stack, shown, as, true), physicalId, props);
  } catch (e) {
    const reason = statusReason(mapper, e);
    resourceStatus(stack, shown, 'DELETE_FAILED', env.now(), reason);
    record.status = 'DELETE_FAILED';
    return reason;
  }
  resourceStatus(stack, shown, 'DELETE_COMPLETE', env.now());
  record.status = 'DELETE_COMPLETE';
  return undefined;
}

/** Updates one existing resource in place or by replacement; returns the failure reason, if any. */
export async function updateOne(env: ProvisionEnv, stack: StackRecord, prepared: PreparedStack, res: PreparedResource, as: Principal, touched: Touched[]): Promise<string | undefined> {
  const record = stack.resources.get(res.logicalId)!;
  const fail = (reason: string) => {
    resourceStatus(stack, record, 'UPDATE_FAILED', env.now(), reason);
    return reason;
  };
  const props = resolveProperties(stack, prepared, res, mapperOf(res.type));
  if (typeof props === 'string') return fail(props);
  if (record.type === res.type && same(props, record.properties)) return undefined;
  const { mapper, notEmulated } = provisioner(stack, res, props);
  const before = snapshot(record);
  // A resource becoming, or ceasing to be, a placeholder is a new physical resource.
  const replace = record.type !== res.type || notEmulated !== record.notEmulated || !mapper.update || mapper.replaceOn.some((k) => !same(props[k], record.properties[k]));
  if (replace) {
    resourceStatus(stack, record, 'UPDATE_IN_PROGRESS', env.now(), 'Requested update requires the creation of a new physical resource; hence creating one.');
    touched.push({ logicalId: res.logicalId, kind: 'replaced', before });
    const fresh: StackResourceRecord = { ...snapshot(record), type: res.type, properties: props, attributes: {} };
    delete fresh.physicalId;
    try {
      const p = await mapper.create(resourceContext(env, stack, fresh, as), props);
      Object.assign(record, { type: res.type, physicalId: p.physicalId, properties: props, attributes: p.attributes });
      if (notEmulated !== undefined) record.notEmulated = notEmulated;
      else delete record.notEmulated;
    } catch (e) {
      if (fresh.physicalId) Object.assign(record, { physicalId: fresh.physicalId, properties: props });
      return fail(statusReason(mapper, e));
    }
    resourceStatus(stack, record, 'UPDATE_IN_PROGRESS', env.now(), 'Resource creation Initiated');
  } else {
    resourceStatus(stack, record, 'UPDATE_IN_PROGRESS', env.now());
    touched.push({ logicalId: res.logicalId, kind: 'updated', before });
    try {
      const p = await mapper.update!(resourceContext(env, stack, record, as), record.physicalId!, props, record.properties);
      record.properties = props;
      record.attributes = p.attributes;
    } catch (e) {
      return fail(statusReason(mapper, e));
    }
  }
  resourceStatus(stack, record, 'UPDATE_COMPLETE', env.now(), notEmulated);
  return undefined;
}
