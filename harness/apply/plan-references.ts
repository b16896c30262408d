/**
 * References and function calls in expressions, checked before any call as `terraform validate` does: each
 * var.*, local.*, module.*, resource and data reference must name a declaration (and an attribute its type has),
 * local values and module inputs must not form a cycle, and every function must be one the evaluator implements.
 * What a reference names becomes a dependency of the node that holds it; a reference through a local value, a
 * module input (`var.x` in a child, the argument of the module call) or a module output (`module.m.o`) depends on
 * what that expression references, in its own module: Terraform's graph has no node for a module as a whole.
 * https://developer.hashicorp.com/terraform/language/expressions/references
 * https://developer.hashicorp.com/terraform/language/modules/syntax#accessing-module-output-values
 * Known deviation: `self` (provisioners only) is rejected.
 */
import { walk, type Expr } from './expressions.js';
import { FUNCTIONS } from './evaluate.js';
import type { AddProblem } from './plan-blocks.js';
import { knownAttribute } from './plan-declarations.js';
import type { ModuleScope } from './plan-scope.js';

/** Checks an expression's references in a module; returns the global node addresses it depends on. */
export type ReferencesOf = (e: Expr, where: string, bound?: ReadonlySet<string>) => Set<string>;

const VALID_PATH = ['module', 'root', 'cwd'];

export class ReferenceGraph {
  private readonly memo = new Map<string, Set<string>>();
  constructor(private readonly add: AddProblem) {}

  /** The checker for one module's expressions. */
  checker(scope: ModuleScope): ReferencesOf {
    return (e, where, bound) => this.of(scope, e, where, [], bound ?? new Set());
  }

  /** Dependencies of a named value (local, module input, module output), computed once, cycles reported. */
  private through(key: string, stack: string[], where: string, compute: (stack: string[]) => Set<string>): Set<string> {
    if (stack.includes(key)) {
      this.add(where, `Cycle: ${[...stack.slice(stack.indexOf(key)), key].join(' -> ')}`);
      return new Set();
    }
    let d = this.memo.get(key);
    if (!d) {
      d = compute([...stack, key]);
      this.memo.set(key, d);
    }
    return d;
  }

  of(scope: ModuleScope, e: Expr, where: string, stack: string[], outerBound: ReadonlySet<string>): Set<string> {
    const deps = new Set<string>();
    const addAll = (s: Set<string>) => s.forEach((a) => deps.add(a));
    const inModule = scope.path ? ` in ${scope.path}` : '';
    walk(
      e,
      (x, bound) => {
        if (x.kind === 'call' && !FUNCTIONS[x.name]) this.add(where, `Call to unknown function: There is no function named "${x.name}".`);
        if (x.kind !== 'traversal' || bound.has(x.root)) return;
        const attrs = x.steps.map((s) => ('attr' in s ? s.attr : undefined));
        const [a0, a1, a2] = attrs;
        switch (x.root) {
          case 'var': {
            const name = a0;
            if (!name || !scope.variableDecls.has(name)) {
              this.add(where, `Reference to undeclared input variable: An input variable with the name "${name ?? ''}" has not been declared${inModule}. (${x.text})`);
            } else if (scope.inputs.has(name) && scope.parent) {
              const parent = scope.parent;
              addAll(this.through(`${scope.prefix}var.${name}`, stack, where, (st) => this.of(parent, scope.inputs.get(name)!, `${scope.path}.${name}`, st, new Set(scope.bound ? [...scope.bound.keys()] : []))));
            }
            return;
          }
          case 'local': {
            const name = a0;
            if (!name || !scope.locals.has(name)) this.add(where, `Reference to undeclared local value: A local value with the name "${name ?? ''}" has not been declared${inModule}. (${x.text})`);
            else addAll(this.through(`${scope.prefix}local.${name}`, stack, where, (st) => this.of(scope, scope.locals.get(name)!, `${scope.prefix}local.${name}`, st, new Set())));
            return;
          }
          case 'module': {
            const outputsOf = (child: ModuleScope, out: string | undefined) => {
              for (const o of out !== undefined ? [out] : [...child.outputs.keys()]) {
                const e = child.outputs.get(o);
                if (!e) {
                  this.add(where, `Unsupported attribute: This object does not have an attribute named "${o}". (${x.text}: ${child.path} has no output "${o}")`);
                  continue;
                }
                addAll(this.through(`${child.prefix}output.${o}`, stack, where, (st) => this.of(child, e, `${child.path}.output.${o}`, st, new Set())));
              }
            };
            const group = a0 ? scope.instances.get(a0) : undefined;
            if (group) {
              // module.a[key].out: the output of each instance (the key may be computed).
              for (const child of group.scopes.values()) outputsOf(child, a2);
              return;
            }
            const child = a0 ? scope.children.get(a0) : undefined;
            if (!child) {
              this.add(where, `Reference to undeclared module: No module call named "${a0 ?? ''}" is declared${inModule || ' in the root module'}. (${x.text})`);
              return;
            }
            outputsOf(child, a1);
            return;
          }
          case 'path':
            if (!a0 || !VALID_PATH.includes(a0)) this.add(where, `Invalid "path" attribute: The "path" object does not have an attribute named "${a0 ?? ''}". (${x.text})`);
            return;
          case 'terraform':
            if (a0 !== 'workspace') this.add(where, `Invalid "terraform" attribute: The "terraform" object does not have an attribute named "${a0 ?? ''}". (${x.text})`);
            return;
          case 'count':
          case 'each':
            if (!outerBound.has(x.root)) {
              this.add(
                where,
                x.root === 'count'
                  ? `Reference to "count" in non-counted context: The "count" object can only be used in "module", "resource", and "data" blocks, and only when the "count" argument is set. (${x.text})`
                  : `Reference to "each" in context without for_each: The "each" object can be used only in "module" or "resource" blocks, and only when the "for_each" argument is set. (${x.text})`,
              );
            }
            return;
          case 'self':
            this.add(where, `unsupported reference ${x.text}`);
            return;
          case 'data': {
            const address = `data.${a0}.${a1}`;
            const target = scope.byAddress.get(address);
            if (!a0 || !a1 || !target) this.add(where, `Reference to undeclared resource: A data resource "${a0 ?? ''}" "${a1 ?? ''}" has not been declared${inModule || ' in the root module'}. (${x.text})`);
            else {
              if (a2 !== undefined && !target.expanded && !knownAttribute(target, a2)) this.add(where, `Unsupported attribute: This object has no argument, nested block, or exported attribute named "${a2}". (${x.text})`);
              deps.add(scope.prefix + address);
            }
            return;
          }
          default: {
            const address = `${x.root}.${a0}`;
            const target = scope.byAddress.get(address);
            if (!a0 || !target) this.add(where, `Reference to undeclared resource: A managed resource "${x.root}" "${a0 ?? ''}" has not been declared${inModule || ' in the root module'}. (${x.text})`);
            else {
              if (a1 !== undefined && !target.expanded && !knownAttribute(target, a1)) this.add(where, `Unsupported attribute: This object has no argument, nested block, or exported attribute named "${a1}". (${x.text})`);
              deps.add(scope.prefix + address);
            }
          }
        }
      },
      outerBound,
    );
    return deps;
  }
}
