/**
 * Resource dependencies, as CloudFormation derives them: a resource depends on every resource it names with
 * Ref, Fn::GetAtt or an Fn::Sub variable, and on those listed in DependsOn. Creation follows a topological
 * order; deletion is its reverse; a cycle is refused before anything is created.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
 *
 * Deviation: CloudFormation creates independent resources in parallel; this order is one valid sequence,
 * chosen stably (template order among resources that are ready at the same time).
 */
import { ValidationError } from '../errors.js';
import type { ResourceDeclaration, Template, TemplateValue } from './types.js';
import { asIntrinsic, isObject, subVariables, visit } from './walk.js';

export interface Reference {
  /** Logical id, parameter or pseudo parameter named. */
  name: string;
  kind: 'Ref' | 'GetAtt' | 'Sub';
  /** Attribute for GetAtt and `${Res.Attr}` (absent when computed by an intrinsic). */
  attribute?: string;
}

/** Every name a value refers to, in order of appearance. Names defined by an Fn::Sub variable map are skipped. */
export function collectReferences(value: TemplateValue): Reference[] {
  const found: Reference[] = [];
  visit(value, '', (node) => {
    const fn = asIntrinsic(node);
    if (!fn) return;
    if (fn.name === 'Ref' && typeof fn.arg === 'string') found.push({ name: fn.arg, kind: 'Ref' });
    else if (fn.name === 'Fn::GetAtt') {
      const target = getAttTarget(fn.arg);
      if (!target) return;
      const ref: Reference = { name: target.resource, kind: 'GetAtt' };
      if (typeof target.attribute === 'string') ref.attribute = target.attribute;
      found.push(ref);
    } else if (fn.name === 'Fn::Sub') {
      const [text, vars] = Array.isArray(fn.arg) ? [fn.arg[0], fn.arg[1]] : [fn.arg, undefined];
      if (typeof text !== 'string') return;
      const local = isObject(vars) ? new Set(Object.keys(vars)) : new Set<string>();
      for (const name of subVariables(text)) {
        if (local.has(name)) continue;
        const dot = name.indexOf('.');
        if (dot < 0) found.push({ name, kind: 'Sub' });
        else found.push({ name: name.slice(0, dot), kind: 'Sub', attribute: name.slice(dot + 1) });
      }
    }
  });
  return found;
}

/** `["Res", "Attr"]` or the JSON string form `"Res.Attr"`. */
export function getAttTarget(arg: TemplateValue): { resource: string; attribute: TemplateValue } | undefined {
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    return dot < 0 ? undefined : { resource: arg.slice(0, dot), attribute: arg.slice(dot + 1) };
  }
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && arg[0] !== '') {
    return { resource: arg[0], attribute: arg[1]! };
  }
  return undefined;
}

export function dependsOnList(resource: ResourceDeclaration): string[] {
  const d = resource.DependsOn;
  if (d === undefined) return [];
  return Array.isArray(d) ? d : [d];
}

/** logicalId → the resources it depends on (direct), in template order of first mention. */
export type DependencyGraph = Map<string, string[]>;

export function buildDependencyGraph(template: Template): DependencyGraph {
  const resourceIds = new Set(Object.keys(template.Resources));
  const graph: DependencyGraph = new Map();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const deps = new Set<string>();
    for (const ref of collectReferences((resource.Properties ?? {}) as TemplateValue)) {
      if (resourceIds.has(ref.name)) deps.add(ref.name);
    }
    for (const dep of dependsOnList(resource)) if (resourceIds.has(dep)) deps.add(dep);
    graph.set(id, [...deps]);
  }
  return graph;
}

/**
 * Topological creation order of `ids` (default: all), considering only dependencies inside `ids`.
 * Throws CloudFormation's circular-dependency ValidationError naming every resource that cannot be ordered.
 */
export function creationOrder(graph: DependencyGraph, ids: readonly string[] = [...graph.keys()]): string[] {
  const included = new Set(ids);
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of ids) {
    const deps = (graph.get(id) ?? []).filter((d) => included.has(d) && d !== id);
    remaining.set(id, deps.length + ((graph.get(id) ?? []).includes(id) ? 1 : 0));
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
  }
  const position = new Map(ids.map((id, i) => [id, i]));
  const ready = ids.filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length < ids.length) {
    const stuck = ids.filter((id) => !order.includes(id));
    throw ValidationError(`Circular dependency between resources: [${stuck.join(', ')}]`);
  }
  return order;
}

/** Deletion goes dependents-first: the reverse of the creation order. */
export function deletionOrder(graph: DependencyGraph, ids: readonly string[] = [...graph.keys()]): string[] {
  return creationOrder(graph, ids).reverse();
}
