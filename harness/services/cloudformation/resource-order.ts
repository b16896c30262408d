/**
 * Which of a stack's resources a deletion touches and in what order: dependents before what they depend on, by the
 * template's dependency graph, skipping resources whose DeletionPolicy keeps them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 * Known deviation: resources are deleted one at a time (AWS deletes independent resources in parallel).
 */
import type { StackRecord } from './store.js';
import { buildDependencyGraph, deletionOrder, type Template } from './template/index.js';

/** Dependents first, by the template's dependency graph; ids the template does not know go first. */
export function orderForDeletion(template: Template, ids: string[]): string[] {
  const graph = buildDependencyGraph(template);
  const known = ids.filter((id) => graph.has(id));
  return [...ids.filter((id) => !graph.has(id)), ...deletionOrder(graph, known)];
}

export function retained(template: Template, logicalId: string): boolean {
  const policy = template.Resources[logicalId]?.DeletionPolicy;
  return policy === 'Retain' || policy === 'RetainExceptOnCreate';
}

export function liveResourceIds(stack: StackRecord): string[] {
  return [...stack.resources.values()].filter((r) => r.status !== 'DELETE_COMPLETE').map((r) => r.logicalId);
}
