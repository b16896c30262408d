/**
 * The module tree of a configuration: the root module and, for each `module` block, the child module the loader
 * embedded in it (load-hcl.ts), each with its variables, inputs (the call's arguments), locals, outputs, provider
 * configurations and declared blocks. Addresses inside a child are prefixed `module.<name>.` as Terraform shows them.
 * https://developer.hashicorp.com/terraform/language/modules/syntax
 * A module call's depends_on makes every resource of the module wait for what it names.
 * moved, import, removed and check blocks are accepted and have no effect (nothing is in state; checks are not run).
 * A call with count or for_each makes one instance per index or key (`module.a[0]`, `module.a["k"]`), known before
 * apply from variables and locals.
 * Known deviations: rejected is a module block whose source the loader
 * did not read (a Terraform JSON document given as it is, without load-hcl.ts).
 */
import { compileJson, type Expr, type Value } from './expressions.js';
import { XACCT_KEY, type XacctModuleMeta } from './load-hcl.js';
import { bodies, entries, isObject, type AddProblem, type Json } from './plan-blocks.js';
import { declaredBlocks, type Declared } from './plan-declarations.js';
import { childProviders, planProviders, type ProviderLookup } from './plan-providers.js';
import { convertDefault, planLocals, planVariables, staticEvaluator, variableDecls, type VariableDecl, type Warn } from './plan-values.js';

export interface ModuleScope {
  /** '' for the root, `module.a.` (and `module.a.module.b.`) for children. */
  prefix: string;
  /** '' for the root, `module.a` for children: how messages name the module. */
  path: string;
  /** `path.module`. */
  dir: string;
  rootDir: string;
  tf: Json;
  variableDecls: Map<string, VariableDecl>;
  /** Values known before apply: the root's given or default values; a child's defaults. */
  variables: Map<string, Value>;
  /** A child's module call arguments, evaluated in the parent. */
  inputs: Map<string, Expr>;
  parent?: ModuleScope;
  locals: Map<string, Expr>;
  outputs: Map<string, Expr>;
  /** Child module instances by call name, or `name[key]` for calls with count or for_each. */
  children: Map<string, ModuleScope>;
  /** Calls with count or for_each: their instances by index or key. */
  instances: Map<string, { kind: 'count' | 'for_each'; scopes: Map<string | number, ModuleScope> }>;
  /** An instance's `count` or `each`, for the call's arguments. */
  bound?: Map<string, Value>;
  declared: Declared[];
  byAddress: Map<string, Declared>;
  providerFor: ProviderLookup;
  /** A child's module call `depends_on` entries, as written. */
  callDependsOn: unknown[];
}

const TOP_LEVEL = new Set(['//', XACCT_KEY, 'resource', 'data', 'provider', 'terraform', 'locals', 'variable', 'output', 'module']);
/** Blocks about state (refactoring, imports, removal) and checks: nothing to create on an empty state. */
const IGNORED_TOP_LEVEL = new Set(['moved', 'import', 'removed', 'check']);
const CALL_META = new Set(['source', 'version', 'providers', 'depends_on', XACCT_KEY]);

export interface ScopeOptions {
  providerAccounts?: Record<string, string>;
  variables?: Record<string, Value>;
}

function compileOutputs(tf: Json, where: string, add: AddProblem): Map<string, Expr> {
  const outputs = new Map<string, Expr>();
  for (const [name, raw] of entries(tf.output)) {
    const decl = isObject(raw) ? raw : bodies(raw)[0];
    if (!decl || !('value' in decl)) {
      add(`${where}output.${name}`, 'Missing required argument: The argument "value" is required, but no definition was found.');
      continue;
    }
    try {
      outputs.set(name, compileJson(decl.value));
    } catch (e) {
      add(`${where}output.${name}`, (e as Error).message);
    }
  }
  return outputs;
}

export function rootScope(tf: Json, opts: ScopeOptions, add: AddProblem, warn: Warn): ModuleScope {
  const meta = (isObject(tf[XACCT_KEY]) ? tf[XACCT_KEY] : {}) as Partial<XacctModuleMeta>;
  const decls = variableDecls(tf, '', warn);
  const given = { ...((meta.tfvars ?? {}) as Record<string, Value>), ...(opts.variables ?? {}) };
  const variables = planVariables(decls, given, add);
  const locals = planLocals(tf, add);
  // The caller's mapping wins over the one the loader recorded from the command line.
  const providerAccounts = meta.providerAccounts || opts.providerAccounts ? { ...(meta.providerAccounts ?? {}), ...(opts.providerAccounts ?? {}) } : undefined;
  const providerFor = planProviders(tf, staticEvaluator(variables, locals), providerAccounts, add);
  const dir = meta.dir ?? process.cwd();
  return buildScope({ tf, prefix: '', path: '', dir, rootDir: dir, decls, variables, inputs: new Map(), locals, providerFor }, add, warn);
}

type ScopeBase = Pick<ModuleScope, 'tf' | 'prefix' | 'path' | 'dir' | 'rootDir' | 'variables' | 'inputs' | 'locals' | 'providerFor' | 'parent' | 'bound'> & {
  decls: Map<string, VariableDecl>;
  callDependsOn?: unknown[];
};

function buildScope(base: ScopeBase, add: AddProblem, warn: Warn): ModuleScope {
  const { tf, prefix } = base;
  for (const k of Object.keys(tf)) if (!TOP_LEVEL.has(k) && !IGNORED_TOP_LEVEL.has(k)) add(`${prefix}${k}`, `Unsupported block type: Blocks of type "${k}" are not expected here.`);
  const { declared, byAddress } = declaredBlocks(tf, (address, message) => add(prefix + address, message));
  const scope: ModuleScope = {
    ...base,
    variableDecls: base.decls,
    outputs: compileOutputs(tf, prefix, add),
    children: new Map(),
    instances: new Map(),
    callDependsOn: base.callDependsOn ?? [],
    declared,
    byAddress,
  };
  for (const [name, raw] of entries(tf.module)) {
    const call = isObject(raw) ? raw : bodies(raw)[0];
    if (!call) continue;
    if ('count' in call || 'for_each' in call) {
      const kind = 'count' in call ? 'count' : 'for_each';
      const scopes = new Map<string | number, ModuleScope>();
      for (const [key, bound] of instanceKeys(scope, name, call, add)) {
        const child = childScope(scope, name, call, add, warn, { key, bound });
        if (child) {
          scopes.set(key, child);
          scope.children.set(`${name}[${JSON.stringify(key)}]`, child);
        }
      }
      scope.instances.set(name, { kind, scopes });
      continue;
    }
    const child = childScope(scope, name, call, add, warn);
    if (child) scope.children.set(name, child);
  }
  return scope;
}

/**
 * The instances of a module call with count or for_each, known before apply as Terraform requires: the expression
 * may use variables and locals only.
 */
function instanceKeys(scope: ModuleScope, name: string, call: Json, add: AddProblem): Array<[string | number, Map<string, Value>]> {
  const where = `${scope.prefix}module.${name}`;
  try {
    const evalStatic = staticEvaluator(scope.variables, scope.locals);
    if ('count' in call) {
      const n = evalStatic(compileJson(call.count), where);
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`Invalid count argument: The given "count" argument value is unsuitable: must be a whole number, zero or greater.`);
      return Array.from({ length: n }, (_x, i) => [i, new Map<string, Value>([['count', { index: i }]])]);
    }
    const coll = evalStatic(compileJson(call.for_each), where);
    const pairs: Array<[string, Value]> = Array.isArray(coll)
      ? [...new Set(coll.map(String))].sort().map((k) => [k, k])
      : coll !== null && typeof coll === 'object'
        ? Object.keys(coll).sort().map((k) => [k, coll[k]!])
        : [];
    return pairs.map(([key, value]) => [key, new Map<string, Value>([['each', { key, value }]])]);
  } catch (e) {
    add(where, `${(e as Error).message} (the count or for_each of a module call must be known before apply: variables and locals only)`);
    return [];
  }
}

function childScope(parent: ModuleScope, name: string, call: Json, add: AddProblem, warn: Warn, instance?: { key: string | number; bound: Map<string, Value> }): ModuleScope | undefined {
  const where = `${parent.prefix}module.${name}${instance ? `[${JSON.stringify(instance.key)}]` : ''}`;
  const embedded = isObject(call[XACCT_KEY]) ? (call[XACCT_KEY] as { dir?: string; module?: Json }) : undefined;
  if (!embedded?.module || !isObject(embedded.module)) {
    add(where, `Module not installed: module "${name}" (source ${JSON.stringify(call.source)}) was not read: give xacct the directory that holds the configuration, so that it reads the module's files`);
    return undefined;
  }
  const tf = embedded.module;
  const decls = variableDecls(tf, ` in ${where}`, warn);
  const inputs = new Map<string, Expr>();
  for (const [k, v] of Object.entries(call)) {
    if (CALL_META.has(k) || k.startsWith('//') || k === 'count' || k === 'for_each') continue;
    if (!decls.has(k)) {
      add(where, `Unsupported argument: An argument named "${k}" is not expected here.`);
      continue;
    }
    try {
      inputs.set(k, compileJson(v));
    } catch (e) {
      add(where, (e as Error).message);
    }
  }
  const variables = new Map<string, Value>();
  for (const d of decls.values()) {
    if (d.decl.default !== undefined) {
      try {
        variables.set(d.name, convertDefault(d));
      } catch (e) {
        add(`${where}.var.${d.name}`, (e as Error).message);
      }
    } else if (!inputs.has(d.name)) add(where, `Missing required argument: The argument "${d.name}" is required, but no definition was found.`);
  }
  const locals = planLocals(tf, (a, m) => add(`${where}.${a}`, m));
  const providerFor = childProviders(call, tf, parent.providerFor, staticEvaluator(variables, locals), where, add, warn);
  return buildScope(
    {
      tf,
      prefix: `${where}.`,
      path: where,
      dir: embedded.dir ?? parent.dir,
      rootDir: parent.rootDir,
      decls,
      variables,
      inputs,
      locals,
      providerFor,
      parent,
      ...(instance ? { bound: instance.bound } : {}),
      callDependsOn: call.depends_on === undefined ? [] : Array.isArray(call.depends_on) ? call.depends_on : [call.depends_on],
    },
    add,
    warn,
  );
}

/** Every scope of the tree, parents first. */
export function allScopes(root: ModuleScope): ModuleScope[] {
  return [root, ...[...root.children.values()].flatMap(allScopes)];
}
