/**
 * Stack provisioning: create, update and delete a stack's resources one at a time in dependency order, each call
 * made through the emulator's request path as the stack's acting principal, with AWS's stack and resource states
 * and events. A failed create rolls back (ROLLBACK_IN_PROGRESS → created resources deleted → ROLLBACK_COMPLETE);
 * a failed update restores the previous resources (UPDATE_ROLLBACK_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html (stack status codes)
 * Wordings: "The following resource(s) failed to create: [X]. Rollback requested by user." and
 * "Resource creation cancelled" (practitioner copies of console event lists, e.g.
 * https://github.com/aws-samples/amazon-connect-voice-to-chat — quoted in the search corpus), "User Initiated".
 * Known deviations: resources are created one at a time (AWS runs independent resources in parallel), and
 * DeletionPolicy Retain is honoured on stack deletion and update removal but not on the rollback of a create.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, isAwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import type { OperationContext } from '../types.js';
import { hasService } from './available-services.js';
import { resourceStatus, stackStatus, USER_INITIATED } from './events.js';
import { generatedName } from './resources/physical-name.js';
import { ResourceCallFailure, statusReason } from './resources/failure.js';
import { resourceMapper, unsupportedReason } from './resources/registry.js';
import type { Properties, ResourceContext, ResourceMapper } from './resources/types.js';
import { same } from './resources/values.js';
import type { CloudFormationStore, StackDefinition, StackRecord, StackResourceRecord } from './store.js';
import { buildDependencyGraph, deletionOrder, type PreparedResource, type PreparedStack, type ResourceResolver, type Template } from './template/index.js';

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

const NOT_FOUND = /NotFound|NoSuch/;

function mapperOf(type: string): ResourceMapper | undefined {
  return resourceMapper(type, hasService);
}

function resourceContext(env: ProvisionEnv, stack: StackRecord, record: StackResourceRecord, as: Principal, deleting = false): ResourceContext {
  return {
    stack: { stackName: stack.stackName, stackId: stack.stackId, account: stack.account, region: stack.region },
    logicalId: record.logicalId,
    async call<O>(service: string, operation: string, input: unknown, action?: string): Promise<O> {
      try {
        return await env.invoke<O>(service, operation, input, { as, region: stack.region });
      } catch (e) {
        // Deleting is "make it not exist": a piece that is already gone is not a failure.
        if (deleting && isAwsError(e) && (e.status === 404 || NOT_FOUND.test(e.code))) return {} as O;
        throw new ResourceCallFailure(action ?? `${service}:${operation}`, e, randomUUID());
      }
    },
    created(physicalId) {
      record.physicalId = physicalId;
    },
    generatedName: (opts) => generatedName(stack.stackName, record.logicalId, opts),
  };
}

function resolver(stack: StackRecord): ResourceResolver {
  return {
    ref(id) {
      const r = stack.resources.get(id);
      if (!r?.physicalId) throw new AwsError('ValidationError', 400, `Template format error: Unresolved resource dependencies [${id}] in the Resources block of the template`);
      return r.physicalId;
    },
    getAtt(id, attribute) {
      const v = stack.resources.get(id)?.attributes[attribute];
      if (v === undefined) throw new AwsError('ValidationError', 400, `Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
      return v;
    },
  };
}

function failureText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Properties for one resource, or the reason they cannot be had. */
function resolve(stack: StackRecord, prepared: PreparedStack, res: PreparedResource, mapper: ResourceMapper): Properties | string {
  let props: Properties;
  try {
    props = prepared.resolveProperties(res.logicalId, resolver(stack));
  } catch (e) {
    return failureText(e);
  }
  const missing = (mapper.required ?? []).filter((k) => props[k] === undefined);
  if (missing.length > 0) {
    return `Properties validation failed for resource ${res.logicalId} with message: [${missing.map((k) => `#: required key [${k}] not found`).join(', ')}]`;
  }
  return props;
}

/** Creates one resource; returns the failure reason, if any. */
async function createOne(env: ProvisionEnv, stack: StackRecord, prepared: PreparedStack, res: PreparedResource, as: Principal): Promise<string | undefined> {
  const record: StackResourceRecord = { logicalId: res.logicalId, type: res.type, status: '', timestamp: env.now(), properties: {}, attributes: {} };
  stack.resources.set(res.logicalId, record);
  resourceStatus(stack, record, 'CREATE_IN_PROGRESS', env.now());
  const fail = (reason: string) => {
    resourceStatus(stack, record, 'CREATE_FAILED', env.now(), reason);
    return reason;
  };
  const mapper = mapperOf(res.type);
  if (!mapper) return fail(unsupportedReason(res.type));
  const props = resolve(stack, prepared, res, mapper);
  if (typeof props === 'string') return fail(props);
  record.properties = props;
  try {
    const p = await mapper.create(resourceContext(env, stack, record, as), props);
    record.physicalId = p.physicalId;
    record.attributes = p.attributes;
  } catch (e) {
    return fail(statusReason(mapper, e));
  }
  resourceStatus(stack, record, 'CREATE_IN_PROGRESS', env.now(), 'Resource creation Initiated');
  resourceStatus(stack, record, 'CREATE_COMPLETE', env.now());
  return undefined;
}

/** Deletes one resource as it was last provisioned; returns the failure reason, if any. */
async function deleteOne(env: ProvisionEnv, stack: StackRecord, record: StackResourceRecord, as: Principal, props = record.properties, physicalId = record.physicalId): Promise<string | undefined> {
  if (!physicalId) {
    resourceStatus(stack, record, 'DELETE_COMPLETE', env.now());
    return undefined;
  }
  const mapper = mapperOf(record.type);
  const shown = { ...record, physicalId };
  resourceStatus(stack, shown, 'DELETE_IN_PROGRESS', env.now());
  if (!mapper) {
    const reason = unsupportedReason(record.type);
    resourceStatus(stack, shown, 'DELETE_FAILED', env.now(), reason);
    return reason;
  }
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

/** Dependents first, by the template's dependency graph; ids the template does not know go first. */
export function orderForDeletion(template: Template, ids: string[]): string[] {
  const graph = buildDependencyGraph(template);
  const known = ids.filter((id) => graph.has(id));
  return [...ids.filter((id) => !graph.has(id)), ...deletionOrder(graph, known)];
}

function retained(template: Template, logicalId: string): boolean {
  const policy = template.Resources[logicalId]?.DeletionPolicy;
  return policy === 'Retain' || policy === 'RetainExceptOnCreate';
}

/** Publishes outputs and exports; returns the failure reason when an export name is taken by another stack. */
function publishOutputs(env: ProvisionEnv, stack: StackRecord, prepared: PreparedStack): string | undefined {
  let outputs;
  try {
    outputs = prepared.resolveOutputs(resolver(stack));
  } catch (e) {
    return failureText(e);
  }
  for (const o of outputs) {
    if (o.ExportName === undefined) continue;
    const existing = env.store.exports.get(o.ExportName);
    if (existing && existing.stackId !== stack.stackId) {
      const other = env.store.stacks.get(existing.stackId);
      return `Export with name ${o.ExportName} is already exported by stack ${other?.stackName ?? existing.stackId}`;
    }
  }
  for (const [name, e] of env.store.exports) if (e.stackId === stack.stackId) env.store.exports.delete(name);
  for (const o of outputs) {
    if (o.ExportName !== undefined) env.store.exports.set(o.ExportName, { name: o.ExportName, value: o.OutputValue, stackId: stack.stackId });
  }
  stack.outputs = outputs;
  return undefined;
}

function removeExports(env: ProvisionEnv, stack: StackRecord): void {
  for (const [name, e] of env.store.exports) if (e.stackId === stack.stackId) env.store.exports.delete(name);
}

function liveResourceIds(stack: StackRecord): string[] {
  return [...stack.resources.values()].filter((r) => r.status !== 'DELETE_COMPLETE').map((r) => r.logicalId);
}

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

interface Touched {
  logicalId: string;
  kind: 'created' | 'updated' | 'replaced';
  /** The resource before this update (updated, replaced). */
  before?: StackResourceRecord;
}

function snapshot(r: StackResourceRecord): StackResourceRecord {
  return { ...r, properties: structuredClone(r.properties), attributes: structuredClone(r.attributes) };
}

/** Updates one existing resource in place or by replacement; returns the failure reason, if any. */
async function updateOne(env: ProvisionEnv, stack: StackRecord, prepared: PreparedStack, res: PreparedResource, as: Principal, touched: Touched[]): Promise<string | undefined> {
  const record = stack.resources.get(res.logicalId)!;
  const mapper = mapperOf(res.type);
  const fail = (reason: string) => {
    resourceStatus(stack, record, 'UPDATE_FAILED', env.now(), reason);
    return reason;
  };
  if (!mapper) return fail(unsupportedReason(res.type));
  const props = resolve(stack, prepared, res, mapper);
  if (typeof props === 'string') return fail(props);
  if (record.type === res.type && same(props, record.properties)) return undefined;
  const before = snapshot(record);
  const replace = record.type !== res.type || !mapper.update || mapper.replaceOn.some((k) => !same(props[k], record.properties[k]));
  if (replace) {
    resourceStatus(stack, record, 'UPDATE_IN_PROGRESS', env.now(), 'Requested update requires the creation of a new physical resource; hence creating one.');
    touched.push({ logicalId: res.logicalId, kind: 'replaced', before });
    const fresh: StackResourceRecord = { ...snapshot(record), type: res.type, properties: props, attributes: {} };
    delete fresh.physicalId;
    try {
      const p = await mapper.create(resourceContext(env, stack, fresh, as), props);
      Object.assign(record, { type: res.type, physicalId: p.physicalId, properties: props, attributes: p.attributes });
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
  resourceStatus(stack, record, 'UPDATE_COMPLETE', env.now());
  return undefined;
}

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

function adopt(stack: StackRecord, definition: StackDefinition): void {
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

/** Runs a stack operation in the background; an unexpected error fails the stack instead of escaping. */
export function startOperation(stack: StackRecord, failedStatus: string, run: () => Promise<void>, log?: (m: string) => void): void {
  const previous = stack.settled;
  stack.settled = previous
    .then(run)
    .catch((e: unknown) => {
      log?.(`xacct cloudformation: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      stack.statusReason = `Internal failure: ${failureText(e)}`;
      stack.status = failedStatus;
    });
}

