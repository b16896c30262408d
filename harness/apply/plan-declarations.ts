/**
 * The resource and data blocks a module declares, by address (`type.name`, `data.type.name`), each with the mapper
 * that implements its type when there is one (a managed type xacct does not model gets a placeholder's). An address declared twice is a problem, as in Terraform.
 * https://developer.hashicorp.com/terraform/language/resources/syntax
 * https://developer.hashicorp.com/terraform/language/data-sources
 */
import { bodies, entries, type AddProblem, type Json } from './plan-blocks.js';
import { DATA_SOURCE_MAPPERS, RESOURCE_MAPPERS } from './resources/registry.js';
import { placeholderResource } from './resources/placeholder.js';
import type { DataSourceMapper, ResourceMapper } from './types.js';

export interface Declared {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  raw: Json;
  mapper?: ResourceMapper | DataSourceMapper;
  /** Has count or for_each: references to it index an instance first. */
  expanded?: boolean;
}

export function declaredBlocks(tf: Json, add: AddProblem): { declared: Declared[]; byAddress: Map<string, Declared> } {
  const declared: Declared[] = [];
  for (const [type, named] of entries(tf.resource)) {
    for (const [name, body] of entries(named)) {
      for (const b of bodies(body)) declared.push({ address: `${type}.${name}`, mode: 'managed', type, name, raw: b, mapper: RESOURCE_MAPPERS.get(type) ?? placeholderResource(type), expanded: 'count' in b || 'for_each' in b });
    }
  }
  for (const [type, named] of entries(tf.data)) {
    for (const [name, body] of entries(named)) {
      for (const b of bodies(body)) declared.push({ address: `data.${type}.${name}`, mode: 'data', type, name, raw: b, mapper: DATA_SOURCE_MAPPERS.get(type), expanded: 'count' in b || 'for_each' in b });
    }
  }
  const byAddress = new Map(declared.map((p) => [p.address, p]));
  const seen = new Set<string>();
  for (const p of declared) {
    if (seen.has(p.address)) add(p.address, `Duplicate ${p.mode === 'data' ? 'data' : 'resource'} "${p.type}" configuration: A ${p.mode === 'data' ? 'data' : 'resource'} named "${p.name}" was already declared. Resource names must be unique per type in each module.`);
    seen.add(p.address);
  }
  return { declared, byAddress };
}

/** Whether the block's type has this attribute; a type without a mapper is reported elsewhere, so it passes here. */
export function knownAttribute(p: Declared, attr: string): boolean {
  return !p.mapper || ('placeholder' in p.mapper && p.mapper.placeholder === true) || p.mapper.computed.includes(attr) || attr in p.mapper.schema;
}
