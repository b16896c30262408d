/**
 * Turns one Terraform JSON document (a cdktf stack or hand-written *.tf.json files merged) into an ordered plan,
 * validating everything before any call: resource and data-source types, arguments and nested blocks, expression
 * syntax, functions, references and their attributes, providers and their accounts, depends_on, and cycles.
 * Order is Terraform's: a node waits for everything it references and its depends_on
 * (https://developer.hashicorp.com/terraform/internals/graph); ties keep declaration order.
 * Deviations: count, for_each, dynamic blocks, modules, provisioners and non-AWS providers are rejected.
 */
import { compileJson, ExpressionError, parseExpression, walk, type Expr, type Value } from './expressions.js';
import { evaluate, FUNCTIONS, stepInto } from './evaluate.js';
import type { ConfigProblem } from './errors.js';
import { providerAccount, providerKeyOf, providerRegion, type ProviderInfo } from './providers.js';
import { DATA_SOURCE_MAPPERS, RESOURCE_MAPPERS } from './resources/registry.js';
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

export interface ModulePlan {
  stack?: string;
  nodes: PlanNode[];
  locals: Map<string, Expr>;
  variables: Map<string, Value>;
  outputs: Map<string, Expr>;
}

export interface PlanOptions {
  providerAccounts?: Record<string, string>;
  variables?: Record<string, Value>;
}

type Json = Record<string, unknown>;

const TOP_LEVEL = new Set(['//', 'resource', 'data', 'provider', 'terraform', 'locals', 'variable', 'output']);
const META_ARGS = new Set(['provider', 'depends_on', 'lifecycle', 'timeouts', '//']);
const UNSUPPORTED_META = ['count', 'for_each', 'provisioner', 'connection', 'dynamic'];

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Terraform JSON allows an object or a list of objects at most levels; both yield the same entries. */
function entries(v: unknown): Array<[string, unknown]> {
  if (Array.isArray(v)) return v.flatMap(entries);
  return isObject(v) ? Object.entries(v) : [];
}

function bodies(v: unknown): Json[] {
  if (Array.isArray(v)) return v.flatMap(bodies);
  return isObject(v) ? [v] : [];
}

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

function depAddress(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^\$\{(.*)\}$/s.exec(raw.trim());
  return (m ? m[1] : raw).trim();
}

export function planModule(tf: Json, opts: PlanOptions = {}): { plan: ModulePlan; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const add = (address: string, message: string) => problems.push({ address, message });
  const meta = isObject(tf['//']) && isObject((tf['//'] as Json).metadata) ? ((tf['//'] as Json).metadata as Json) : undefined;
  const stack = typeof meta?.stackName === 'string' ? meta.stackName : undefined;

  for (const k of Object.keys(tf)) {
    if (!TOP_LEVEL.has(k)) add(k, `unsupported top-level block "${k}"`);
  }

  const variables = new Map<string, Value>();
  for (const [name, decl] of entries(tf.variable)) {
    const given = opts.variables?.[name];
    const dflt = isObject(decl) ? (decl.default as Value | undefined) : undefined;
    if (given !== undefined) variables.set(name, given);
    else if (dflt !== undefined) variables.set(name, dflt);
    else add(`var.${name}`, 'variable has no default value and none was given');
  }

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

  // Provider configurations may use variables and locals that do not depend on resources.
  const staticValue = (e: Expr, where: string): Value => {
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

  const providers = new Map<string, ProviderInfo>();
  for (const [pname, confs] of entries(tf.provider)) {
    if (pname !== 'aws') {
      add(`provider.${pname}`, `unsupported provider "${pname}" (only aws)`);
      continue;
    }
    for (const conf of bodies(confs)) {
      const alias = typeof conf.alias === 'string' ? conf.alias : undefined;
      const key = providerKeyOf(alias);
      let config: Record<string, Value>;
      try {
        config = staticValue(compileJson(conf), `provider ${key}`) as Record<string, Value>;
      } catch (e) {
        add(`provider.${key}`, (e as Error).message);
        continue;
      }
      const acct = providerAccount(key, config, opts.providerAccounts);
      if ('problem' in acct) add(`provider.${key}`, acct.problem);
      else providers.set(key, { key, account: acct.account, region: providerRegion(config) });
    }
  }
  const providerFor = (key: string): ProviderInfo | string => {
    const p = providers.get(key);
    if (p) return p;
    if (key !== 'aws') return `provider ${key} is not configured`;
    // Terraform instantiates an empty default provider; only an explicit mapping can place it in an account.
    const acct = providerAccount('aws', {}, opts.providerAccounts);
    if ('problem' in acct) return `default provider aws is not configured: ${acct.problem}`;
    const info = { key: 'aws', account: acct.account, region: 'us-east-1' };
    providers.set('aws', info);
    return info;
  };

  interface Pending {
    address: string;
    mode: 'managed' | 'data';
    type: string;
    name: string;
    raw: Json;
    mapper?: ResourceMapper | DataSourceMapper;
  }
  const pending: Pending[] = [];
  for (const [type, named] of entries(tf.resource)) {
    for (const [name, body] of entries(named)) {
      for (const b of bodies(body)) pending.push({ address: `${type}.${name}`, mode: 'managed', type, name, raw: b, mapper: RESOURCE_MAPPERS.get(type) });
    }
  }
  for (const [type, named] of entries(tf.data)) {
    for (const [name, body] of entries(named)) {
      for (const b of bodies(body)) pending.push({ address: `data.${type}.${name}`, mode: 'data', type, name, raw: b, mapper: DATA_SOURCE_MAPPERS.get(type) });
    }
  }
  const byAddress = new Map(pending.map((p) => [p.address, p]));
  const seenAddresses = new Set<string>();
  for (const p of pending) {
    if (seenAddresses.has(p.address)) add(p.address, 'declared more than once');
    seenAddresses.add(p.address);
  }

  const knownAttribute = (p: Pending, attr: string) => !p.mapper || p.mapper.computed.includes(attr) || attr in p.mapper.schema;

  /** Checks an expression's references and functions; returns the node addresses it depends on. */
  const localDeps = new Map<string, Set<string>>();
  const referencesOf = (e: Expr, where: string, stackOfLocals: string[] = []): Set<string> => {
    const deps = new Set<string>();
    walk(e, (x) => {
      if (x.kind === 'call' && !FUNCTIONS[x.name]) add(where, `unsupported function "${x.name}" in ${x.name}(...)`);
      if (x.kind !== 'traversal') return;
      const attrs = x.steps.map((s) => ('attr' in s ? s.attr : undefined));
      if (x.root === 'var') {
        if (!attrs[0] || (!variables.has(attrs[0]) && !entries(tf.variable).some(([n]) => n === attrs[0]))) add(where, `reference to undeclared variable ${x.text}`);
      } else if (x.root === 'local') {
        const name = attrs[0];
        if (!name || !locals.has(name)) add(where, `reference to undeclared local value ${x.text}`);
        else if (stackOfLocals.includes(name)) add(where, `local value cycle: ${[...stackOfLocals, name].join(' -> ')}`);
        else {
          let d = localDeps.get(name);
          if (!d) {
            d = referencesOf(locals.get(name)!, `local.${name}`, [...stackOfLocals, name]);
            localDeps.set(name, d);
          }
          d.forEach((a) => deps.add(a));
        }
      } else if (x.root === 'data') {
        const address = `data.${attrs[0]}.${attrs[1]}`;
        const target = byAddress.get(address);
        if (!attrs[0] || !attrs[1] || !target) add(where, `reference to undeclared data source ${x.text}`);
        else {
          if (attrs[2] !== undefined && !knownAttribute(target, attrs[2])) add(where, `unsupported attribute "${attrs[2]}" of ${target.type} in ${x.text}`);
          deps.add(address);
        }
      } else if (['count', 'each', 'self', 'path', 'terraform', 'module'].includes(x.root)) {
        add(where, `unsupported reference ${x.text}`);
      } else {
        const address = `${x.root}.${attrs[0]}`;
        const target = byAddress.get(address);
        if (!attrs[0] || !target) add(where, `reference to undeclared resource ${x.text}`);
        else {
          if (attrs[1] !== undefined && !knownAttribute(target, attrs[1])) add(where, `unsupported attribute "${attrs[1]}" of ${target.type} in ${x.text}`);
          deps.add(address);
        }
      }
    });
    return deps;
  };

  const nodes: PlanNode[] = [];
  for (const p of pending) {
    if (!p.mapper) {
      add(p.address, `unsupported ${p.mode === 'data' ? 'data source' : 'resource'} type "${p.type}"`);
      continue;
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
      continue;
    }
    const deps = referencesOf(body, p.address);

    const rawProvider = p.raw.provider === undefined ? 'aws' : depAddress(p.raw.provider);
    const provider = rawProvider ? providerFor(rawProvider) : `invalid provider reference ${JSON.stringify(p.raw.provider)}`;
    if (typeof provider === 'string') {
      if (rawProvider === 'aws' && 'local' in p.mapper && p.mapper.local) {
        nodes.push({ address: p.address, mode: p.mode, type: p.type, name: p.name, provider: { key: 'aws', account: '', region: 'us-east-1' }, body, deps: [...deps], mapper: p.mapper });
        continue;
      }
      add(p.address, provider);
      continue;
    }
    const dependsOn = p.raw.depends_on === undefined ? [] : Array.isArray(p.raw.depends_on) ? p.raw.depends_on : [p.raw.depends_on];
    for (const d of dependsOn) {
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
    deps.delete(p.address);
    nodes.push({ address: p.address, mode: p.mode, type: p.type, name: p.name, provider, body, deps: [...deps], mapper: p.mapper });
  }

  const outputs = new Map<string, Expr>();
  for (const [name, decl] of entries(tf.output)) {
    if (!isObject(decl) || !('value' in decl)) {
      add(`output.${name}`, 'missing "value"');
      continue;
    }
    try {
      const e = compileJson(decl.value);
      referencesOf(e, `output.${name}`);
      outputs.set(name, e);
    } catch (e) {
      add(`output.${name}`, (e as Error).message);
    }
  }

  return { plan: { stack, nodes: order(nodes, add), locals, variables, outputs }, problems };
}

/** Kahn's algorithm; among ready nodes the earliest declared goes first so runs are reproducible. */
function order(nodes: PlanNode[], add: (address: string, message: string) => void): PlanNode[] {
  const known = new Set(nodes.map((n) => n.address));
  const remaining = new Map(nodes.map((n) => [n.address, new Set(n.deps.filter((d) => known.has(d)))]));
  const out: PlanNode[] = [];
  const done = new Set<string>();
  while (out.length < nodes.length) {
    const next = nodes.find((n) => !done.has(n.address) && [...remaining.get(n.address)!].every((d) => done.has(d)));
    if (!next) {
      const stuck = nodes.filter((n) => !done.has(n.address)).map((n) => n.address);
      add(stuck[0], `dependency cycle between ${stuck.join(', ')}`);
      return out;
    }
    out.push(next);
    done.add(next.address);
  }
  return out;
}
