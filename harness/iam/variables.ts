/**
 * Policy variables in Resource and condition values: `${aws:username}`, `${key, 'default'}` and the escapes
 * `${*}`, `${?}`, `${$}` (which stand for the literal characters, never wildcards). Only Version 2012-10-17
 * policies substitute; older documents treat `${...}` as literal text.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * A variable whose key is absent (and has no default) or is multivalued makes that value match nothing.
 * In Resource and NotResource, only the resource part of an ARN (after its fifth colon) substitutes; "You can't use
 * a variable to replace parts of the ARN before the fifth colon, such as the service or account" (same page, "Where
 * you can use policy variables"). A `${...}` before it stays the text it is, as in a policy without variables.
 */
import { compileGlob, compileGlobParts, type GlobPart, type Matcher } from './glob.js';
import type { RequestContext } from './context.js';

interface VarRef {
  key: string;
  fallback?: string;
}
type Part = string | VarRef;

export interface Template {
  raw: string;
  /** Undefined when the template holds no variables. */
  parts?: Part[];
}

const VAR_RE = /\$\{([^}]*)\}/g;
const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };

export function compileTemplate(raw: string, substitute: boolean): Template {
  if (!substitute || !raw.includes('${')) return { raw };
  const parts: Part[] = [];
  let last = 0;
  for (const m of raw.matchAll(VAR_RE)) {
    if (m.index > last) parts.push(raw.slice(last, m.index));
    parts.push(parseVar(m[1] ?? ''));
    last = m.index + m[0].length;
  }
  if (last < raw.length) parts.push(raw.slice(last));
  return { raw, parts };
}

function parseVar(body: string): VarRef {
  const trimmed = body.trim();
  if (Object.hasOwn(SPECIAL, trimmed)) return { key: '', fallback: SPECIAL[trimmed] };
  const comma = trimmed.indexOf(',');
  if (comma === -1) return { key: trimmed.toLowerCase() };
  const key = trimmed.slice(0, comma).trim().toLowerCase();
  const rest = trimmed.slice(comma + 1).trim();
  const quoted = /^'(.*)'$/s.exec(rest);
  return { key, fallback: quoted ? quoted[1] : rest };
}

function resolveVar(v: VarRef, ctx: RequestContext): string | undefined {
  if (v.key === '') return v.fallback;
  const values = ctx.get(v.key);
  if (values === undefined || values.length === 0) return v.fallback;
  if (values.length !== 1) return undefined;
  return values[0];
}

/** The literal string after substitution (for exact comparisons), or undefined when a variable cannot resolve. */
export function resolveString(t: Template, ctx: RequestContext): string | undefined {
  if (!t.parts) return t.raw;
  let out = '';
  for (const p of t.parts) {
    if (typeof p === 'string') out += p;
    else {
      const v = resolveVar(p, ctx);
      if (v === undefined) return undefined;
      out += v;
    }
  }
  return out;
}

/**
 * The pattern after substitution, as wildcard text and literal substituted text; undefined when a variable cannot
 * resolve. Without variables, the whole raw value is wildcard text.
 */
export function resolveParts(t: Template, ctx: RequestContext): GlobPart[] | undefined {
  if (!t.parts) return [{ text: t.raw, literal: false }];
  const out: GlobPart[] = [];
  for (const p of t.parts) {
    if (typeof p === 'string') out.push({ text: p, literal: false });
    else {
      const v = resolveVar(p, ctx);
      if (v === undefined) return undefined;
      out.push({ text: v, literal: true });
    }
  }
  return out;
}

/** A wildcard matcher for the substituted pattern; substituted text is matched literally. */
export function resolveGlob(t: Template, ctx: RequestContext, ignoreCase: boolean): Matcher | undefined {
  if (!t.parts) return compileGlob(t.raw, ignoreCase);
  const parts = resolveParts(t, ctx);
  return parts && compileGlobParts(parts, ignoreCase);
}

export interface Pattern {
  template: Template;
  ignoreCase: boolean;
  /** Precompiled matcher when the pattern holds no variables. */
  fixed?: Matcher;
}

export function compilePattern(raw: string, substitute: boolean, ignoreCase: boolean): Pattern {
  const template = compileTemplate(raw, substitute);
  return template.parts
    ? { template, ignoreCase }
    : { template, ignoreCase, fixed: compileGlob(raw, ignoreCase) };
}

export function patternMatcher(p: Pattern, ctx: RequestContext): Matcher | undefined {
  return p.fixed ?? resolveGlob(p.template, ctx, p.ignoreCase);
}

/** Where the resource part of an ARN starts: after its fifth colon; -1 when the text has fewer. */
function resourcePartStart(raw: string): number {
  let at = -1;
  for (let n = 0; n < 5; n++) {
    at = raw.indexOf(':', at + 1);
    if (at === -1) return -1;
  }
  return at + 1;
}

/** A Resource/NotResource pattern: variables substitute only in the resource part of the ARN. */
export function compileResourcePattern(raw: string, substitute: boolean): Pattern {
  const start = resourcePartStart(raw);
  const tail = substitute && start !== -1 ? compileTemplate(raw.slice(start), true) : undefined;
  if (!tail?.parts) return compilePattern(raw, false, false);
  const head = raw.slice(0, start);
  return { template: { raw, parts: head ? [head, ...tail.parts] : tail.parts }, ignoreCase: false };
}
