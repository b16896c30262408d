/**
 * Turns one Terraform JSON document (a cdktf stack or hand-written *.tf.json files merged) into an ordered plan,
 * validating everything before any call: resource and data-source types, arguments and nested blocks, expression
 * syntax, functions, references and their attributes, providers and their accounts, depends_on, and cycles.
 * The phases, each in its own file: variables and locals (plan-values.ts), providers (plan-providers.ts), declared
 * blocks (plan-declarations.ts), references (plan-references.ts), nodes (plan-nodes.ts), outputs (here) and
 * dependency order (plan-order.ts). Problems are collected across all phases so one run reports them all.
 * Order is Terraform's: a node waits for everything it references and its depends_on
 * (https://developer.hashicorp.com/terraform/internals/graph); ties keep declaration order.
 * Deviations: count, for_each, dynamic blocks, modules, provisioners and non-AWS providers are rejected.
 */
import { compileJson, type Expr, type Value } from './expressions.js';
import type { ConfigProblem } from './errors.js';
import { entries, isObject, type AddProblem, type Json } from './plan-blocks.js';
import { declaredBlocks } from './plan-declarations.js';
import { planNode, type PlanNode } from './plan-nodes.js';
import { dependencyOrder } from './plan-order.js';
import { planProviders } from './plan-providers.js';
import { referenceChecker, type ReferencesOf } from './plan-references.js';
import { planLocals, planVariables, staticEvaluator } from './plan-values.js';

export type { PlanNode } from './plan-nodes.js';

export interface ModulePlan {
  stack?: string;
  nodes: PlanNode[];
  locals: Map<string, Expr>;
  variables: Map<string, Value>;
  outputs: Map<string, Expr>;
}

export interface PlanOptions {
  providerAccounts?: Record<string, string>;
  variables?: Record<string, Value>;
}

const TOP_LEVEL = new Set(['//', 'resource', 'data', 'provider', 'terraform', 'locals', 'variable', 'output']);

/** cdktf records the stack's name in the document's "//" metadata. */
function stackName(tf: Json): string | undefined {
  const meta = isObject(tf['//']) && isObject((tf['//'] as Json).metadata) ? ((tf['//'] as Json).metadata as Json) : undefined;
  return typeof meta?.stackName === 'string' ? meta.stackName : undefined;
}

function planOutputs(tf: Json, referencesOf: ReferencesOf, add: AddProblem): Map<string, Expr> {
  const outputs = new Map<string, Expr>();
  for (const [name, decl] of entries(tf.output)) {
    if (!isObject(decl) || !('value' in decl)) {
      add(`output.${name}`, 'missing "value"');
      continue;
    }
    try {
      const e = compileJson(decl.value);
      referencesOf(e, `output.${name}`);
      outputs.set(name, e);
    } catch (e) {
      add(`output.${name}`, (e as Error).message);
    }
  }
  return outputs;
}

export function planModule(tf: Json, opts: PlanOptions = {}): { plan: ModulePlan; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const add: AddProblem = (address, message) => problems.push({ address, message });
  for (const k of Object.keys(tf)) {
    if (!TOP_LEVEL.has(k)) add(k, `unsupported top-level block "${k}"`);
  }
  const variables = planVariables(tf, opts.variables, add);
  const locals = planLocals(tf, add);
  const providerFor = planProviders(tf, staticEvaluator(variables, locals), opts.providerAccounts, add);
  const { declared, byAddress } = declaredBlocks(tf, add);
  const referencesOf = referenceChecker({ tf, variables, locals, byAddress }, add);
  const nodes = declared.flatMap((p) => planNode(p, { referencesOf, providerFor, byAddress }, add) ?? []);
  const outputs = planOutputs(tf, referencesOf, add);
  return { plan: { stack: stackName(tf), nodes: dependencyOrder(nodes, add), locals, variables, outputs }, problems };
}
