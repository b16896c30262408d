/**
 * Reads an AWS CDK cloud assembly (`cdk.out`, https://docs.aws.amazon.com/cdk/v2/guide/deploy.html) into the steps
 * `cdk bootstrap` and `cdk deploy --all` (or `cdk deploy STACK...`) make: manifest.json's `aws:cloudformation:stack` artifacts give each stack's
 * environment (aws://ACCOUNT/REGION), its dependencies, its template, the deploy role to assume and the
 * CloudFormation execution role; its `cdk:asset-manifest` artifacts give the file assets and where to publish them
 * (bucket, key, publishing role). The steps, in order:
 * 1. bootstrap every environment a stack names, here or in a nested assembly (a CDK Pipelines stage), as
 *    `cdk bootstrap --trust <pipeline account> --cloudformation-execution-policies AdministratorAccess` does
 *    (cdk-bootstrap.ts); the trusted accounts are those of the top-level stacks holding a pipeline
 *    (AWS::CodePipeline::Pipeline), other than the environment's own;
 * 2. for each top-level stack selected (all by default; `stacks` names them as `cdk deploy STACK...` does: by the
 *    stack's construct path, its displayName, with `*` wildcards, plus every stack they depend on, as the CLI adds
 *    them unless --exclusively; none matching is the CLI's "No stacks match the name(s) …"), in dependency order (the manifest's order among independent stacks, as the CLI's
 *    default --concurrency 1 deploys them): publish its file assets (the template included) as cdk-assets does,
 *    then deploy it as the deploy role with the execution role as CloudFormation's RoleARN, from the published
 *    template, with CAPABILITY_IAM, CAPABILITY_NAMED_IAM and CAPABILITY_AUTO_EXPAND (what the CLI passes).
 * Stacks of nested assemblies are not deployed here: a CDK Pipelines pipeline deploys them when it runs.
 * Deviations: docker image assets are not published (xacct does not emulate ECR: said in the notes); context
 * lookups are not made (the assembly must be synthesized already).
 * An environment-agnostic stack (aws://unknown-account/unknown-region) is deployed as the CDK CLI deploys it: to the
 * account and region the CLI runs as ("If you don't specify an environment … the CDK CLI will use the environment of
 * your credentials", https://docs.aws.amazon.com/cdk/v2/guide/environments.html): `account` and `region` (default
 * xacct's first default account, 111111111111, and us-east-1); a stack naming only one of them takes the other so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bootstrapNames, DEFAULT_EXECUTION_POLICY } from './cdk-bootstrap.js';
import { PlanError, type DeployDocument, type FileAssetStep, type PlanStep, type StackStep } from './types.js';

interface Artifact {
  type: string;
  environment?: string;
  properties?: Record<string, unknown>;
  dependencies?: string[];
  displayName?: string;
}

interface Manifest {
  artifacts?: Record<string, Artifact>;
}

interface AssetManifest {
  files?: Record<string, { displayName?: string; source: { path: string; packaging?: 'file' | 'zip' }; destinations: Record<string, { bucketName: string; objectKey: string; region?: string; assumeRoleArn?: string }> }>;
  dockerImages?: Record<string, unknown>;
}

const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new PlanError(`${what}: ${existsSync(file) ? `not valid JSON (${(e as Error).message})` : `no such file ${file}`}`);
  }
}

/** `arn:${AWS::Partition}:…` as the CLI resolves it for the environment (cx-api EnvironmentPlaceholders). */
function resolvePlaceholders(s: string, account: string, region: string): string {
  return s.replace(/\$\{AWS::Partition\}/g, 'aws').replace(/\$\{AWS::AccountId\}/g, account).replace(/\$\{AWS::Region\}/g, region);
}

/** Who the CDK CLI runs as, and which stacks `cdk deploy` is given. */
export interface CdkDeployOptions {
  /** `cdk deploy STACK...`: these stacks (construct paths, `*` wildcards) and their dependencies; default all. */
  stacks?: string[];
  /** The account of the CLI's credentials: where environment-agnostic stacks go (default 111111111111). */
  account?: string;
  /** The CLI's region: where region-agnostic stacks go (default us-east-1). */
  region?: string;
}

export const CDK_DEFAULT_ACCOUNT = '111111111111';
export const CDK_DEFAULT_REGION = 'us-east-1';

type Env = { account: string; region: string };

/** The environment a stack deploys to; `unknown-account`/`unknown-region` (cx-api UNKNOWN_ACCOUNT/UNKNOWN_REGION) are the CLI's. */
function environmentOf(id: string, a: Artifact, where: string, cli: Env): Env {
  const m = /^aws:\/\/(\d{12}|unknown-account)\/([a-z0-9-]+)$/.exec(a.environment ?? '');
  if (!m) throw new PlanError(`${where}: stack ${id} has environment "${a.environment ?? ''}", which is not aws://ACCOUNT/REGION`);
  return { account: m[1] === 'unknown-account' ? cli.account : m[1]!, region: m[2] === 'unknown-region' ? cli.region : m[2]! };
}

const globToRegExp = (p: string) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** `cdk deploy STACK...`: the stacks matching a pattern, and (ExtendedStackSelection.Upstream) those they depend on. */
function selected(stacks: Array<[string, Artifact]>, patterns: string[] | undefined, where: string): Array<[string, Artifact]> {
  if (!patterns || patterns.length === 0) return stacks;
  const res = patterns.map(globToRegExp);
  const byId = new Map(stacks);
  const chosen = new Set(stacks.filter(([id, a]) => res.some((r) => r.test(a.displayName ?? id))).map(([id]) => id));
  // The CLI's words (aws-cdk, cdk-toolkit.ts validateStacksSelected): `No stacks match the name(s) ${stackNames}`.
  if (chosen.size === 0) throw new PlanError(`${where}: No stacks match the name(s) ${patterns.join(',')}`);
  const add = (id: string) => {
    for (const d of byId.get(id)?.dependencies ?? []) {
      if (byId.has(d) && !chosen.has(d)) {
        chosen.add(d);
        add(d);
      }
    }
  };
  for (const id of [...chosen]) add(id);
  return stacks.filter(([id]) => chosen.has(id));
}

const holdsPipeline = (template: { Resources?: Record<string, { Type?: string }> }) => Object.values(template.Resources ?? {}).some((r) => r.Type === 'AWS::CodePipeline::Pipeline');

interface Assembly {
  dir: string;
  manifest: Manifest;
}

function readAssembly(dir: string, what: string): Assembly {
  const manifest = readJson<Manifest>(join(dir, 'manifest.json'), `${what} manifest.json`);
  if (!manifest.artifacts || typeof manifest.artifacts !== 'object') throw new PlanError(`${what} manifest.json: no "artifacts"`);
  return { dir, manifest };
}

const stacksOf = (a: Assembly) => Object.entries(a.manifest.artifacts!).filter(([, x]) => x.type === 'aws:cloudformation:stack');

/** Every assembly nested in this one (CDK Pipelines stages are `cdk:cloud-assembly` artifacts), depth first. */
function nested(a: Assembly, what: string): Assembly[] {
  return Object.values(a.manifest.artifacts!)
    .filter((x) => x.type === 'cdk:cloud-assembly')
    .flatMap((x) => {
      const dir = join(a.dir, String(x.properties?.['directoryName'] ?? ''));
      const child = readAssembly(dir, `${what}/${String(x.properties?.['directoryName'] ?? '')}`);
      return [child, ...nested(child, what)];
    });
}

/** Stacks in dependency order; independent ones in manifest order. */
function ordered(stacks: Array<[string, Artifact]>, where: string): Array<[string, Artifact]> {
  const byId = new Map(stacks);
  const out: Array<[string, Artifact]> = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new PlanError(`${where}: stacks depend on each other in a cycle: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const d of byId.get(id)!.dependencies ?? []) if (byId.has(d)) visit(d, [...path, id]);
    state.set(id, 'done');
    out.push([id, byId.get(id)!]);
  };
  for (const [id] of stacks) visit(id, []);
  return out;
}

export async function readCloudAssembly(path: string, opts: CdkDeployOptions = {}): Promise<DeployDocument> {
  const dir = resolve(path);
  const what = 'cdk.out';
  const cli: Env = { account: opts.account ?? CDK_DEFAULT_ACCOUNT, region: opts.region ?? CDK_DEFAULT_REGION };
  const top = readAssembly(dir, what);
  const notes: string[] = [];
  const every = ordered(stacksOf(top), `${what} manifest.json`);
  const stacks = selected(every, opts.stacks, `${what} manifest.json`);
  if (stacks.length === 0) throw new PlanError(`${what} manifest.json: no stacks (aws:cloudformation:stack artifacts) to deploy`);
  const children = nested(top, what);

  const templates = new Map<string, { Resources?: Record<string, { Type?: string }> }>();
  for (const [id, a] of stacks) templates.set(id, readJson(join(dir, String(a.properties?.['templateFile'] ?? '')), `${what} stack ${id} template`));
  const pipelineAccounts = [...new Set(stacks.filter(([id]) => holdsPipeline(templates.get(id)!)).map(([id, a]) => environmentOf(id, a, `${what} manifest.json`, cli).account))];

  const accounts: string[] = [];
  const steps: PlanStep[] = [];
  const environments = new Map<string, { account: string; region: string }>();
  for (const its of [stacks, ...children.map(stacksOf)]) {
    for (const [id, a] of its) {
      const env = environmentOf(id, a, `${what} manifest.json`, cli);
      environments.set(`${env.account}/${env.region}`, env);
    }
  }
  for (const env of environments.values()) {
    if (!accounts.includes(env.account)) accounts.push(env.account);
    const trust = pipelineAccounts.filter((p) => p !== env.account);
    steps.push({ type: 'bootstrap', label: `bootstrap aws://${env.account}/${env.region}`, account: env.account, region: env.region, trust, executionPolicies: [DEFAULT_EXECUTION_POLICY] });
  }
  if (children.length) {
    notes.push(`${what}: the stacks of ${children.length} nested assembl${children.length === 1 ? 'y' : 'ies'} (CDK Pipelines stages: ${children.map((c) => stacksOf(c).map(([id]) => id).join(', ')).join('; ')}) are deployed by the pipeline when it runs, not by xacct`);
  }

  const agnostic = stacks.filter(([, a]) => /unknown-(account|region)/.test(a.environment ?? '')).map(([id]) => id);
  if (agnostic.length) notes.push(`${what}: environment-agnostic stack${agnostic.length > 1 ? 's' : ''} ${agnostic.join(', ')} deployed to aws://${cli.account}/${cli.region}, the account and region the CDK CLI runs as`);
  if (stacks.length < every.length) notes.push(`${what}: deploying ${stacks.map(([id]) => id).join(', ')} (as \`cdk deploy ${opts.stacks!.join(' ')}\`); not ${every.filter((s) => !stacks.includes(s)).map(([id]) => id).join(', ')}`);
  for (const [id, a] of stacks) {
    const env = environmentOf(id, a, `${what} manifest.json`, cli);
    const props = a.properties ?? {};
    for (const dep of a.dependencies ?? []) {
      const asset = top.manifest.artifacts![dep];
      if (asset?.type !== 'cdk:asset-manifest') continue;
      const file = join(dir, String(asset.properties?.['file'] ?? ''));
      const manifest = readJson<AssetManifest>(file, `${what} ${String(asset.properties?.['file'])}`);
      for (const [assetId, f] of Object.entries(manifest.files ?? {})) {
        for (const d of Object.values(f.destinations)) {
          const region = d.region ?? env.region;
          const step: FileAssetStep = {
            type: 'file-asset',
            label: `publish ${f.displayName ?? assetId} (${id})`,
            account: env.account,
            region,
            path: join(dir, f.source.path),
            packaging: f.source.packaging ?? 'file',
            bucket: resolvePlaceholders(d.bucketName, env.account, region),
            key: d.objectKey,
            ...(d.assumeRoleArn ? { as: resolvePlaceholders(d.assumeRoleArn, env.account, region) } : {}),
          };
          steps.push(step);
        }
      }
      const images = Object.keys(manifest.dockerImages ?? {});
      if (images.length) notes.push(`${what}: stack ${id}'s ${images.length} docker image asset(s) are not published: xacct does not emulate ECR`);
    }
    const names = bootstrapNames(env.account, env.region);
    const url = typeof props['stackTemplateAssetObjectUrl'] === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(resolvePlaceholders(props['stackTemplateAssetObjectUrl'], env.account, env.region)) : null;
    const stack: StackStep = {
      type: 'stack',
      label: `${what} stack ${id} (${typeof props['stackName'] === 'string' ? props['stackName'] : id} in aws://${env.account}/${env.region})`,
      account: env.account,
      region: env.region,
      stackName: typeof props['stackName'] === 'string' ? props['stackName'] : id,
      templateFile: join(dir, String(props['templateFile'])),
      parameters: (props['parameters'] as Record<string, string> | undefined) ?? {},
      capabilities: CAPABILITIES,
      roleArn: typeof props['cloudFormationExecutionRoleArn'] === 'string' ? resolvePlaceholders(props['cloudFormationExecutionRoleArn'], env.account, env.region) : names.cfnExecRole,
      as: typeof props['assumeRoleArn'] === 'string' ? resolvePlaceholders(props['assumeRoleArn'], env.account, env.region) : names.deployRole,
      ...(props['tags'] ? { tags: props['tags'] as Record<string, string> } : {}),
      ...(url ? { templateObject: { bucket: url[1]!, key: url[2]! } } : {}),
      noChangeIsSuccess: true,
    };
    steps.push(stack);
  }
  return { kind: 'xacct-deploy', source: dir, accounts, steps, notes };
}
