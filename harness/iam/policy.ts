/**
 * Compiles a policy document once into matchers; evaluation never re-parses JSON.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * Statement may be one object or a list; Action/NotAction match case-insensitively, Resource/NotResource
 * case-sensitively; policy variables are substituted only when Version is 2012-10-17, and in a Resource only after
 * the ARN's fifth colon (variables.ts).
 * Compiled forms are cached by document identity (object) or text (string).
 * Malformed parts compile to statements that match nothing; `validatePolicy` reports them.
 * Only a document's own members are read, so nothing inherited from a prototype can add a statement or an Allow.
 */
import { compileCondition, conditionMatches, type CompiledCondition } from './conditions.js';
import type { RequestContext } from './context.js';
import { compileGlob, type Matcher } from './glob.js';
import { compilePrincipal, type CompiledPrincipal } from './principals.js';
import { compileResourcePattern, patternMatcher, type Pattern } from './variables.js';

export interface CompiledStatement {
  /** Sid, or `#<index>` when the statement has none. */
  label: string;
  effect: 'Allow' | 'Deny' | 'Invalid';
  actions?: Matcher[];
  notActions?: Matcher[];
  resources?: Pattern[];
  notResources?: Pattern[];
  principal?: CompiledPrincipal;
  notPrincipal?: CompiledPrincipal;
  conditions: CompiledCondition[];
}

export interface CompiledPolicy {
  statements: CompiledStatement[];
  /** Set when the document could not be read at all (invalid JSON, not an object). */
  unreadable?: string;
}

const objectCache = new WeakMap<object, CompiledPolicy>();
const stringCache = new Map<string, CompiledPolicy>();
const STRING_CACHE_LIMIT = 5_000;

export function parseDocument(doc: string | object): { value?: unknown; error?: string } {
  if (typeof doc !== 'string') return { value: doc };
  try {
    return { value: JSON.parse(doc) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function compilePolicy(doc: string | object): CompiledPolicy {
  if (typeof doc === 'string') {
    let hit = stringCache.get(doc);
    if (!hit) {
      if (stringCache.size >= STRING_CACHE_LIMIT) stringCache.clear();
      hit = compileValue(parseDocument(doc));
      stringCache.set(doc, hit);
    }
    return hit;
  }
  let hit = objectCache.get(doc);
  if (!hit) {
    hit = compileValue({ value: doc });
    objectCache.set(doc, hit);
  }
  return hit;
}

/** A member of a parsed document, never one inherited from a prototype. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function compileValue(parsed: { value?: unknown; error?: string }): CompiledPolicy {
  if (parsed.error !== undefined) return { statements: [], unreadable: parsed.error };
  const v = parsed.value;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { statements: [], unreadable: 'not a JSON object' };
  const o = v as Record<string, unknown>;
  const substitute = own(o, 'Version') === '2012-10-17';
  const raw = own(o, 'Statement');
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return { statements: list.map((s, i) => compileStatement(s, i, substitute)) };
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return undefined;
}

function compileStatement(raw: unknown, index: number, substitute: boolean): CompiledStatement {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { label: `#${index}`, effect: 'Invalid', conditions: [] };
  }
  const s = raw as Record<string, unknown>;
  const sid = own(s, 'Sid');
  const effectValue = own(s, 'Effect');
  const label = typeof sid === 'string' && sid !== '' ? sid : `#${index}`;
  const effect = effectValue === 'Allow' || effectValue === 'Deny' ? effectValue : 'Invalid';
  const out: CompiledStatement = { label, effect, conditions: [] };
  const actions = strings(own(s, 'Action'));
  if (actions) out.actions = actions.map((a) => compileGlob(a.toLowerCase(), false));
  const notActions = strings(own(s, 'NotAction'));
  if (notActions) out.notActions = notActions.map((a) => compileGlob(a.toLowerCase(), false));
  const resources = strings(own(s, 'Resource'));
  if (resources) out.resources = resources.map((r) => compileResourcePattern(r, substitute));
  const notResources = strings(own(s, 'NotResource'));
  if (notResources) out.notResources = notResources.map((r) => compileResourcePattern(r, substitute));
  const principal = own(s, 'Principal');
  if (principal !== undefined) out.principal = compilePrincipal(principal);
  const notPrincipal = own(s, 'NotPrincipal');
  if (notPrincipal !== undefined) out.notPrincipal = compilePrincipal(notPrincipal);
  const condition = own(s, 'Condition');
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    for (const [op, block] of Object.entries(condition as Record<string, unknown>)) {
      if (!block || typeof block !== 'object' || Array.isArray(block)) {
        out.conditions.push(compileCondition(`${op}\u0000invalid`, '', [], substitute));
        continue;
      }
      for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
        out.conditions.push(compileCondition(op, key, value, substitute));
      }
    }
  }
  return out;
}

function anyMatch(ms: Matcher[], v: string): boolean {
  for (const m of ms) if (m(v)) return true;
  return false;
}

function anyPattern(ps: Pattern[], v: string, ctx: RequestContext): boolean {
  for (const p of ps) if (patternMatcher(p, ctx)?.(v)) return true;
  return false;
}

/** `action` must already be lower-cased: actions compile lower-cased so matching needs no per-call folding. */
export function actionMatches(s: CompiledStatement, action: string): boolean {
  if (s.actions) return anyMatch(s.actions, action);
  if (s.notActions) return !anyMatch(s.notActions, action);
  return false;
}

export function resourceMatches(s: CompiledStatement, resource: string, ctx: RequestContext): boolean {
  if (s.resources) return anyPattern(s.resources, resource, ctx);
  if (s.notResources) return !anyPattern(s.notResources, resource, ctx);
  return true;
}

export function conditionsMatch(s: CompiledStatement, ctx: RequestContext): boolean {
  for (const c of s.conditions) if (!conditionMatches(c, ctx)) return false;
  return true;
}
