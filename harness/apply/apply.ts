/**
 * Applies a Terraform configuration (HCL read by load-hcl.ts, cdktf/cdktn `cdk.tf.json` or hand-written `*.tf.json`)
 * by calling the AWS APIs each resource type maps to, in dependency order, like `terraform apply` on an empty state
 * (https://developer.hashicorp.com/terraform/cli/commands/apply).
 * The whole configuration is validated first: an unsupported argument or expression fails before any call; a
 * managed type xacct does not model is applied as a placeholder marked "not emulated" (resources/placeholder.ts).
 * Deviations: no state, no refresh, no update or destroy; everything is created once, one call at a time.
 */
import { ExpressionError, type Value } from './expressions.js';
import { evaluate, stepInto, type EvalScope, type ReferenceResolver } from './evaluate.js';
import { ApplyConfigError, ApplyResourceError, awsErrorParts, type ConfigProblem } from './errors.js';
import { planModule, type ModulePlan, type ModuleScope, type PlanNode } from './plan.js';
import { DEFAULT_ENDPOINT, endpointResolver } from './endpoint.js';
import { providerClients } from './apply-providers.js';
import { convertToType, failedValidation } from './plan-values.js';
import type { ProviderInfo } from './providers.js';
import type { AccountCredentialsResolver, ApplyEvent, ApplyResult, AppliedResource, Attributes, AwsClients, ClientFactory } from './types.js';
import { ArgumentError } from './args.js';
import { notEmulatedReason } from './resources/placeholder.js';

export interface ApplyOptions {
  /** Credentials and endpoint per account; defaults to `endpoint` with the emulator convention. */
  resolver?: AccountCredentialsResolver;
  /** Used when no resolver is given (default http://127.0.0.1:4566). */
  endpoint?: string;
  /** Provider alias (`pipeline`, `aws.pipeline`, or `aws`/`default`) -> account id; wins over the provider block. */
  providerAccounts?: Record<string, string>;
  /** Values for `variable` blocks. */
  variables?: Record<string, Value>;
  onProgress?: (e: ApplyEvent) => void;
  /** Replaces the SDK clients (tests record calls with it). */
  clients?: ClientFactory;
  /** Directory relative file paths (aws_s3_object.source) are read from. */
  baseDir?: string;
}

/** Validates every document; throws ApplyConfigError listing all problems. */
export function planAll(docs: object[], opts: Pick<ApplyOptions, 'providerAccounts' | 'variables'> = {}): ModulePlan[] {
  const problems: ConfigProblem[] = [];
  const plans: ModulePlan[] = [];
  docs.forEach((doc, i) => {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      problems.push({ address: `document ${i}`, message: 'not a Terraform JSON object' });
      return;
    }
    const { plan, problems: p } = planModule(doc as Record<string, unknown>, opts);
    const prefix = docs.length > 1 && plan.stack ? `${plan.stack}: ` : '';
    problems.push(...p.map((x) => ({ ...x, address: `${prefix}${x.address}` })));
    plans.push(plan);
  });
  if (problems.length) throw new ApplyConfigError(problems);
  return plans;
}

export async function apply(tfJson: object | object[], opts: ApplyOptions = {}): Promise<ApplyResult> {
  const docs = Array.isArray(tfJson) ? tfJson : [tfJson];
  const plans = planAll(docs, opts);
  for (const w of plans.flatMap((p) => p.warnings)) opts.onProgress?.({ type: 'note', message: w });
  let clientsFor: (p: ProviderInfo) => AwsClients;
  if (opts.clients) {
    const factory = opts.clients;
    clientsFor = (p) => factory(p.account, p.region);
  } else {
    const providers = [...new Map(plans.flatMap((p) => p.nodes).map((n) => [n.provider.key + n.provider.account, n.provider])).values()];
    const resolver = opts.resolver ?? endpointResolver(opts.endpoint ?? DEFAULT_ENDPOINT);
    clientsFor = await providerClients(providers, resolver, (message) => opts.onProgress?.({ type: 'note', message }));
  }
  const result: ApplyResult = { resources: [], data: [], outputs: {} };
  const created: string[] = [];
  for (const plan of plans) {
    const outputs = await applyModule(plan, clientsFor, opts, result, created);
    if (plans.length > 1 && plan.stack) result.outputs[plan.stack] = outputs;
    else Object.assign(result.outputs, outputs);
  }
  return result;
}

/** Reads references in one module: its variables (a child's from the call), locals, outputs of children, nodes. */
function moduleResolvers(known: Map<string, Value>, expanded: Set<string>): (scope: ModuleScope) => ReferenceResolver {
  const resolvers = new Map<ModuleScope, ReferenceResolver>();
  const resolverFor = (scope: ModuleScope): ReferenceResolver => {
    const cached = resolvers.get(scope);
    if (cached) return cached;
    const localValues = new Map<string, Value>();
    const inputValues = new Map<string, Value>();
    const es = { baseDir: scope.rootDir };
    const r: ReferenceResolver = (t) => {
      const steps = t.steps.map((s) => ('attr' in s ? s.attr : (evaluate(s.index, r, es) as string | number)));
      const name = String(steps[0]);
      switch (t.root) {
        case 'var': {
          if (scope.parent && scope.inputs.has(name)) {
            if (!inputValues.has(name)) {
              const d = scope.variableDecls.get(name)!;
              const v = convertToType(evaluate(scope.inputs.get(name)!, resolverFor(scope.parent), { ...es, ...(scope.bound ? { bound: scope.bound } : {}) }), d.type, `${scope.path}.var.${name}`);
              const failed = failedValidation(d, v);
              if (failed) throw new ExpressionError(failed);
              inputValues.set(name, v);
            }
            return stepInto(inputValues.get(name)!, steps.slice(1), t.text);
          }
          return stepInto(scope.variables.get(name) ?? null, steps.slice(1), t.text);
        }
        case 'local':
          if (!localValues.has(name)) localValues.set(name, evaluate(scope.locals.get(name)!, r, es));
          return stepInto(localValues.get(name)!, steps.slice(1), t.text);
        case 'module': {
          const outputs = (child: ModuleScope) => Object.fromEntries([...child.outputs].map(([k, e]) => [k, evaluate(e, resolverFor(child), es)]));
          const output = (child: ModuleScope, o: string | number, rest: Array<string | number>) => {
            const e = child.outputs.get(String(o));
            if (!e) throw new ExpressionError(`${t.text}: ${child.path} has no output "${o}"`);
            return stepInto(evaluate(e, resolverFor(child), es), rest, t.text);
          };
          const group = scope.instances.get(name);
          if (group) {
            const child = steps.length >= 3 ? group.scopes.get(group.kind === 'count' ? Number(steps[1]) : String(steps[1])) : undefined;
            if (child) return output(child, steps[2]!, steps.slice(3));
            const all = [...group.scopes].map(([k, c]) => [k, outputs(c)] as const);
            return stepInto(group.kind === 'count' ? all.map(([, o]) => o) : Object.fromEntries(all), steps.slice(1), t.text);
          }
          const child = scope.children.get(name)!;
          if (steps.length === 1) return outputs(child);
          return output(child, steps[1]!, steps.slice(2));
        }
        case 'path':
          return name === 'module' ? scope.dir : name === 'root' ? scope.rootDir : process.cwd();
        case 'terraform':
          return 'default';
      }
      const [address, rest] = t.root === 'data' ? [`data.${steps[0]}.${steps[1]}`, steps.slice(2)] : [`${t.root}.${steps[0]}`, steps.slice(1)];
      const global = scope.prefix + address;
      const v = known.get(global);
      if (v === undefined) throw new ExpressionError(`${t.text} is not known yet`);
      if (rest.length === 0 || expanded.has(global)) return stepInto(v, rest, t.text);
      // An argument that was not set reads as null, as in Terraform.
      const first = (v as Attributes)[String(rest[0])] ?? null;
      return stepInto(first, rest.slice(1), t.text);
    };
    resolvers.set(scope, r);
    return r;
  };
  return resolverFor;
}

/** The instances of a node: one, or one per count index or for_each key, with what each binds. */
function instancesOf(node: PlanNode, r: ReferenceResolver, es: EvalScope): Array<{ key?: string | number; bound?: Map<string, Value> }> {
  if (node.count) {
    const n = evaluate(node.count, r, es);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ExpressionError(`Invalid count argument: The given "count" argument value is unsuitable: must be a whole number, zero or greater (got ${JSON.stringify(n)}).`);
    return Array.from({ length: n }, (_x, i) => ({ key: i, bound: new Map<string, Value>([['count', { index: i }]]) }));
  }
  if (node.forEach) {
    const coll = evaluate(node.forEach, r, es);
    let pairs: Array<[string, Value]>;
    if (Array.isArray(coll) && coll.every((x) => typeof x === 'string')) pairs = [...new Set(coll as string[])].sort().map((k) => [k, k]);
    else if (coll !== null && typeof coll === 'object' && !Array.isArray(coll)) pairs = Object.keys(coll).sort().map((k) => [k, coll[k]!]);
    else throw new ExpressionError('Invalid for_each argument: The given "for_each" argument value is unsuitable: the "for_each" argument must be a map, or set of strings.');
    return pairs.map(([key, value]) => ({ key, bound: new Map<string, Value>([['each', { key, value }]]) }));
  }
  return [{}];
}

async function applyModule(
  plan: ModulePlan,
  clientsFor: (p: ProviderInfo) => AwsClients,
  opts: ApplyOptions,
  result: ApplyResult,
  created: string[],
): Promise<Record<string, Value>> {
  const known = new Map<string, Value>();
  const expanded = new Set<string>();
  const resolverFor = moduleResolvers(known, expanded);
  opts.onProgress?.({
    type: 'planned',
    stack: plan.stack,
    resources: plan.nodes.filter((n) => n.mode === 'managed').length,
    data: plan.nodes.filter((n) => n.mode === 'data').length,
  });

  for (const node of plan.nodes) {
    const { account, region, key } = node.provider;
    const r = resolverFor(node.scope);
    const baseDir = opts.baseDir ?? node.scope.rootDir;
    const wrap = (address: string, e: unknown): never => {
      if (e instanceof ExpressionError || e instanceof ArgumentError) throw new ApplyResourceError(address, 'InvalidConfiguration', e.message, undefined, [...created], node.at);
      const { code, message, statusCode } = awsErrorParts(e);
      throw new ApplyResourceError(address, code, message, statusCode, [...created], node.at);
    };
    let instances: ReturnType<typeof instancesOf> = [];
    try {
      instances = instancesOf(node, r, { baseDir });
    } catch (e) {
      wrap(node.address, e);
    }
    const all: Attributes[] = [];
    const placeholder = 'placeholder' in node.mapper && node.mapper.placeholder === true;
    for (const inst of instances) {
      const address = inst.key === undefined ? node.address : `${node.address}[${typeof inst.key === 'number' ? inst.key : JSON.stringify(inst.key)}]`;
      opts.onProgress?.({ type: 'start', stack: plan.stack, address, account });
      let attributes: Attributes = {};
      try {
        const args = evaluate(node.body, r, { baseDir, ...(inst.bound ? { bound: inst.bound } : {}) }) as Attributes;
        const ctx = { address, account, region, partition: 'aws', clients: clientsFor(node.provider), baseDir };
        const computed = 'create' in node.mapper ? await node.mapper.create(args, ctx) : await node.mapper.read(args, ctx);
        attributes = { ...args, ...computed };
      } catch (e) {
        wrap(address, e);
      }
      all.push(attributes);
      const applied: AppliedResource = {
        address,
        mode: node.mode,
        type: node.type,
        name: node.name,
        ...(plan.stack ? { stack: plan.stack } : {}),
        provider: key,
        account,
        region,
        attributes,
        ...(placeholder ? { notEmulated: notEmulatedReason(node.type) } : {}),
      };
      if (placeholder) opts.onProgress?.({ type: 'note', message: `not emulated: ${address} (${node.type}) is a placeholder: xacct does not model ${node.type}, so nothing was created in AWS for it` });
      if (node.mode === 'managed') {
        created.push(address);
        result.resources.push(applied);
      } else result.data.push(applied);
      opts.onProgress?.({ type: 'done', resource: applied });
    }
    if (node.count) known.set(node.address, all);
    else if (node.forEach) known.set(node.address, Object.fromEntries(instances.map((inst, i) => [String(inst.key), all[i]!])));
    else known.set(node.address, all[0]!);
    if (node.count || node.forEach) expanded.add(node.address);
  }

  const outputs: Record<string, Value> = {};
  const rootResolver = resolverFor(plan.root);
  for (const [name, e] of plan.outputs) outputs[name] = evaluate(e, rootResolver, { baseDir: plan.root.rootDir });
  return outputs;
}
