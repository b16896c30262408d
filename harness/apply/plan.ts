/**
 * Turns one Terraform JSON document (a cdktf stack or hand-written *.tf.json files merged) into an ordered plan,
 * validating everything before any call: resource and data-source types, arguments and nested blocks, expression
 * syntax, functions, references and their attributes, providers and their accounts, depends_on, and cycles.
 * The phases, each in its own file: variables and locals (plan-values.ts), providers (plan-providers.ts), declared
 * blocks (plan-declarations.ts), references (plan-references.ts), nodes (plan-nodes.ts), outputs (here) and
 * dependency order (plan-order.ts). Problems are collected across all phases so one run reports them all.
 * Order is Terraform's: a node waits for everything it references and its depends_on
 * (https://developer.hashicorp.com/terraform/internals/graph); ties keep declaration order.
 * Modules are planned as one graph (plan-scope.ts): a resource in a child waits for what its inputs reference.
 * Deviations: provisioners and non-AWS providers are rejected.
 */
import type { Expr, Value } from './expressions.js';
import type { ConfigProblem } from './errors.js';
import { isObject, type AddProblem, type Json } from './plan-blocks.js';
import { depAddress, planNode, type PlanNode } from './plan-nodes.js';
import { parseExpression } from './expressions.js';
import { XACCT_KEY } from './load-hcl.js';
import { dependencyOrder } from './plan-order.js';
import { ReferenceGraph } from './plan-references.js';
import { allScopes, rootScope, type ModuleScope } from './plan-scope.js';

export type { PlanNode } from './plan-nodes.js';
export type { ModuleScope } from './plan-scope.js';

export interface ModulePlan {
  stack?: string;
  nodes: PlanNode[];
  root: ModuleScope;
  locals: Map<string, Expr>;
  variables: Map<string, Value>;
  outputs: Map<string, Expr>;
  /** Terraform's warnings (legacy syntax read as Terraform 0.12 to 0.14 read it). */
  warnings: string[];
}

export interface PlanOptions {
  providerAccounts?: Record<string, string>;
  variables?: Record<string, Value>;
}

/** cdktf records the stack's name in the document's "//" metadata. */
function stackName(tf: Json): string | undefined {
  const meta = isObject(tf['//']) && isObject((tf['//'] as Json).metadata) ? ((tf['//'] as Json).metadata as Json) : undefined;
  return typeof meta?.stackName === 'string' ? meta.stackName : undefined;
}

/** Where the block a problem concerns is written (.tf files only): the deepest module whose prefix the address has. */
function locate(root: ModuleScope, address: string): string | undefined {
  let scope = root;
  for (;;) {
    const child = [...scope.children.values()].find((c) => address.startsWith(c.prefix));
    if (!child) break;
    scope = child;
  }
  const positions = (scope.tf[XACCT_KEY] as { positions?: Record<string, string> } | undefined)?.positions ?? {};
  const local = address.slice(scope.prefix.length).replace(/\[[^\]]*\]$/, '');
  if (positions[local]) return positions[local];
  if (/^provider\.aws\./.test(local)) return positions['provider.aws'];
  // A problem of a module call (`module.a`) is in its parent.
  const parentPositions = (scope.parent?.tf[XACCT_KEY] as { positions?: Record<string, string> } | undefined)?.positions;
  return address === scope.path ? parentPositions?.[`module.${address.split('.').pop()}`] : undefined;
}

/** A module call's depends_on: every node of the module (and of its children) waits for what it names. */
function moduleDependsOn(nodes: PlanNode[], graph: ReferenceGraph, add: AddProblem): void {
  const memo = new Map<ModuleScope, Set<string>>();
  const of = (scope: ModuleScope): Set<string> => {
    let deps = memo.get(scope);
    if (deps) return deps;
    deps = new Set(scope.parent ? of(scope.parent) : []);
    memo.set(scope, deps);
    for (const raw of scope.callDependsOn) {
      const address = depAddress(raw);
      const parent = scope.parent!;
      const whole = address && /^module\.([\w-]+)$/.exec(address);
      const child = whole ? parent.children.get(whole[1]!) : undefined;
      try {
        if (child) nodes.filter((n) => n.address.startsWith(child.prefix)).forEach((n) => deps!.add(n.address));
        else if (address) graph.checker(parent)(parseExpression(address), scope.path).forEach((d) => deps!.add(d));
        else add(scope.path, `invalid depends_on entry ${JSON.stringify(raw)}`);
      } catch (e) {
        add(scope.path, `invalid depends_on entry ${JSON.stringify(raw)}: ${(e as Error).message}`);
      }
    }
    return deps;
  };
  for (const n of nodes) for (const d of of(n.scope)) if (d !== n.address && !n.deps.includes(d)) n.deps.push(d);
}

export function planModule(tf: Json, opts: PlanOptions = {}): { plan: ModulePlan; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const bySummary = new Map<string, { detail: string; subjects: string[] }>();
  const add: AddProblem = (address, message) => problems.push({ address, message });
  const root = rootScope(tf, opts, add, (summary, subject, detail) => {
    const w = bySummary.get(summary) ?? { detail, subjects: [] };
    w.subjects.push(subject);
    bySummary.set(summary, w);
  });
  const warnings = [...bySummary].map(([summary, w]) => `Warning: ${summary}: ${w.detail} On: ${w.subjects.join('; ')}.`);
  const graph = new ReferenceGraph(add);
  const nodes: PlanNode[] = [];
  for (const scope of allScopes(root)) {
    const referencesOf = graph.checker(scope);
    for (const p of scope.declared) {
      const n = planNode(p, { referencesOf, providerFor: scope.providerFor, byAddress: scope.byAddress, scope }, add);
      if (n) nodes.push(n);
    }
    for (const [name, e] of scope.outputs) referencesOf(e, `${scope.prefix}output.${name}`);
    // A module call's arguments are the parent's expressions.
    if (scope.parent) {
      const inParent = graph.checker(scope.parent);
      const bound = new Set(scope.bound ? [...scope.bound.keys()] : []);
      for (const [name, e] of scope.inputs) inParent(e, `${scope.path}.${name}`, bound);
    }
  }
  moduleDependsOn(nodes, graph, add);
  for (const p of [...problems, ...nodes]) {
    const at = locate(root, p.address);
    if (at) p.at = at;
  }
  const plan: ModulePlan = {
    stack: stackName(tf),
    nodes: dependencyOrder(nodes, add),
    root,
    locals: root.locals,
    variables: root.variables,
    outputs: root.outputs,
    warnings,
  };
  return { plan, problems };
}
