/**
 * Terraform's JSON configuration syntax: every string is a template (`${ expr }`, `$${` escapes), and the
 * expression inside is HCL's native expression syntax (https://developer.hashicorp.com/terraform/language/syntax/json,
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md). HCL files themselves are read by HashiCorp's parser
 * (@cdktf/hcl2json, load-hcl.ts), which hands every expression over in this form; this file parses the expressions:
 * literals, quoted templates, tuples, objects, references (`a.b.c`, `a[0]`, `a["k"]`), parentheses, function calls,
 * the operators with HCL's precedence, conditionals, `for` expressions and splats (`[*]`, `.*`).
 * Template directives (`%{ if }`, `%{ for }`, with `~` strip markers) are supported.
 * Deviations: argument expansion (`f(list...)`) is rejected with an error naming it rather than evaluated.
 */

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

export type Step = { attr: string } | { index: Expr };

export type Expr =
  | { kind: 'literal'; value: Value }
  | { kind: 'template'; parts: Array<string | Expr> }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'object'; entries: Array<{ key: Expr; value: Expr }> }
  | { kind: 'traversal'; root: string; steps: Step[]; text: string }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'unary'; op: '!' | '-'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'conditional'; cond: Expr; then: Expr; else: Expr }
  /** Attribute or index access on something that is not a reference (a call's result, a parenthesised value). */
  | { kind: 'get'; target: Expr; steps: Step[] }
  /** `source[*].a.b`: the steps applied to each element of source (a single non-null value counts as a list of one). */
  | { kind: 'splat'; source: Expr; each: Step[] }
  /** `iterator` (a dynamic block's) binds one name to `{ key, value }` instead of valueVar/keyVar. */
  | { kind: 'for'; keyVar?: string; valueVar: string; iterator?: string; collection: Expr; key?: Expr; value: Expr; cond?: Expr; group: boolean };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

/** HCL's binary operator precedence, loosest first (hclsyntax/spec.md, "Operations"). */
const PRECEDENCE: BinaryOp[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

export class ExpressionError extends Error {}

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_-]/;

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(what: string): never {
    throw new ExpressionError(`${what} at offset ${this.pos} in "${this.src}"`);
  }

  peek(n = 0): string {
    return this.src[this.pos + n] ?? '';
  }

  skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#' || (c === '/' && this.peek(1) === '/')) {
        while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
      } else if (c === '/' && this.peek(1) === '*') {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  expect(ch: string): void {
    this.skipSpace();
    if (this.peek() !== ch) this.unexpected(`expected "${ch}"`);
    this.pos++;
  }

  unexpected(context: string): never {
    const rest = this.src.slice(this.pos);
    const c = rest[0];
    if (c === undefined) this.fail(`unexpected end of expression (${context})`);
    this.fail(`unsupported expression syntax "${rest.slice(0, 20)}" (${context})`);
  }

  ident(): string {
    const start = this.pos;
    if (!IDENT_START.test(this.peek())) this.unexpected('expected a name');
    while (IDENT_CHAR.test(this.peek())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  expression(): Expr {
    this.skipSpace();
    const cond = this.binary(0);
    this.skipSpace();
    if (this.peek() !== '?') return cond;
    this.pos++;
    const then = this.expression();
    this.expect(':');
    const otherwise = this.expression();
    return { kind: 'conditional', cond, then, else: otherwise };
  }

  /** The operator at the cursor among those given, longest first, or undefined. */
  operator(ops: BinaryOp[]): BinaryOp | undefined {
    this.skipSpace();
    const rest = this.src.slice(this.pos, this.pos + 2);
    return [...ops].sort((a, b) => b.length - a.length).find((op) => rest.startsWith(op));
  }

  binary(level: number): Expr {
    if (level >= PRECEDENCE.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.operator(PRECEDENCE[level]!);
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right };
    }
  }

  unary(): Expr {
    this.skipSpace();
    const c = this.peek();
    if (c === '!') {
      this.pos++;
      return { kind: 'unary', op: '!', operand: this.unary() };
    }
    if (c === '-' && !/[0-9]/.test(this.peek(1))) {
      this.pos++;
      return { kind: 'unary', op: '-', operand: this.unary() };
    }
    return this.postfix();
  }

  postfix(): Expr {
    this.skipSpace();
    const start = this.pos;
    let e = this.primary();
    for (;;) {
      const c = this.peek();
      if (c === '.' && this.peek(1) === '*') {
        this.pos += 2;
        return { kind: 'splat', source: e, each: this.splatSteps(true) };
      }
      if (c === '.' && !this.src.startsWith('...', this.pos)) {
        this.pos++;
        const step: Step = /[0-9]/.test(this.peek()) ? { index: { kind: 'literal', value: Number(this.number()) } } : { attr: this.ident() };
        e = this.extend(e, step, start);
      } else if (c === '[') {
        this.pos++;
        this.skipSpace();
        if (this.peek() === '*') {
          this.pos++;
          this.expect(']');
          return { kind: 'splat', source: e, each: this.splatSteps(false) };
        }
        const index = this.expression();
        this.expect(']');
        e = this.extend(e, { index }, start);
      } else break;
    }
    return e;
  }

  /** The traversal after a splat: attributes for `.*`, attributes and indexes for `[*]`. */
  splatSteps(attrOnly: boolean): Step[] {
    const steps: Step[] = [];
    for (;;) {
      if (this.peek() === '.' && IDENT_START.test(this.peek(1))) {
        this.pos++;
        steps.push({ attr: this.ident() });
      } else if (!attrOnly && this.peek() === '[') {
        this.pos++;
        const index = this.expression();
        this.expect(']');
        steps.push({ index });
      } else return steps;
    }
  }

  extend(e: Expr, step: Step, start: number): Expr {
    if (e.kind === 'traversal') return { kind: 'traversal', root: e.root, steps: [...e.steps, step], text: this.src.slice(start, this.pos).trim() };
    if (e.kind === 'get') return { kind: 'get', target: e.target, steps: [...e.steps, step] };
    return { kind: 'get', target: e, steps: [step] };
  }

  /** `[K,] V in COLL` after `for`, in a for expression or a for directive. */
  forHeader(): { keyVar?: string; valueVar: string; collection: Expr } {
    this.skipSpace();
    let valueVar = this.ident();
    let keyVar: string | undefined;
    this.skipSpace();
    if (this.peek() === ',') {
      this.pos++;
      this.skipSpace();
      keyVar = valueVar;
      valueVar = this.ident();
      this.skipSpace();
    }
    if (!this.src.startsWith('in', this.pos)) this.unexpected('expected "in" after for');
    this.pos += 2;
    return { keyVar, valueVar, collection: this.expression() };
  }

  /** `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`, after the bracket. */
  forExpr(object: boolean): Expr {
    this.pos += 3;
    const { keyVar, valueVar, collection } = this.forHeader();
    this.expect(':');
    let key: Expr | undefined;
    let value = this.expression();
    let group = false;
    this.skipSpace();
    if (object) {
      if (!this.src.startsWith('=>', this.pos)) this.unexpected('expected "=>" in an object for expression');
      this.pos += 2;
      key = value;
      value = this.expression();
      this.skipSpace();
      if (this.src.startsWith('...', this.pos)) {
        this.pos += 3;
        group = true;
      }
    }
    this.skipSpace();
    let cond: Expr | undefined;
    if (this.src.startsWith('if', this.pos) && !IDENT_CHAR.test(this.peek(2))) {
      this.pos += 2;
      cond = this.expression();
    }
    this.expect(object ? '}' : ']');
    return { kind: 'for', keyVar, valueVar, collection, key, value, cond, group };
  }

  number(): string {
    const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos));
    if (!m) this.unexpected('expected a number');
    this.pos += m[0].length;
    return m[0];
  }

  primary(): Expr {
    this.skipSpace();
    const c = this.peek();
    if (c === '"') {
      this.pos++;
      return collapse(this.template('"'));
    }
    if (/[0-9]/.test(c)) return { kind: 'literal', value: Number(this.number()) };
    if (c === '-' && /[0-9]/.test(this.peek(1))) {
      this.pos++;
      return { kind: 'literal', value: -Number(this.number()) };
    }
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    if (c === '(') {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (IDENT_START.test(c)) {
      const start = this.pos;
      const name = this.ident();
      if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
      if (name === 'null') return { kind: 'literal', value: null };
      this.skipSpace();
      if (this.peek() === '(') {
        this.pos++;
        const args: Expr[] = [];
        this.skipSpace();
        while (this.peek() !== ')') {
          args.push(this.expression());
          this.skipSpace();
          if (this.peek() === '.' && this.src.startsWith('...', this.pos)) this.fail('unsupported expression: argument expansion (...)');
          if (this.peek() === ',') this.pos++;
          else if (this.peek() !== ')') this.unexpected(`in arguments of ${name}()`);
          this.skipSpace();
        }
        this.pos++;
        return { kind: 'call', name, args };
      }
      return { kind: 'traversal', root: name, steps: [], text: this.src.slice(start, this.pos).trim() };
    }
    this.unexpected('expected an expression');
  }

  tuple(): Expr {
    this.pos++;
    const items: Expr[] = [];
    this.skipSpace();
    if (/^for\s/.test(this.src.slice(this.pos, this.pos + 4))) return this.forExpr(false);
    while (this.peek() !== ']') {
      items.push(this.expression());
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.unexpected('in a tuple');
      this.skipSpace();
    }
    this.pos++;
    return { kind: 'tuple', items };
  }

  object(): Expr {
    this.pos++;
    const entries: Array<{ key: Expr; value: Expr }> = [];
    this.skipSpace();
    if (/^for\s/.test(this.src.slice(this.pos, this.pos + 4))) return this.forExpr(true);
    while (this.peek() !== '}') {
      let key: Expr;
      if (IDENT_START.test(this.peek())) key = { kind: 'literal', value: this.ident() };
      else key = this.primary();
      this.skipSpace();
      const sep = this.peek();
      if (sep !== '=' && sep !== ':') this.unexpected('expected "=" or ":" after an object key');
      this.pos++;
      const value = this.expression();
      entries.push({ key, value });
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      this.skipSpace();
    }
    this.pos++;
    return { kind: 'object', entries };
  }

  /**
   * Parses template text up to `end` ('"' inside an expression, '' for a whole JSON string): text, interpolations
   * and the `%{ if }` / `%{ for }` directives, with `~` strip markers trimming the whitespace beside them.
   */
  template(end: '"' | ''): Array<string | Expr> {
    const items: TemplateItem[] = [];
    let text = '';
    let stripNext = false;
    const quoted = end === '"';
    const flush = (stripBefore: boolean) => {
      if (stripBefore) text = text.replace(/\s+$/, '');
      if (text) items.push(text);
      text = '';
    };
    const closeTag = () => {
      this.skipSpace();
      stripNext = this.peek() === '~';
      if (stripNext) this.pos++;
      this.expect('}');
    };
    for (;;) {
      if (this.pos >= this.src.length) {
        if (quoted) this.fail('unterminated string');
        break;
      }
      const c = this.peek();
      if (quoted && c === '"') {
        this.pos++;
        break;
      }
      if (stripNext && !/\s/.test(c)) stripNext = false;
      if (stripNext) {
        this.pos++;
        continue;
      }
      if ((c === '$' || c === '%') && this.peek(1) === c && this.peek(2) === '{') {
        text += `${c}{`;
        this.pos += 3;
      } else if ((c === '$' || c === '%') && this.peek(1) === '{') {
        this.pos += 2;
        const strip = this.peek() === '~';
        if (strip) this.pos++;
        flush(strip);
        if (c === '$') items.push(this.expression());
        else items.push(this.directive());
        closeTag();
      } else if (quoted && c === '\\') {
        text += this.escape();
      } else if (quoted && c === '\n') {
        this.fail('newline in a quoted string');
      } else {
        text += c;
        this.pos++;
      }
    }
    flush(false);
    const { parts, stop } = buildTemplate(items, 0, []);
    if (stop) this.fail(`unexpected %{ ${stop.word} } in a template`);
    if (parts.length === 0) parts.push('');
    return parts;
  }

  /** The inside of `%{ ... }`: if COND, else, endif, for [K,] V in COLL, endfor. */
  directive(): Directive {
    this.skipSpace();
    const word = this.ident();
    if (word === 'if') return { word, cond: this.expression() };
    if (word === 'for') return { word, ...this.forHeader() };
    if (word === 'else' || word === 'endif' || word === 'endfor') return { word };
    this.fail(`invalid template directive "${word}"`);
  }

  escape(): string {
    const e = this.peek(1);
    this.pos += 2;
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (e in simple) return simple[e];
    const len = e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (len === 0) this.fail(`invalid escape "\\${e}"`);
    const hex = this.src.slice(this.pos, this.pos + len);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('invalid unicode escape');
    this.pos += len;
    return String.fromCodePoint(parseInt(hex, 16));
  }
}

type Directive =
  | { word: 'if'; cond: Expr }
  | { word: 'for'; keyVar?: string; valueVar: string; collection: Expr }
  | { word: 'else' | 'endif' | 'endfor' };
type TemplateItem = string | Expr | Directive;

const isDirective = (x: TemplateItem): x is Directive => typeof x !== 'string' && 'word' in x;
const asTemplate = (parts: Array<string | Expr>): Expr => (parts.length === 0 ? { kind: 'literal', value: '' } : { kind: 'template', parts });

/**
 * Nests directives: an if becomes a conditional between two templates, a for a join of its body over the collection
 * (https://developer.hashicorp.com/terraform/language/expressions/strings#directives).
 */
function buildTemplate(items: TemplateItem[], start: number, stops: string[]): { parts: Array<string | Expr>; next: number; stop?: Directive } {
  const parts: Array<string | Expr> = [];
  let i = start;
  while (i < items.length) {
    const item = items[i]!;
    if (!isDirective(item)) {
      parts.push(item);
      i++;
      continue;
    }
    if (stops.includes(item.word) || item.word === 'else' || item.word === 'endif' || item.word === 'endfor') return { parts, next: i + 1, stop: item };
    if (item.word === 'if') {
      const then = buildTemplate(items, i + 1, ['else', 'endif']);
      let otherwise: Array<string | Expr> = [];
      let next = then.next;
      if (then.stop?.word === 'else') {
        const e = buildTemplate(items, then.next, ['endif']);
        if (e.stop?.word !== 'endif') throw new ExpressionError('unterminated %{ if } in a template: expected %{ endif }');
        otherwise = e.parts;
        next = e.next;
      } else if (then.stop?.word !== 'endif') throw new ExpressionError('unterminated %{ if } in a template: expected %{ endif }');
      parts.push({ kind: 'conditional', cond: item.cond, then: asTemplate(then.parts), else: asTemplate(otherwise) });
      i = next;
    } else if (item.word === 'for') {
      const body = buildTemplate(items, i + 1, ['endfor']);
      if (body.stop?.word !== 'endfor') throw new ExpressionError('unterminated %{ for } in a template: expected %{ endfor }');
      const each: Expr = { kind: 'for', keyVar: item.keyVar, valueVar: item.valueVar, collection: item.collection, value: asTemplate(body.parts), group: false };
      parts.push({ kind: 'call', name: 'join', args: [{ kind: 'literal', value: '' }, each] });
      i = body.next;
    }
  }
  return { parts, next: i };
}

/** A template that is exactly one interpolation yields that expression's value unconverted, as in Terraform. */
function collapse(parts: Array<string | Expr>): Expr {
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0];
  if (parts.every((p) => typeof p === 'string')) return { kind: 'literal', value: parts.join('') };
  return { kind: 'template', parts };
}

/** Parses a string from a Terraform JSON file: literal text with `${...}` interpolations. */
export function parseTemplate(src: string): Expr {
  if (!src.includes('${') && !src.includes('%{')) return { kind: 'literal', value: src };
  const p = new Parser(src);
  return collapse(p.template(''));
}

/** Parses a bare HCL expression (e.g. a depends_on entry without `${}`). */
export function parseExpression(src: string): Expr {
  const p = new Parser(src);
  const e = p.expression();
  p.skipSpace();
  if (p.pos < src.length) p.unexpected('after the expression');
  return e;
}

/** Turns a JSON value from the configuration into an expression tree (strings become templates). */
export function compileJson(v: unknown): Expr {
  if (typeof v === 'string') return parseTemplate(v);
  if (Array.isArray(v)) return { kind: 'tuple', items: v.map(compileJson) };
  if (v !== null && typeof v === 'object') {
    return {
      kind: 'object',
      entries: Object.entries(v as Record<string, unknown>).map(([k, val]) => ({ key: { kind: 'literal', value: k }, value: compileJson(val) })),
    };
  }
  return { kind: 'literal', value: (v ?? null) as Value };
}

/**
 * Every reference and function call in an expression, with the names a `for` expression (or a dynamic block's
 * iterator, passed in `bound`) binds where they are in scope: those are not references to declarations.
 */
export function walk(e: Expr, visit: (e: Expr, bound: ReadonlySet<string>) => void, bound: ReadonlySet<string> = new Set()): void {
  visit(e, bound);
  const w = (x: Expr) => walk(x, visit, bound);
  const steps = (ss: Step[]) => ss.forEach((s) => 'index' in s && w(s.index));
  switch (e.kind) {
    case 'template':
      e.parts.forEach((p) => typeof p !== 'string' && w(p));
      break;
    case 'tuple':
      e.items.forEach(w);
      break;
    case 'object':
      e.entries.forEach(({ key, value }) => (w(key), w(value)));
      break;
    case 'traversal':
      steps(e.steps);
      break;
    case 'call':
      e.args.forEach(w);
      break;
    case 'unary':
      w(e.operand);
      break;
    case 'binary':
      w(e.left);
      w(e.right);
      break;
    case 'conditional':
      w(e.cond);
      w(e.then);
      w(e.else);
      break;
    case 'get':
      w(e.target);
      steps(e.steps);
      break;
    case 'splat':
      w(e.source);
      steps(e.each);
      break;
    case 'for': {
      w(e.collection);
      const inner = new Set([...bound, e.valueVar, ...(e.keyVar ? [e.keyVar] : [])]);
      for (const x of [e.key, e.value, e.cond]) if (x) walk(x, visit, inner);
      break;
    }
    case 'literal':
      break;
  }
}
