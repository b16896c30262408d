/**
 * The order nodes run in, Terraform's: a node waits for everything it references and its depends_on; a cycle is a
 * problem naming the nodes caught in it.
 * https://developer.hashicorp.com/terraform/internals/graph
 * Known deviation: nodes run one at a time (Terraform walks independent nodes in parallel); ties keep declaration
 * order so runs are reproducible.
 */
import type { AddProblem } from './plan-blocks.js';
import type { PlanNode } from './plan-nodes.js';

/** Kahn's algorithm; among ready nodes the earliest declared goes first. */
export function dependencyOrder(nodes: PlanNode[], add: AddProblem): PlanNode[] {
  const known = new Set(nodes.map((n) => n.address));
  const remaining = new Map(nodes.map((n) => [n.address, new Set(n.deps.filter((d) => known.has(d)))]));
  const out: PlanNode[] = [];
  const done = new Set<string>();
  while (out.length < nodes.length) {
    const next = nodes.find((n) => !done.has(n.address) && [...remaining.get(n.address)!].every((d) => done.has(d)));
    if (!next) {
      const stuck = nodes.filter((n) => !done.has(n.address)).map((n) => n.address);
      add(stuck[0], `dependency cycle between ${stuck.join(', ')}`);
      return out;
    }
    out.push(next);
    done.add(next.address);
  }
  return out;
}
