/**
 * Applies synthesized Terraform JSON (cdktf/cdktn `cdk.tf.json` or hand-written `*.tf.json`) by calling the AWS
 * APIs each resource type maps to, in dependency order, like `terraform apply` on an empty state
 * (https://developer.hashicorp.com/terraform/cli/commands/apply).
 * The whole configuration is validated first: an unsupported type, argument or expression fails before any call.
 * Deviations: no state, no refresh, no update or destroy; everything is created once, one call at a time.
 */
import { ExpressionError, type Expr, type Value } from './expressions.js';
import { evaluate, stepInto } from './evaluate.js';
import { ApplyConfigError, ApplyResourceError, awsErrorParts, type ConfigProblem } from './errors.js';
import { planModule, type ModulePlan } from './plan.js';
import { DEFAULT_ENDPOINT, endpointResolver, sdkClientFactory } from './clients.js';
import type { AccountCredentialsResolver, ApplyEvent, ApplyResult, AppliedResource, Attributes, ClientFactory } from './types.js';
import { ArgumentError } from './args.js';

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
  const clientsFor = opts.clients ?? sdkClientFactory(opts.resolver ?? endpointResolver(opts.endpoint ?? DEFAULT_ENDPOINT));
  const result: ApplyResult = { resources: [], data: [], outputs: {} };
  const created: string[] = [];
  for (const plan of plans) {
    const outputs = await applyModule(plan, clientsFor, opts, result, created);
    if (plans.length > 1 && plan.stack) result.outputs[plan.stack] = outputs;
    else Object.assign(result.outputs, outputs);
  }
  return result;
}

async function applyModule(
  plan: ModulePlan,
  clientsFor: ClientFactory,
  opts: ApplyOptions,
  result: ApplyResult,
  created: string[],
): Promise<Record<string, Value>> {
  const known = new Map<string, Attributes>();
  const localValues = new Map<string, Value>();
  opts.onProgress?.({
    type: 'planned',
    stack: plan.stack,
    resources: plan.nodes.filter((n) => n.mode === 'managed').length,
    data: plan.nodes.filter((n) => n.mode === 'data').length,
  });

  const resolve = (t: Extract<Expr, { kind: 'traversal' }>): Value => {
    const steps = t.steps.map((s) => ('attr' in s ? s.attr : (evaluate(s.index, resolve) as string | number)));
    if (t.root === 'var') return stepInto(plan.variables.get(String(steps[0]))!, steps.slice(1), t.text);
    if (t.root === 'local') {
      const name = String(steps[0]);
      if (!localValues.has(name)) localValues.set(name, evaluate(plan.locals.get(name)!, resolve));
      return stepInto(localValues.get(name)!, steps.slice(1), t.text);
    }
    const [address, rest] = t.root === 'data' ? [`data.${steps[0]}.${steps[1]}`, steps.slice(2)] : [`${t.root}.${steps[0]}`, steps.slice(1)];
    const attrs = known.get(address);
    if (!attrs) throw new ExpressionError(`${t.text} is not known yet`);
    if (rest.length === 0) return attrs;
    // An argument that was not set reads as null, as in Terraform.
    const first = attrs[String(rest[0])] ?? null;
    return stepInto(first, rest.slice(1), t.text);
  };

  for (const node of plan.nodes) {
    const { account, region, key } = node.provider;
    opts.onProgress?.({ type: 'start', stack: plan.stack, address: node.address, account });
    let attributes: Attributes;
    try {
      const args = evaluate(node.body, resolve) as Attributes;
      const ctx = {
        address: node.address,
        account,
        region,
        partition: 'aws',
        clients: clientsFor(account, region),
        baseDir: opts.baseDir ?? process.cwd(),
      };
      const computed = 'create' in node.mapper ? await node.mapper.create(args, ctx) : await node.mapper.read(args, ctx);
      attributes = { ...args, ...computed };
    } catch (e) {
      if (e instanceof ExpressionError || e instanceof ArgumentError) {
        throw new ApplyResourceError(node.address, 'InvalidConfiguration', e.message, undefined, [...created]);
      }
      const { code, message, statusCode } = awsErrorParts(e);
      throw new ApplyResourceError(node.address, code, message, statusCode, [...created]);
    }
    known.set(node.address, attributes);
    const applied: AppliedResource = {
      address: node.address,
      mode: node.mode,
      type: node.type,
      name: node.name,
      ...(plan.stack ? { stack: plan.stack } : {}),
      provider: key,
      account,
      region,
      attributes,
    };
    if (node.mode === 'managed') {
      created.push(node.address);
      result.resources.push(applied);
    } else result.data.push(applied);
    opts.onProgress?.({ type: 'done', resource: applied });
  }

  const outputs: Record<string, Value> = {};
  for (const [name, e] of plan.outputs) outputs[name] = evaluate(e, resolve);
  return outputs;
}
