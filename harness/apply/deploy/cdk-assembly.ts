/**
 * Reads an AWS CDK cloud assembly (`cdk.out`, https://docs.aws.amazon.com/cdk/v2/guide/deploy.html) into the steps
 * `cdk bootstrap` and `cdk deploy --all` make: manifest.json's `aws:cloudformation:stack` artifacts give each stack's
 * environment (aws://ACCOUNT/REGION), its dependencies, its template, the deploy role to assume and the
 * CloudFormation execution role; its `cdk:asset-manifest` artifacts give the file assets and where to publish them
 * (bucket, key, publishing role). The steps, in order:
 * 1. bootstrap every environment a stack names, here or in a nested assembly (a CDK Pipelines stage), as
 *    `cdk bootstrap --trust <pipeline account> --cloudformation-execution-policies AdministratorAccess` does
 *    (cdk-bootstrap.ts); the trusted accounts are those of the top-level stacks holding a pipeline
 *    (AWS::CodePipeline::Pipeline), other than the environment's own;
 * 2. for each top-level stack in dependency order (the manifest's order among independent stacks, as the CLI's
 *    default --concurrency 1 deploys them): publish its file assets (the template included) as cdk-assets does,
 *    then deploy it as the deploy role with the execution role as CloudFormation's RoleARN, from the published
 *    template, with CAPABILITY_IAM, CAPABILITY_NAMED_IAM and CAPABILITY_AUTO_EXPAND (what the CLI passes).
 * Stacks of nested assemblies are not deployed here: a CDK Pipelines pipeline deploys them when it runs.
 * Deviations: docker image assets are not published (xacct does not emulate ECR: said in the notes); context
 * lookups are not made (the assembly must be synthesized already); an environment-agnostic stack is refused.
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

function environmentOf(id: string, a: Artifact, where: string): { account: string; region: string } {
  const m = /^aws:\/\/(\d{12})\/([a-z0-9-]+)$/.exec(a.environment ?? '');
  if (!m) {
    throw new PlanError(
      `${where}: stack ${id} has environment "${a.environment ?? ''}": xacct deploys each stack to the account and region its environment names; give the stack env: { account, region } (environment-agnostic stacks are deployed by the CDK CLI to the credentials' account, which xacct does not have)`,
    );
  }
  return { account: m[1]!, region: m[2]! };
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

export async function readCloudAssembly(path: string): Promise<DeployDocument> {
  const dir = resolve(path);
  const what = 'cdk.out';
  const top = readAssembly(dir, what);
  const notes: string[] = [];
  const stacks = ordered(stacksOf(top), `${what} manifest.json`);
  if (stacks.length === 0) throw new PlanError(`${what} manifest.json: no stacks (aws:cloudformation:stack artifacts) to deploy`);
  const children = nested(top, what);

  const templates = new Map<string, { Resources?: Record<string, { Type?: string }> }>();
  for (const [id, a] of stacks) templates.set(id, readJson(join(dir, String(a.properties?.['templateFile'] ?? '')), `${what} stack ${id} template`));
  const pipelineAccounts = [...new Set(stacks.filter(([id]) => holdsPipeline(templates.get(id)!)).map(([id, a]) => environmentOf(id, a, `${what} manifest.json`).account))];

  const accounts: string[] = [];
  const steps: PlanStep[] = [];
  const environments = new Map<string, { account: string; region: string }>();
  for (const asm of [top, ...children]) {
    for (const [id, a] of stacksOf(asm)) {
      const env = environmentOf(id, a, `${what} manifest.json`);
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

  for (const [id, a] of stacks) {
    const env = environmentOf(id, a, `${what} manifest.json`);
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
