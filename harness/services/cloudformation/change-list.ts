/**
 * A change set's change list: each planned resource compared with what the stack's resource was provisioned with
 * (Add, Modify, Remove), Replacement following each type's replace-on properties ("Conditional" where a property
 * cannot be resolved before provisioning).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html
 * Known deviation: Details lists are empty.
 */
import { hasService } from './available-services.js';
import type { Plan } from './provision.js';
import { resourceMapper } from './resources/registry.js';
import { same } from './resources/values.js';
import type { ChangeRecord, StackRecord } from './store.js';

/** The changes executing `plan` would make to `stack` (every resource is added when there is no stack yet). */
export function changesFor(stack: StackRecord | undefined, plan: Plan): ChangeRecord[] {
  const changes: ChangeRecord[] = [];
  const live = new Map([...(stack?.resources ?? new Map()).entries()].filter(([, r]) => r.status !== 'DELETE_COMPLETE'));
  const resolver = {
    ref: (id: string) => live.get(id)?.physicalId ?? `{{${id}}}`,
    getAtt: (id: string, attr: string) => live.get(id)?.attributes[attr] ?? `{{${id}.${attr}}}`,
  };
  for (const res of plan.prepared.resources) {
    const existing = live.get(res.logicalId);
    if (!existing) {
      changes.push({ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: res.logicalId, ResourceType: res.type, Scope: [], Details: [] } });
      continue;
    }
    let replacement: 'True' | 'False' | 'Conditional';
    try {
      const props = plan.prepared.resolveProperties(res.logicalId, resolver);
      if (existing.type === res.type && same(props, existing.properties)) continue;
      const mapper = resourceMapper(res.type, hasService);
      const replaced = existing.type !== res.type || !mapper?.update || mapper.replaceOn.some((k) => !same(props[k], existing.properties[k]));
      replacement = replaced ? 'True' : 'False';
    } catch {
      replacement = 'Conditional';
    }
    changes.push({
      Type: 'Resource',
      ResourceChange: {
        Action: 'Modify',
        LogicalResourceId: res.logicalId,
        ...(existing.physicalId ? { PhysicalResourceId: existing.physicalId } : {}),
        ResourceType: res.type,
        Replacement: replacement,
        Scope: ['Properties'],
        Details: [],
      },
    });
  }
  const kept = new Set(plan.prepared.creationOrder);
  for (const [id, r] of live) {
    if (kept.has(id)) continue;
    changes.push({
      Type: 'Resource',
      ResourceChange: { Action: 'Remove', LogicalResourceId: id, ...(r.physicalId ? { PhysicalResourceId: r.physicalId } : {}), ResourceType: r.type, Scope: [], Details: [] },
    });
  }
  return changes;
}
