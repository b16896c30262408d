/**
 * A module's input variables and local values: a variable takes the value given for it, else its default, else it
 * is a problem; locals are compiled once and evaluated where they are used. Provider configurations may use both,
 * but nothing that depends on a resource, since providers are configured before any resource exists.
 * https://developer.hashicorp.com/terraform/language/values/variables
 * https://developer.hashicorp.com/terraform/language/values/locals
 * https://developer.hashicorp.com/terraform/language/providers/configuration (provider arguments and references)
 * Known deviation: of a variable declaration only `default` is read; type, validation and sensitive are ignored.
 */
import { compileJson, ExpressionError, type Expr, type Value } from './expressions.js';
import { evaluate, stepInto } from './evaluate.js';
import { bodies, entries, isObject, type AddProblem, type Json } from './plan-blocks.js';

export function planVariables(tf: Json, given: Record<string, Value> | undefined, add: AddProblem): Map<string, Value> {
  const variables = new Map<string, Value>();
  for (const [name, decl] of entries(tf.variable)) {
    const value = given?.[name];
    const dflt = isObject(decl) ? (decl.default as Value | undefined) : undefined;
    if (value !== undefined) variables.set(name, value);
    else if (dflt !== undefined) variables.set(name, dflt);
    else add(`var.${name}`, 'variable has no default value and none was given');
  }
  return variables;
}

export function planLocals(tf: Json, add: AddProblem): Map<string, Expr> {
  const locals = new Map<string, Expr>();
  for (const b of bodies(tf.locals)) {
    for (const [name, v] of Object.entries(b)) {
      try {
        locals.set(name, compileJson(v));
      } catch (e) {
        add(`local.${name}`, (e as Error).message);
      }
    }
  }
  return locals;
}

/** Evaluates an expression that may only reference variables and locals; throws ExpressionError otherwise. */
export type StaticEvaluator = (e: Expr, where: string) => Value;

export function staticEvaluator(variables: Map<string, Value>, locals: Map<string, Expr>): StaticEvaluator {
  return (e, where) => {
    const seen = new Set<string>();
    const resolve = (t: Extract<Expr, { kind: 'traversal' }>): Value => {
      const name = t.steps[0] && 'attr' in t.steps[0] ? t.steps[0].attr : '';
      const rest = t.steps.slice(1).map((s) => ('attr' in s ? s.attr : (evaluate(s.index, resolve) as string | number)));
      if (t.root === 'var' && variables.has(name)) return stepInto(variables.get(name)!, rest, t.text);
      if (t.root === 'local' && locals.has(name) && !seen.has(name)) {
        seen.add(name);
        return stepInto(evaluate(locals.get(name)!, resolve), rest, t.text);
      }
      throw new ExpressionError(`${where} may only reference variables and locals, not ${t.text}`);
    };
    return evaluate(e, resolve);
  };
}
