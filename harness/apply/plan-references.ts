/**
 * References and function calls in expressions, checked before any call as `terraform validate` does: each
 * var.*, local.*, resource and data reference must name a declaration (and an attribute its type has), local values
 * must not form a cycle, and every function must be one the evaluator implements. What a reference names becomes a
 * dependency of the node that holds it; a reference through a local value depends on what the local references.
 * https://developer.hashicorp.com/terraform/language/expressions/references
 * Known deviation: count, each, self, path, terraform and module references are rejected.
 */
import { walk, type Expr, type Value } from './expressions.js';
import { FUNCTIONS } from './evaluate.js';
import { entries, type AddProblem, type Json } from './plan-blocks.js';
import { knownAttribute, type Declared } from './plan-declarations.js';

/** Checks an expression's references and functions; returns the node addresses it depends on. */
export type ReferencesOf = (e: Expr, where: string) => Set<string>;

export interface ReferenceScope {
  tf: Json;
  variables: Map<string, Value>;
  locals: Map<string, Expr>;
  byAddress: Map<string, Declared>;
}

const UNSUPPORTED_ROOTS = ['count', 'each', 'self', 'path', 'terraform', 'module'];

export function referenceChecker({ tf, variables, locals, byAddress }: ReferenceScope, add: AddProblem): ReferencesOf {
  const localDeps = new Map<string, Set<string>>();
  const referencesOf = (e: Expr, where: string, stackOfLocals: string[] = []): Set<string> => {
    const deps = new Set<string>();
    walk(e, (x) => {
      if (x.kind === 'call' && !FUNCTIONS[x.name]) add(where, `unsupported function "${x.name}" in ${x.name}(...)`);
      if (x.kind !== 'traversal') return;
      const attrs = x.steps.map((s) => ('attr' in s ? s.attr : undefined));
      if (x.root === 'var') {
        if (!attrs[0] || (!variables.has(attrs[0]) && !entries(tf.variable).some(([n]) => n === attrs[0]))) add(where, `reference to undeclared variable ${x.text}`);
      } else if (x.root === 'local') {
        const name = attrs[0];
        if (!name || !locals.has(name)) add(where, `reference to undeclared local value ${x.text}`);
        else if (stackOfLocals.includes(name)) add(where, `local value cycle: ${[...stackOfLocals, name].join(' -> ')}`);
        else {
          let d = localDeps.get(name);
          if (!d) {
            d = referencesOf(locals.get(name)!, `local.${name}`, [...stackOfLocals, name]);
            localDeps.set(name, d);
          }
          d.forEach((a) => deps.add(a));
        }
      } else if (x.root === 'data') {
        const address = `data.${attrs[0]}.${attrs[1]}`;
        const target = byAddress.get(address);
        if (!attrs[0] || !attrs[1] || !target) add(where, `reference to undeclared data source ${x.text}`);
        else {
          if (attrs[2] !== undefined && !knownAttribute(target, attrs[2])) add(where, `unsupported attribute "${attrs[2]}" of ${target.type} in ${x.text}`);
          deps.add(address);
        }
      } else if (UNSUPPORTED_ROOTS.includes(x.root)) {
        add(where, `unsupported reference ${x.text}`);
      } else {
        const address = `${x.root}.${attrs[0]}`;
        const target = byAddress.get(address);
        if (!attrs[0] || !target) add(where, `reference to undeclared resource ${x.text}`);
        else {
          if (attrs[1] !== undefined && !knownAttribute(target, attrs[1])) add(where, `unsupported attribute "${attrs[1]}" of ${target.type} in ${x.text}`);
          deps.add(address);
        }
      }
    });
    return deps;
  };
  return (e, where) => referencesOf(e, where);
}
