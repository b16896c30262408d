/**
 * Terraform's JSON configuration syntax: every string is a template (`${ expr }`, `$${` escapes), and the
 * expression inside is HCL's native syntax (https://developer.hashicorp.com/terraform/language/syntax/json,
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md). This file parses the subset cdktf emits and
 * people write by hand: literals, quoted templates, tuples, objects, references (`a.b.c`, `a[0]`, `a["k"]`),
 * parentheses and function calls.
 * Deviations: operators, conditionals, for expressions, splats, heredocs and template directives (`%{`) are
 * rejected with an error naming them rather than evaluated.
 */

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

export type Step = { attr: string } | { index: Expr };

export type Expr =
  | { kind: 'literal'; value: Value }
  | { kind: 'template'; parts: Array<string | Expr> }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'object'; entries: Array<{ key: Expr; value: Expr }> }
  | { kind: 'traversal'; root: string; steps: Step[]; text: string }
  | { kind: 'call'; name: string; args: Expr[] };

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
    if (c === '?') this.fail('unsupported expression: conditional (a ? b : c)');
    if (/^(==|!=|<=|>=|&&|\|\||[+\-*/%<>!])/.test(rest)) this.fail(`unsupported expression: operator "${rest.match(/^(==|!=|<=|>=|&&|\|\||.)/)![0]}"`);
    if (rest.startsWith('<<')) this.fail('unsupported expression: heredoc');
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
    const start = this.pos;
    let e = this.primary();
    for (;;) {
      const c = this.peek();
      if (c === '.') {
        if (this.peek(1) === '*') this.fail('unsupported expression: splat (.*)');
        this.pos++;
        const step: Step = /[0-9]/.test(this.peek()) ? { index: { kind: 'literal', value: Number(this.number()) } } : { attr: this.ident() };
        e = this.extend(e, step, start);
      } else if (c === '[') {
        this.pos++;
        this.skipSpace();
        if (this.peek() === '*') this.fail('unsupported expression: splat ([*])');
        const index = this.expression();
        this.expect(']');
        e = this.extend(e, { index }, start);
      } else break;
    }
    return e;
  }

  extend(e: Expr, step: Step, start: number): Expr {
    if (e.kind !== 'traversal') this.fail('unsupported expression: attribute or index access on a non-reference');
    return { kind: 'traversal', root: e.root, steps: [...e.steps, step], text: this.src.slice(start, this.pos).trim() };
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
      if (name === 'for') this.fail('unsupported expression: for expression');
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
    if (this.src.startsWith('for ', this.pos)) this.fail('unsupported expression: for expression');
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
    if (this.src.startsWith('for ', this.pos)) this.fail('unsupported expression: for expression');
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

  /** Parses template text up to `end` ('"' inside an expression, '' for a whole JSON string). */
  template(end: '"' | ''): Array<string | Expr> {
    const parts: Array<string | Expr> = [];
    let text = '';
    const quoted = end === '"';
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
      if (c === '$' && this.peek(1) === '$' && this.peek(2) === '{') {
        text += '${';
        this.pos += 3;
      } else if (c === '%' && this.peek(1) === '%' && this.peek(2) === '{') {
        text += '%{';
        this.pos += 3;
      } else if (c === '%' && this.peek(1) === '{') {
        this.fail('unsupported template directive (%{ ... })');
      } else if (c === '$' && this.peek(1) === '{') {
        this.pos += 2;
        if (this.peek() === '~') this.pos++;
        if (text) parts.push(text);
        text = '';
        parts.push(this.expression());
        this.skipSpace();
        if (this.peek() === '~') this.pos++;
        this.expect('}');
      } else if (quoted && c === '\\') {
        text += this.escape();
      } else if (quoted && c === '\n') {
        this.fail('newline in a quoted string');
      } else {
        text += c;
        this.pos++;
      }
    }
    if (text || parts.length === 0) parts.push(text);
    return parts;
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

/** Every reference and function call in an expression. */
export function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'template':
      e.parts.forEach((p) => typeof p !== 'string' && walk(p, visit));
      break;
    case 'tuple':
      e.items.forEach((i) => walk(i, visit));
      break;
    case 'object':
      e.entries.forEach(({ key, value }) => (walk(key, visit), walk(value, visit)));
      break;
    case 'traversal':
      e.steps.forEach((s) => 'index' in s && walk(s.index, visit));
      break;
    case 'call':
      e.args.forEach((a) => walk(a, visit));
      break;
    case 'literal':
      break;
  }
}
