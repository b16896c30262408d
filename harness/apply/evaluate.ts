/**
 * Evaluates parsed Terraform expressions against values already known (applied resources, data sources, locals,
 * variables) with Terraform's semantics (https://developer.hashicorp.com/terraform/language/expressions):
 * operators convert strings to numbers where a number is needed, `&&`/`||` need bools, `==` compares values,
 * a conditional evaluates one branch, `for` expressions iterate lists (index, value) and maps (key, value) in key
 * order, splats map a traversal over a list, and `try`/`can` catch evaluation errors of their arguments.
 * The functions are in functions.ts.
 * Deviations: unknown values do not exist here (everything referenced has been applied), so a conditional never
 * yields "known after apply"; type conversion follows Terraform for strings, numbers and booleans.
 */
import { ExpressionError, parseTemplate, type Expr, type Step, type Value } from './expressions.js';
import { FUNCTIONS, terraformJsonEncode, type FunctionContext } from './functions.js';

export { terraformJsonEncode, FUNCTIONS };

export type ReferenceResolver = (e: Extract<Expr, { kind: 'traversal' }>) => Value;

/** What an expression is evaluated in besides references: names a for expression or iterator binds, the base dir. */
export interface EvalScope {
  bound?: ReadonlyMap<string, Value>;
  baseDir?: string;
}

export function toTemplateString(v: Value, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new ExpressionError(`invalid template interpolation value: ${where} is null`);
  throw new ExpressionError(`cannot include ${where} in a string template: string required, got ${Array.isArray(v) ? 'a list' : 'an object'}`);
}

const asString = (v: Value, what: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ExpressionError(`${what}: a string is required`);
};

function asNumber(v: Value, op: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new ExpressionError(`Invalid operand: Unsuitable value for ${op} operand: a number is required.`);
}

function asBool(v: Value, op: string): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new ExpressionError(`Invalid operand: Unsuitable value for ${op} operand: a bool is required.`);
}

function binary(op: string, a: Value, b: Value): Value {
  switch (op) {
    case '==':
      return JSON.stringify(a) === JSON.stringify(b);
    case '!=':
      return JSON.stringify(a) !== JSON.stringify(b);
    case '+':
      return asNumber(a, 'left') + asNumber(b, 'right');
    case '-':
      return asNumber(a, 'left') - asNumber(b, 'right');
    case '*':
      return asNumber(a, 'left') * asNumber(b, 'right');
    case '/':
      return asNumber(a, 'left') / asNumber(b, 'right');
    case '%':
      return asNumber(a, 'left') % asNumber(b, 'right');
    case '<':
      return asNumber(a, 'left') < asNumber(b, 'right');
    case '>':
      return asNumber(a, 'left') > asNumber(b, 'right');
    case '<=':
      return asNumber(a, 'left') <= asNumber(b, 'right');
    case '>=':
      return asNumber(a, 'left') >= asNumber(b, 'right');
    default:
      throw new ExpressionError(`unsupported operator ${op}`);
  }
}

/** The (key, value) pairs a for expression or for_each iterates: list index and element, or map key in order. */
export function pairsOf(coll: Value, what: string): Array<[string | number, Value]> {
  if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
  if (coll !== null && typeof coll === 'object') return Object.keys(coll).sort().map((k) => [k, coll[k]!]);
  throw new ExpressionError(`Iteration over non-iterable value: A value of type ${coll === null ? 'null' : typeof coll} cannot be used as the collection in ${what}.`);
}

class Evaluator {
  constructor(
    readonly resolve: ReferenceResolver,
    readonly scope: EvalScope,
  ) {}

  steps(steps: Step[]): Array<string | number> {
    return steps.map((s) => ('attr' in s ? s.attr : (this.eval(s.index) as string | number)));
  }

  functionContext(): FunctionContext {
    return {
      baseDir: this.scope.baseDir ?? process.cwd(),
      renderTemplate: (text, vars) => new Evaluator(this.resolve, { ...this.scope, bound: new Map(Object.entries(vars)) }).eval(parseTemplate(text)),
    };
  }

  eval(e: Expr): Value {
    switch (e.kind) {
      case 'literal':
        return e.value;
      case 'template':
        return e.parts.map((p) => (typeof p === 'string' ? p : toTemplateString(this.eval(p), describe(p)))).join('');
      case 'tuple':
        return e.items.map((i) => this.eval(i));
      case 'object': {
        const out: Record<string, Value> = {};
        for (const { key, value } of e.entries) out[asString(this.eval(key), 'object key')] = this.eval(value);
        return out;
      }
      case 'traversal': {
        const bound = this.scope.bound;
        if (bound?.has(e.root)) return stepInto(bound.get(e.root)!, this.steps(e.steps), e.text);
        // Index expressions are evaluated here, where the names a for expression or count binds are known.
        const steps = e.steps.map((s): Step => ('index' in s && s.index.kind !== 'literal' ? { index: { kind: 'literal', value: this.eval(s.index) } } : s));
        return this.resolve({ ...e, steps });
      }
      case 'call':
        return this.call(e);
      case 'unary': {
        const v = this.eval(e.operand);
        return e.op === '!' ? !asBool(v, '!') : -asNumber(v, '-');
      }
      case 'binary': {
        if (e.op === '&&') return asBool(this.eval(e.left), '&&') && asBool(this.eval(e.right), '&&');
        if (e.op === '||') return asBool(this.eval(e.left), '||') || asBool(this.eval(e.right), '||');
        return binary(e.op, this.eval(e.left), this.eval(e.right));
      }
      case 'conditional':
        return asBool(this.eval(e.cond), 'condition') ? this.eval(e.then) : this.eval(e.else);
      case 'get':
        return stepInto(this.eval(e.target), this.steps(e.steps), describe(e.target));
      case 'splat': {
        const src = this.eval(e.source);
        const items = src === null ? [] : Array.isArray(src) ? src : [src];
        const steps = this.steps(e.each);
        return items.map((x) => stepInto(x, steps, describe(e.source)));
      }
      case 'for':
        return this.forExpr(e);
    }
  }

  call(e: Extract<Expr, { kind: 'call' }>): Value {
    if (e.name === 'try') {
      let last: unknown;
      for (const a of e.args) {
        try {
          return this.eval(a);
        } catch (err) {
          if (!(err instanceof ExpressionError)) throw err;
          last = err;
        }
      }
      throw new ExpressionError(`Call to function "try" failed: no expression succeeded: ${(last as Error | undefined)?.message ?? 'no arguments'}`);
    }
    if (e.name === 'can') {
      try {
        this.eval(e.args[0] ?? { kind: 'literal', value: null });
        return true;
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        return false;
      }
    }
    const fn = FUNCTIONS[e.name];
    if (!fn) throw new ExpressionError(`Call to unknown function: There is no function named "${e.name}".`);
    return fn(
      e.args.map((a) => this.eval(a)),
      this.functionContext(),
    );
  }

  forExpr(e: Extract<Expr, { kind: 'for' }>): Value {
    const tuple: Value[] = [];
    const object: Record<string, Value> = {};
    for (const [k, v] of pairsOf(this.eval(e.collection), 'a for expression')) {
      const bound = new Map(this.scope.bound ?? []);
      if (e.iterator) bound.set(e.iterator, { key: k, value: v });
      else {
        bound.set(e.valueVar, v);
        if (e.keyVar) bound.set(e.keyVar, k);
      }
      const inner = new Evaluator(this.resolve, { ...this.scope, bound });
      if (e.cond && !asBool(inner.eval(e.cond), 'for condition')) continue;
      const value = inner.eval(e.value);
      if (!e.key) tuple.push(value);
      else {
        const key = asString(inner.eval(e.key), 'for expression key');
        if (e.group) ((object[key] ??= []) as Value[]).push(value);
        else if (key in object) throw new ExpressionError(`Duplicate object key: Two different items produced the key "${key}" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`);
        else object[key] = value;
      }
    }
    return e.key ? object : tuple;
  }
}

export function evaluate(e: Expr, resolve: ReferenceResolver, scope: EvalScope = {}): Value {
  return new Evaluator(resolve, scope).eval(e);
}

function describe(e: Expr): string {
  return e.kind === 'traversal' ? e.text : e.kind === 'call' ? `${e.name}(...)` : 'the value';
}

/** Follows attribute and index steps into a value, as Terraform does for `x.y[0]["k"]`. */
export function stepInto(v: Value, steps: Array<string | number>, text: string): Value {
  let cur: Value = v;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') throw new ExpressionError(`${text}: cannot access "${s}" on a ${cur === null ? 'null value' : typeof cur}`);
    if (Array.isArray(cur)) {
      const i = typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s;
      if (typeof i !== 'number' || i < 0 || i >= cur.length) throw new ExpressionError(`${text}: invalid index ${JSON.stringify(s)}`);
      cur = cur[i]!;
    } else {
      if (!(String(s) in cur)) throw new ExpressionError(`${text}: no attribute "${s}"`);
      cur = cur[String(s)]!;
    }
  }
  return cur;
}
