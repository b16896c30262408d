/**
 * A module's input variables and local values: a variable takes the value given for it, else its default, else it
 * is a problem; locals are compiled once and evaluated where they are used. Provider configurations may use both,
 * but nothing that depends on a resource, since providers are configured before any resource exists.
 * https://developer.hashicorp.com/terraform/language/values/variables
 * https://developer.hashicorp.com/terraform/language/values/locals
 * https://developer.hashicorp.com/terraform/language/providers/configuration (provider arguments and references)
 * A variable's `type` converts the value given and its default (type-constraints.ts), its `validation` blocks check it.
 * Known deviations: `sensitive` and `nullable` are ignored.
 */
import { compileJson, ExpressionError, type Expr, type Value } from './expressions.js';
import { evaluate, stepInto } from './evaluate.js';
import { bodies, entries, isObject, type AddProblem, type Json } from './plan-blocks.js';
import { QUOTED_TYPE } from './load-hcl.js';
import { convertValue, parseTypeConstraint, TypeConversionError, type TypeConstraint } from './type-constraints.js';

/**
 * A variable's declared type in JSON syntax's form (`"map(string)"`; cdktf may write `"${map(string)}"`), and whether
 * native syntax gave it in the quotes Terraform 0.11 wanted (load-hcl.ts marks those).
 */
export function typeTextOf(decl: Json): { text?: string; legacy: boolean } {
  const t = decl.type;
  if (typeof t !== 'string') return { legacy: false };
  const m = /^\$\{(.*)\}$/s.exec(t.trim());
  return { text: m ? m[1]!.trim() : t, legacy: decl[QUOTED_TYPE] === true };
}

const parsedTypes = new Map<string, TypeConstraint>();

/** A variable's type constraint, parsed once per text (type-constraints.ts); throws "Invalid type specification". */
export function typeConstraintOf(type: string): TypeConstraint {
  let t = parsedTypes.get(type);
  if (!t) parsedTypes.set(type, (t = parseTypeConstraint(type)));
  return t;
}

/**
 * Converts the value given for a variable to its type constraint as Terraform does (type-constraints.ts), and throws
 * with Terraform's wording (internal/terraform/eval_variable.go) naming the variable's address (`var.x`,
 * `module.m.var.x`).
 */
export function convertToType(v: Value, type: string | undefined, addr: string): Value {
  if (!type) return v;
  const t = typeConstraintOf(type);
  try {
    return convertValue(v, t);
  } catch (e) {
    if (!(e instanceof TypeConversionError)) throw e;
    throw new ExpressionError(`Invalid value for input variable: The given value is not suitable for ${addr} declared at its variable block: ${e.message}.`);
  }
}

/**
 * A variable's default converted to its type constraint, optional attributes' defaults applied (Terraform does this
 * when it reads the declaration: internal/configs/named_values.go, "Invalid default value for variable").
 */
export function convertDefault(d: VariableDecl): Value {
  const dflt = d.decl.default as Value;
  if (!d.type) return dflt;
  const t = typeConstraintOf(d.type);
  try {
    return convertValue(dflt, t);
  } catch (e) {
    if (!(e instanceof TypeConversionError)) throw e;
    throw new ExpressionError(`Invalid default value for variable: This default value is not compatible with the variable's type constraint: ${e.message}.`);
  }
}

/** The bare collection keywords (Terraform 0.11's quoted types, and JSON syntax's `"map"`): collections of any. */
const LEGACY_TYPES: Record<string, string> = { string: 'string', list: 'list(any)', map: 'map(any)' };

/** Records a Terraform warning: its summary, what it concerns, its detail; warnings of one summary are shown once. */
export type Warn = (summary: string, subject: string, detail: string) => void;

export interface VariableDecl {
  name: string;
  type?: string;
  decl: Json;
}

/** Checks a variable's validation blocks against its value; the error_message of the first that fails. */
export function failedValidation(d: VariableDecl, value: Value): string | undefined {
  for (const rule of bodies(d.decl.validation)) {
    const resolve = (t: Extract<Expr, { kind: 'traversal' }>): Value => {
      const name = t.steps[0] && 'attr' in t.steps[0] ? t.steps[0].attr : '';
      if (t.root !== 'var' || name !== d.name) throw new ExpressionError(`Invalid reference in variable validation: The condition for variable "${d.name}" can only refer to the variable itself, using var.${d.name}.`);
      return stepInto(value, t.steps.slice(1).map((s) => ('attr' in s ? s.attr : (evaluate(s.index, resolve) as string | number))), t.text);
    };
    const ok = evaluate(compileJson(rule.condition), resolve);
    if (ok !== true) return `Invalid value for variable: ${typeof rule.error_message === 'string' ? rule.error_message : 'the validation condition is false'} (This was checked by the validation rule of var.${d.name}.)`;
  }
  return undefined;
}

/** The module's variable declarations, with a warning for each legacy quoted type. */
export function variableDecls(tf: Json, where: string, warn: Warn): Map<string, VariableDecl> {
  const out = new Map<string, VariableDecl>();
  for (const [name, raw] of entries(tf.variable)) {
    const decl = isObject(raw) ? raw : (bodies(raw)[0] ?? {});
    const { text, legacy } = typeTextOf(decl);
    const type = text === undefined ? undefined : (LEGACY_TYPES[text] ?? text);
    if (legacy && text !== undefined) {
      warn(
        'Invalid quoted type constraints',
        `variable "${name}"${where} has type = "${text}"`,
        'Terraform 0.11 and earlier required type constraints to be given in quotes, but that form is now deprecated and will be removed in a future version of Terraform. Remove the quotes around the type. (Terraform 0.15 and later refuse this as an error; xacct reads it as Terraform 0.12 to 0.14 did.)',
      );
    }
    out.set(name, { name, type, decl });
  }
  return out;
}

/** Root variables: the value given (--var, tfvars, the caller's), else the default; converted and validated. */
export function planVariables(decls: Map<string, VariableDecl>, given: Record<string, Value> | undefined, add: AddProblem): Map<string, Value> {
  const variables = new Map<string, Value>();
  for (const d of decls.values()) {
    const value = given?.[d.name];
    const dflt = d.decl.default as Value | undefined;
    if (value === undefined && dflt === undefined) {
      // Terraform's words (internal/backend/unparsed_value.go, "No value for required variable").
      add(`var.${d.name}`, `No value for required variable: The root module input variable "${d.name}" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.`);
      continue;
    }
    try {
      const v = value !== undefined ? convertToType(value, d.type, `var.${d.name}`) : convertDefault(d);
      const failed = failedValidation(d, v);
      if (failed) add(`var.${d.name}`, failed);
      variables.set(d.name, v);
    } catch (e) {
      add(`var.${d.name}`, (e as Error).message);
    }
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
