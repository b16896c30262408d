/**
 * What a resource mapper works with while a stack is provisioned: calls made through the emulator's request path as
 * the stack's acting principal (so each creation is authorized like a request), Ref and Fn::GetAtt answered from
 * the resources provisioned so far, and the resolved properties checked against the type's required keys.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-type-schemas.html (required properties)
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html
 * Known deviation: a delete that finds its piece already gone (404 or a NotFound/NoSuch code) counts as done, as
 * CloudFormation's handlers do, whatever the service's own wording.
 */
import { randomUUID } from 'node:crypto';
import { isAwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import { hasService } from './available-services.js';
import { generatedName } from './resources/physical-name.js';
import { ResourceCallFailure } from './resources/failure.js';
import { placeholderMapper } from './resources/placeholder.js';
import { placeholderAttribute } from './resources/placeholder-formats.js';
import { resourceMapper } from './resources/registry.js';
import type { Properties, ResourceContext, ResourceMapper } from './resources/types.js';
import type { ProvisionEnv } from './provision.js';
import type { StackRecord, StackResourceRecord } from './store.js';
import type { PreparedResource, PreparedStack, ResourceResolver } from './template/index.js';
import { ValidationError } from './errors.js';

const NOT_FOUND = /NotFound|NoSuch/;

/** The type's mapper, or a placeholder when xacct does not model the type (or its service is not registered). */
export function mapperOf(type: string): ResourceMapper {
  return resourceMapper(type, hasService) ?? placeholderMapper(type);
}

/** The mapper a provisioned resource was made with: its type's, or a placeholder's when it was made as one. */
export function mapperFor(record: StackResourceRecord): ResourceMapper {
  return record.notEmulated !== undefined ? placeholderMapper(record.type) : mapperOf(record.type);
}

export function failureText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function resourceContext(env: ProvisionEnv, stack: StackRecord, record: StackResourceRecord, as: Principal, deleting = false): ResourceContext {
  return {
    stack: { stackName: stack.stackName, stackId: stack.stackId, account: stack.account, region: stack.region, capabilities: stack.capabilities },
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
    async settledStack(stackId) {
      const child = env.store.stacks.get(stackId);
      if (!child) return { status: 'DELETE_COMPLETE', outputs: {} };
      // The nested stack's operation runs in the background, as any stack's: wait for it to leave *_IN_PROGRESS.
      for (let i = 0; child.status.endsWith('_IN_PROGRESS') && child.status !== 'REVIEW_IN_PROGRESS' && i < 600_000; i++) {
        await new Promise((r) => setImmediate(r));
      }
      const reason = child.events.find((e) => e.LogicalResourceId === child.stackName && e.ResourceStatusReason !== undefined && e.ResourceStatusReason !== 'User Initiated');
      return {
        status: child.status,
        ...(reason ? { reason: reason.ResourceStatusReason! } : {}),
        outputs: Object.fromEntries(child.outputs.map((o) => [o.OutputKey, o.OutputValue])),
      };
    },
  };
}

export function resolver(stack: StackRecord): ResourceResolver {
  return {
    ref(id) {
      const r = stack.resources.get(id);
      if (!r?.physicalId) throw ValidationError(`Template format error: Unresolved resource dependencies [${id}] in the Resources block of the template`);
      return r.physicalId;
    },
    getAtt(id, attribute) {
      const r = stack.resources.get(id);
      const v = r?.attributes[attribute];
      if (v === undefined && r?.physicalId && r.notEmulated !== undefined) return placeholderAttribute(r.type, id, attribute);
      if (v === undefined) throw ValidationError(`Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
      return v;
    },
  };
}

/** Properties for one resource, or the reason they cannot be had. */
export function resolveProperties(stack: StackRecord, prepared: PreparedStack, res: PreparedResource, mapper: ResourceMapper): Properties | string {
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
