/**
 * One declared resource or data block turned into a plan node: its arguments and nested blocks checked against the
 * type's schema, required arguments present, the body compiled, its references checked, its provider configuration
 * found, and its dependencies gathered from references and depends_on.
 * https://developer.hashicorp.com/terraform/language/resources/syntax
 * https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on
 * count and for_each make one instance per index or key (https://developer.hashicorp.com/terraform/language/meta-arguments/count,
 * .../for_each); a dynamic block makes one nested block per element of its for_each, its iterator (the block's name
 * unless `iterator` says otherwise) holding `key` and `value`
 * (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks).
 * Known deviations: provisioners and connection blocks are rejected; lifecycle and timeouts are accepted and
 * ignored; count and for_each may reference anything applied before the node (Terraform needs them known at plan).
 */
import { compileJson, parseExpression, type Expr } from './expressions.js';
import { isObject, type AddProblem, type Json } from './plan-blocks.js';
import type { Declared } from './plan-declarations.js';
import type { ProviderLookup } from './plan-providers.js';
import type { ReferencesOf } from './plan-references.js';
import type { ProviderInfo } from './providers.js';
import type { ModuleScope } from './plan-scope.js';
import { bodies } from './plan-blocks.js';
import type { DataSourceMapper, ResourceMapper, Schema } from './types.js';

export interface PlanNode {
  /** Global address: `module.a.aws_s3_bucket.b` in a child module. */
  address: string;
  /** The module the block is declared in. */
  scope: ModuleScope;
  /** Where the block is written, when read from .tf files. */
  at?: string;
  count?: Expr;
  forEach?: Expr;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider: ProviderInfo;
  body: Expr;
  deps: string[];
  mapper: ResourceMapper | DataSourceMapper;
}

export interface NodeScope {
  referencesOf: ReferencesOf;
  providerFor: ProviderLookup;
  byAddress: ReadonlyMap<string, Declared>;
  scope: ModuleScope;
}

const META_ARGS = new Set(['provider', 'depends_on', 'lifecycle', 'timeouts', 'count', 'for_each', '//']);
const UNSUPPORTED_META = ['provisioner', 'connection'];

/**
 * A block body as an expression: arguments compiled from their templates, nested blocks in turn, and each dynamic
 * block a for expression over its for_each whose elements join the static blocks of that name.
 */
export function compileBody(body: Json): Expr {
  const entries: Array<{ key: Expr; value: Expr }> = [];
  const byName = new Map<string, Expr>();
  for (const [k, v] of Object.entries(body)) {
    if (k === 'dynamic') continue;
    const value = Array.isArray(v) && v.every(isObject) && v.length > 0 ? ({ kind: 'tuple', items: v.map((b) => compileBody(b as Json)) } as Expr) : isObject(v) && 'dynamic' in v ? compileBody(v) : compileJson(v);
    byName.set(k, value);
  }
  for (const [name, specs] of Object.entries(isObject(body.dynamic) ? body.dynamic : {})) {
    for (const spec of bodies(specs)) {
      const iterator = typeof spec.iterator === 'string' ? spec.iterator : name;
      const content = bodies(spec.content)[0] ?? {};
      const each: Expr = { kind: 'for', valueVar: iterator, iterator, collection: compileJson(spec.for_each), value: compileBody(content), group: false };
      const before = byName.get(name);
      const asList = (e: Expr): Expr => (e.kind === 'object' ? { kind: 'tuple', items: [e] } : e);
      byName.set(name, before ? { kind: 'call', name: 'concat', args: [asList(before), each] } : each);
    }
  }
  for (const [k, value] of byName) entries.push({ key: { kind: 'literal', value: k }, value });
  return { kind: 'object', entries };
}

function checkSchema(body: Json, schema: Schema, path: string, problems: string[]): void {
  for (const [k, v] of Object.entries(body)) {
    if (k === '//') continue;
    const where = path ? `${path}.${k}` : k;
    const spec = schema[k];
    if (UNSUPPORTED_META.includes(k) && !spec) {
      problems.push(`unsupported meta-argument "${k}"${path ? ` in ${path}` : ''}`);
      continue;
    }
    if (k === 'dynamic' && !spec) {
      for (const [name, specs] of Object.entries(isObject(v) ? v : {})) {
        const inner = schema[name];
        // A block the type accepts and does not send may be written as a dynamic block too (an empty one is none).
        if (inner === 'ignored') continue;
        if (typeof inner !== 'object') {
          problems.push(`Unsupported block type: Blocks of type "${name}" are not expected here.${path ? ` (in ${path})` : ''}`);
          continue;
        }
        for (const d of bodies(specs)) for (const c of bodies(d.content)) checkSchema(c, inner.block, path ? `${path}.${name}` : name, problems);
      }
      continue;
    }
    if (!spec) {
      problems.push(`unsupported argument "${where}"`);
      continue;
    }
    if (typeof spec === 'object') {
      const list = Array.isArray(v) ? v : [v];
      for (const b of list) {
        if (!isObject(b)) problems.push(`block "${where}" must be an object or a list of objects`);
        else checkSchema(b, spec.block, where, problems);
      }
    }
  }
}

function stripMeta(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !META_ARGS.has(k)));
}

/** depends_on and provider take a bare address; cdktf writes them as "${address}". */
export function depAddress(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^\$\{(.*)\}$/s.exec(raw.trim());
  return (m ? m[1] : raw).trim();
}

function dependsOn(p: Declared, deps: Set<string>, { referencesOf, byAddress, scope }: NodeScope, add: AddProblem): void {
  const listed = p.raw.depends_on === undefined ? [] : Array.isArray(p.raw.depends_on) ? p.raw.depends_on : [p.raw.depends_on];
  for (const d of listed) {
    const address = depAddress(d);
    if (address && byAddress.has(address)) deps.add(scope.prefix + address);
    else {
      try {
        if (address) referencesOf(parseExpression(address), p.address).forEach((a) => deps.add(a));
        else add(p.address, `invalid depends_on entry ${JSON.stringify(d)}`);
      } catch (e) {
        add(p.address, `invalid depends_on entry ${JSON.stringify(d)}: ${(e as Error).message}`);
      }
    }
  }
}

/** The block's plan node, or undefined when a problem keeps it out of the plan. */
export function planNode(p: Declared, scope: NodeScope, addLocal: AddProblem): PlanNode | undefined {
  const address = scope.scope.prefix + p.address;
  const add: AddProblem = (_a, m) => addLocal(address, m);
  if (!p.mapper) {
    add(p.address, `unsupported ${p.mode === 'data' ? 'data source' : 'resource'} type "${p.type}"`);
    return undefined;
  }
  const schemaProblems: string[] = [];
  // A placeholder's schema is not known: any argument and block is accepted.
  if (!('placeholder' in p.mapper && p.mapper.placeholder)) checkSchema(stripMeta(p.raw), p.mapper.schema, '', schemaProblems);
  schemaProblems.forEach((m) => add(p.address, m));
  for (const r of p.mapper.required) if (!(r in p.raw)) add(p.address, `missing required argument "${r}"`);

  let body: Expr;
  let count: Expr | undefined;
  let forEach: Expr | undefined;
  try {
    body = compileBody(stripMeta(p.raw));
    if ('count' in p.raw) count = compileJson(p.raw.count);
    if ('for_each' in p.raw) forEach = compileJson(p.raw.for_each);
  } catch (e) {
    add(p.address, (e as Error).message);
    return undefined;
  }
  if (count && forEach) add(p.address, 'Invalid combination of "count" and "for_each": The "count" and "for_each" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.');
  const bound = new Set(count ? ['count'] : forEach ? ['each'] : []);
  const deps = scope.referencesOf(body, address, bound);
  for (const e of [count, forEach]) if (e) scope.referencesOf(e, address).forEach((d) => deps.add(d));
  const mapper = p.mapper;
  const node = (provider: ProviderInfo): PlanNode => ({
    address,
    scope: scope.scope,
    ...(count ? { count } : {}),
    ...(forEach ? { forEach } : {}),
    mode: p.mode,
    type: p.type,
    name: p.name,
    provider,
    body,
    deps: [...deps],
    mapper,
  });

  const rawProvider = p.raw.provider === undefined ? 'aws' : depAddress(p.raw.provider);
  const provider = rawProvider ? scope.providerFor(rawProvider) : `invalid provider reference ${JSON.stringify(p.raw.provider)}`;
  if (typeof provider === 'string') {
    // A local data source computes without AWS, so it needs no account from the default provider.
    if (rawProvider === 'aws' && 'local' in p.mapper && p.mapper.local) return node({ key: 'aws', account: '', region: 'us-east-1' });
    add(p.address, provider);
    return undefined;
  }
  dependsOn(p, deps, scope, add);
  deps.delete(address);
  return node(provider);
}
