/**
 * `xacct apply [DIR] [--endpoint URL] [--var k=v] [--var-file F]`: applies a Terraform configuration (a directory of
 * *.tf / *.tf.json files read as written, or synthesized stacks, cdktf.out by default) to a running `xacct serve`
 * (default http://127.0.0.1:4566), printing progress on stderr and the resolved attributes (ARNs, ids) on stdout,
 * like `terraform apply` prints its summary. Any other kind of path is named (runner/stacks-source.ts).
 * Before any call, the accounts the setup's providers name are checked against those the server holds (its
 * /_xacct/health lists them), and a missing one is named with the `--accounts` to restart `xacct serve` with;
 * an endpoint that is not xacct serve (no such health) is applied to as it is.
 * Exit status: 0 applied, 1 an AWS call failed or the endpoint is unreachable, 2 bad input (nothing created).
 * A CloudFormation deploy plan (xacct.deploy.yaml) or an AWS CDK cloud assembly (cdk.out) is deployed through the
 * server's CloudFormation API, step by step (apply/deploy), each step printed as it starts.
 * A cloud assembly's environment-agnostic stacks go to --cdk-account/--cdk-region (default the server's first
 * account, us-east-1), as the CDK CLI deploys them to its credentials' environment; --stack selects as `cdk deploy NAME`.
 * Deviations: create only; rerunning against the same emulator fails on the first resource that already exists
 * (a deploy plan is deployed again as `aws cloudformation deploy` would: stacks that exist are updated).
 */
import { existsSync } from 'node:fs';
import type { ModulePlan } from '../apply/plan.js';
import type { AccountSpec } from '../world/world.js';
import { UsageError, type Io } from './io.js';

export interface ApplyCommandOptions {
  endpoint?: string;
  /** `--var name=value` and `--var-file FILE`, in the order given, as terraform apply takes them. */
  var?: string[];
  varFile?: string[];
  /** `--provider-account PROVIDER=ID`: the account of a provider configuration that does not say. */
  providerAccount?: string[];
  /** With a CDK cloud assembly: `--stack NAME` as `cdk deploy NAME`, and the account and Region the CDK CLI runs as. */
  stack?: string[];
  cdkAccount?: string;
  cdkRegion?: string;
}

const SHOWN = ['arn', 'id', 'key_id', 'bucket', 'name', 'target_key_arn', 'json'] as const;

function summary(attrs: Record<string, unknown>): string {
  return SHOWN.filter((k) => typeof attrs[k] === 'string' && k !== 'json')
    .filter((k, _i, all) => !(k === 'id' && all.includes('arn') && attrs.id === attrs.arn))
    .map((k) => `${k}=${attrs[k] as string}`)
    .join(' ');
}

/** Accounts the plans' providers use, with a name for each (the provider's alias when it has one). */
function namedAccounts(plans: ModulePlan[]): Map<string, string | undefined> {
  const named = new Map<string, string | undefined>();
  for (const node of plans.flatMap((p) => p.nodes)) {
    // A policy document computed locally under an unconfigured default provider has no account.
    if (!node.provider.account) continue;
    const alias = /^aws\.([\w-]+)$/.exec(node.provider.key)?.[1];
    if (!named.get(node.provider.account)) named.set(node.provider.account, alias);
  }
  return named;
}

/**
 * The accounts `xacct serve` at `endpoint` holds; undefined when it is another kind of endpoint, or cannot be
 * reached (the first AWS call then reports why, as for any endpoint).
 */
async function servedAccounts(endpoint: string): Promise<AccountSpec[] | undefined> {
  const { EndpointUnreachable, requestJson } = await import('../runner/backends/http-json.js');
  let health;
  try {
    health = await requestJson(new URL('/_xacct/health', endpoint).href);
  } catch (e) {
    if (e instanceof EndpointUnreachable) return undefined;
    throw e;
  }
  const accounts = (health.body as { server?: unknown; accounts?: unknown } | undefined)?.accounts;
  if (health.status !== 200 || (health.body as { server?: unknown }).server !== 'xacct' || !Array.isArray(accounts)) return undefined;
  return accounts as AccountSpec[];
}

/** Why the setup cannot be applied to this server as it is started, with the --accounts that would hold it. */
function missingAccounts(endpoint: string, served: AccountSpec[], wanted: Map<string, string | undefined>): string | undefined {
  const missing = [...wanted].filter(([id]) => !served.some((a) => a.id === id));
  if (missing.length === 0) return undefined;
  const taken = new Set(served.map((a) => a.name));
  const added = missing.map(([id, alias]) => {
    const name = alias && !taken.has(alias) ? alias : `account-${id}`;
    taken.add(name);
    return { name, id };
  });
  const list = (specs: AccountSpec[]) => specs.map((a) => `${a.name}=${a.id}`).join(',');
  const which = missing.map(([id, alias]) => `${id}${alias ? ` (provider aws.${alias})` : ''}`).join(', ');
  return (
    `the setup uses account${missing.length > 1 ? 's' : ''} ${which}, which the xacct serve at ${endpoint} does not hold (it holds ${list(served)}): ` +
    `restart it with --accounts ${list([...served, ...added])}`
  );
}

export async function applyCommand(dir: string | undefined, opts: ApplyCommandOptions, io: Io): Promise<number> {
  const { loadTerraform, LoadError, apply, planAll, ApplyConfigError, ApplyResourceError, DEFAULT_ENDPOINT } = await import('../apply/index.js');
  const { detectStacksKind, parseProviderAccounts, StacksPathError } = await import('../runner/stacks-source.js');
  const endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
  const source = dir ?? 'cdktf.out';
  try {
    new URL(endpoint);
  } catch {
    io.err(`xacct apply: --endpoint ${endpoint} is not a URL`);
    return 2;
  }
  let loaded;
  try {
    if (!existsSync(source)) throw new LoadError(`${source} does not exist (run \`xacct synth\` first, or pass a directory with *.tf.json files)`);
    const kind = detectStacksKind(source);
    if (kind === 'cloudformation-plan' || kind === 'cdk-assembly') return await applyDeployPlan(kind, source, endpoint, opts, io);
    if (opts.stack?.length || opts.cdkAccount || opts.cdkRegion) throw new UsageError('--stack, --cdk-account and --cdk-region are for a CDK cloud assembly');
    loaded = await loadTerraform(source, { vars: opts.var, varFiles: opts.varFile, providerAccounts: parseProviderAccounts(opts.providerAccount) });
  } catch (e) {
    if (e instanceof LoadError || e instanceof StacksPathError || e instanceof UsageError) {
      io.err(`xacct apply: ${e.message}`);
      return 2;
    }
    throw e;
  }
  try {
    const wanted = namedAccounts(planAll(loaded.documents));
    const served = await servedAccounts(endpoint);
    const missing = served && missingAccounts(endpoint, served, wanted);
    if (missing) {
      io.err(`xacct apply: ${missing}`);
      return 2;
    }
  } catch (e) {
    if (e instanceof ApplyConfigError) {
      io.err(`xacct apply: ${e.message}`);
      return 2;
    }
    throw e;
  }
  io.err(`applying ${loaded.files.join(', ')} to ${endpoint}`);
  try {
    const result = await apply(loaded.documents, {
      endpoint,
      onProgress: (e) => {
        if (e.type === 'note') io.err(e.message);
        if (e.type === 'planned') io.err(`${e.stack ? `${e.stack}: ` : ''}${e.resources} resources, ${e.data} data sources`);
        if (e.type === 'done') io.err(`  ${e.resource.mode === 'data' ? 'read   ' : 'created'} ${e.resource.address} (${e.resource.account})`);
      },
    });
    for (const r of result.resources) io.out(`${r.stack ? `${r.stack}/` : ''}${r.address} [${r.account}] ${summary(r.attributes)}`);
    for (const [k, v] of Object.entries(result.outputs)) io.out(`output ${k} = ${JSON.stringify(v)}`);
    io.err(`apply complete: ${result.resources.length} resources created`);
    return 0;
  } catch (e) {
    if (e instanceof ApplyConfigError) {
      io.err(`xacct apply: ${e.message}`);
      return 2;
    }
    if (e instanceof ApplyResourceError) {
      const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(`${e.code} ${e.awsMessage}`);
      io.err(
        unreachable
          ? `xacct apply: cannot reach ${endpoint} (${e.awsMessage}); is \`xacct serve\` running?`
          : `xacct apply: ${e.message}`,
      );
      if (!unreachable && e.created.length) io.err(`created before the failure: ${e.created.join(', ')}`);
      return 1;
    }
    io.err(`xacct apply: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** `xacct apply` of a deploy plan or a cloud assembly: its steps in order through CloudFormation, as the CLIs make them. */
async function applyDeployPlan(kind: 'cloudformation-plan' | 'cdk-assembly', source: string, endpoint: string, opts: ApplyCommandOptions, io: Io): Promise<number> {
  if (opts.var?.length || opts.varFile?.length || opts.providerAccount?.length) throw new UsageError('--var, --var-file and --provider-account are for a Terraform directory');
  if (kind !== 'cdk-assembly' && (opts.stack?.length || opts.cdkAccount || opts.cdkRegion)) throw new UsageError('--stack, --cdk-account and --cdk-region are for a CDK cloud assembly');
  if (opts.cdkAccount !== undefined && !/^\d{12}$/.test(opts.cdkAccount)) throw new UsageError(`--cdk-account must be a 12-digit account id, got "${opts.cdkAccount}"`);
  const { readDeployDocument, describeSteps } = await import('./deploy-plan.js');
  const served = await servedAccounts(endpoint);
  // The CDK CLI's credentials: by default those of the server's first account.
  const account = opts.cdkAccount ?? served?.[0]?.id;
  const doc = await readDeployDocument(kind, source, source, { ...(opts.stack?.length ? { stacks: opts.stack } : {}), ...(account ? { account } : {}), ...(opts.cdkRegion ? { region: opts.cdkRegion } : {}) });
  const missing = served && missingAccounts(endpoint, served, new Map(doc.accounts.map((a) => [a, undefined])));
  if (missing) {
    io.err(`xacct apply: ${missing}`);
    return 2;
  }
  const { apply } = await import('../apply/deploy/index.js');
  const { ApplyResourceError } = await import('../apply/index.js');
  const lines = describeSteps(doc);
  io.err(`applying ${doc.source} to ${endpoint}: ${doc.steps.length} step${doc.steps.length === 1 ? '' : 's'}`);
  let step = 0;
  try {
    const result = await apply([doc], {
      endpoint,
      onProgress: (e) => {
        if (e.type === 'note') io.err(e.message);
        if (e.type === 'start') io.err(lines[step++] ?? e.address);
      },
    });
    for (const r of result.resources) io.out(`${r.stack}/${r.name} [${r.account}] ${r.attributes['resource_type'] as string} ${r.attributes['id'] as string}`);
    for (const [stack, outputs] of Object.entries(result.outputs)) for (const [k, v] of Object.entries(outputs as Record<string, unknown>)) io.out(`output ${stack} ${k} = ${JSON.stringify(v)}`);
    io.err(`apply complete: ${doc.steps.length} steps, ${result.resources.length} resources`);
    return 0;
  } catch (e) {
    if (!(e instanceof ApplyResourceError)) throw e;
    const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(`${e.code} ${e.awsMessage}`);
    io.err(unreachable ? `xacct apply: cannot reach ${endpoint} (${e.awsMessage}); is \`xacct serve\` running?` : `xacct apply: ${e.message}`);
    if (!unreachable && e.created.length) io.err(`made before the failure: ${e.created.join(', ')}`);
    if (kind === 'cdk-assembly' && new URL(endpoint).protocol === 'http:' && /explicit deny in a resource-based policy/.test(e.awsMessage)) {
      io.err('the bootstrap assets bucket refuses requests not made over TLS (its AllowSSLRequestsOnly statement), as in AWS: apply to the https endpoint of `xacct serve --https-port N`, trusting the CA it prints (NODE_EXTRA_CA_CERTS)');
    }
    return 1;
  }
}
