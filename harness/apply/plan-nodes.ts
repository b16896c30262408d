/**
 * One declared resource or data block turned into a plan node: its arguments and nested blocks checked against the
 * type's schema, required arguments present, the body compiled, its references checked, its provider configuration
 * found, and its dependencies gathered from references and depends_on.
 * https://developer.hashicorp.com/terraform/language/resources/syntax
 * https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on
 * Known deviations: count, for_each, dynamic blocks, provisioners and connection blocks are rejected; lifecycle
 * and timeouts are accepted and ignored.
 */
import { compileJson, parseExpression, type Expr } from './expressions.js';
import { isObject, type AddProblem, type Json } from './plan-blocks.js';
import type { Declared } from './plan-declarations.js';
import type { ProviderLookup } from './plan-providers.js';
import type { ReferencesOf } from './plan-references.js';
import type { ProviderInfo } from './providers.js';
import type { DataSourceMapper, ResourceMapper, Schema } from './types.js';

export interface PlanNode {
  address: string;
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
}

const META_ARGS = new Set(['provider', 'depends_on', 'lifecycle', 'timeouts', '//']);
const UNSUPPORTED_META = ['count', 'for_each', 'provisioner', 'connection', 'dynamic'];

function checkSchema(body: Json, schema: Schema, path: string, problems: string[]): void {
  for (const [k, v] of Object.entries(body)) {
    if (k === '//') continue;
    const where = path ? `${path}.${k}` : k;
    const spec = schema[k];
    if (UNSUPPORTED_META.includes(k) && !spec) {
      problems.push(`unsupported ${k === 'dynamic' ? 'dynamic block' : `meta-argument "${k}"`}${path ? ` in ${path}` : ''}`);
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
function depAddress(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^\$\{(.*)\}$/s.exec(raw.trim());
  return (m ? m[1] : raw).trim();
}

function dependsOn(p: Declared, deps: Set<string>, { referencesOf, byAddress }: NodeScope, add: AddProblem): void {
  const listed = p.raw.depends_on === undefined ? [] : Array.isArray(p.raw.depends_on) ? p.raw.depends_on : [p.raw.depends_on];
  for (const d of listed) {
    const address = depAddress(d);
    if (address && byAddress.has(address)) deps.add(address);
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
export function planNode(p: Declared, scope: NodeScope, add: AddProblem): PlanNode | undefined {
  if (!p.mapper) {
    add(p.address, `unsupported ${p.mode === 'data' ? 'data source' : 'resource'} type "${p.type}"`);
    return undefined;
  }
  const schemaProblems: string[] = [];
  checkSchema(stripMeta(p.raw), p.mapper.schema, '', schemaProblems);
  schemaProblems.forEach((m) => add(p.address, m));
  for (const r of p.mapper.required) if (!(r in p.raw)) add(p.address, `missing required argument "${r}"`);

  let body: Expr;
  try {
    body = compileJson(stripMeta(p.raw));
  } catch (e) {
    add(p.address, (e as Error).message);
    return undefined;
  }
  const deps = scope.referencesOf(body, p.address);
  const mapper = p.mapper;
  const node = (provider: ProviderInfo): PlanNode => ({ address: p.address, mode: p.mode, type: p.type, name: p.name, provider, body, deps: [...deps], mapper });

  const rawProvider = p.raw.provider === undefined ? 'aws' : depAddress(p.raw.provider);
  const provider = rawProvider ? scope.providerFor(rawProvider) : `invalid provider reference ${JSON.stringify(p.raw.provider)}`;
  if (typeof provider === 'string') {
    // A local data source computes without AWS, so it needs no account from the default provider.
    if (rawProvider === 'aws' && 'local' in p.mapper && p.mapper.local) return node({ key: 'aws', account: '', region: 'us-east-1' });
    add(p.address, provider);
    return undefined;
  }
  dependsOn(p, deps, scope, add);
  deps.delete(p.address);
  return node(provider);
}
