/**
 * Applies deploy plans (types.ts: a CloudFormation deploy plan or a CDK cloud assembly read into one) through the
 * emulator's AWS APIs, step by step in the plan's order, stopping at the first step that fails: a stack that does not
 * deploy is an ApplyResourceError naming the deployment, with the reason of the stack's first failed resource event
 * (and, when that reason carries one, the AWS error code and HTTP status, so a scenario can expect a refusal at
 * "apply"). The result lists each deployed stack's resources, so the runner reads the pipeline's names as it does
 * for Terraform: a CloudFormation AWS::CodePipeline::Pipeline is listed with type `aws_codepipeline`.
 * Same shape as the Terraform applier's apply/planAll (runner.ts, check.ts choose by the setup's kind, setup.ts).
 */
import { readFileSync } from 'node:fs';
import { CloudFormationClient, DescribeStackResourcesCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { DEFAULT_ENDPOINT, endpointResolver } from '../endpoint.js';
import { ApplyResourceError, awsErrorParts } from '../errors.js';
import type { AccountCredentialsResolver, ApplyEvent, ApplyResult, AppliedResource } from '../types.js';
import { bootstrap } from './cdk-bootstrap.js';
import { deployStack } from './deploy-stack.js';
import { publishFileAsset } from './file-asset.js';
import { Identities } from './identity.js';
import { isDeployDocument, type DeployDocument, type PlanValue, type StackStep } from './types.js';

export interface DeployApplyOptions {
  resolver?: AccountCredentialsResolver;
  endpoint?: string;
  onProgress?: (e: ApplyEvent) => void;
}

/** Resource types listed under the Terraform type the runner's name reading looks for. */
const AS_TERRAFORM: Record<string, string> = { 'AWS::CodePipeline::Pipeline': 'aws_codepipeline' };

function documents(docs: object[]): DeployDocument[] {
  return docs.map((d, i) => {
    if (!isDeployDocument(d)) throw new Error(`document ${i} is not a deploy plan`);
    return d;
  });
}

/** The accounts the plans deploy to, in the shape the runner and check read from the Terraform planner. */
export function planAll(docs: object[]): Array<{ nodes: Array<{ provider: { account: string } }> }> {
  return documents(docs).map((d) => ({ nodes: d.accounts.map((account) => ({ provider: { account } })) }));
}

/**
 * The code and status in a resource's failure reason: a classic handler's `(Service: …; Status Code: 400; Error Code:
 * X; …)`, or a registry handler's `(Service: …, Status Code: 400, …)" (…, HandlerErrorCode: X)`.
 */
function codeOf(reason: string): { code?: string; status?: number } {
  const status = /Status Code: (\d{3})/.exec(reason)?.[1];
  const code = /(?:^|[ (;])Error Code: ([\w.]+)/.exec(reason)?.[1] ?? /HandlerErrorCode: ([\w.]+)/.exec(reason)?.[1];
  return { code, status: status ? Number(status) : undefined };
}

export async function apply(input: object | object[], opts: DeployApplyOptions = {}): Promise<ApplyResult> {
  const plans = documents(Array.isArray(input) ? input : [input]);
  const resolver = opts.resolver ?? endpointResolver(opts.endpoint ?? DEFAULT_ENDPOINT);
  const ids = new Identities(resolver);
  const result: ApplyResult = { resources: [], data: [], outputs: {} };
  const created: string[] = [];
  const note = (message: string) => opts.onProgress?.({ type: 'note', message });
  for (const plan of plans) {
    for (const n of plan.notes) note(n);
    /** Outputs of the stacks deployed so far, the latest deployment of each name last. */
    const deployed: Array<{ name: string; stack: Stack }> = [];
    for (const step of plan.steps) {
      opts.onProgress?.({ type: 'start', address: step.label, account: step.account });
      const fail = (e: unknown): never => {
        if (e instanceof ApplyResourceError) throw new ApplyResourceError(e.address, e.code, e.awsMessage, e.statusCode, [...created]);
        const { code, message, statusCode } = awsErrorParts(e);
        throw new ApplyResourceError(step.label, code, message, statusCode, [...created]);
      };
      if (step.type === 'bootstrap') {
        await bootstrap(step, ids, note).catch(fail);
        created.push(step.label);
        continue;
      }
      if (step.type === 'file-asset') {
        await publishFileAsset(step, ids).catch(fail);
        created.push(step.label);
        continue;
      }
      const stack = await deployOne(step, ids, deployed).catch(fail);
      deployed.push({ name: step.stackName, stack });
      created.push(step.label);
      const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
      result.outputs[`${step.stackName}@${step.account}`] = outputs;
      // A stack deployed again is listed once, as it now stands.
      result.resources = result.resources.filter((r) => !(r.stack === step.stackName && r.account === step.account));
      for (const r of await stackResources(step, ids)) {
        result.resources.push(r);
        opts.onProgress?.({ type: 'done', resource: r });
      }
    }
  }
  return result;
}

function value(v: PlanValue, step: StackStep, deployed: Array<{ name: string; stack: Stack }>): string {
  if (typeof v === 'string') return v;
  const from = deployed.filter((d) => d.name === v.output.stack).at(-1);
  const out = from?.stack.Outputs?.find((o) => o.OutputKey === v.output.key);
  if (!out) {
    const has = from?.stack.Outputs?.map((o) => o.OutputKey).join(', ');
    throw new ApplyResourceError(step.label, 'OutputNotFound', `stack ${v.output.stack} has no output ${v.output.key}${has ? ` (its outputs: ${has})` : ''}`, undefined, []);
  }
  return out.OutputValue ?? '';
}

async function deployOne(step: StackStep, ids: Identities, deployed: Array<{ name: string; stack: Stack }>): Promise<Stack> {
  const config = await ids.as(step.as, step.account, step.region);
  // A template the CDK CLI has published is read by CloudFormation from the assets bucket, as the caller, at the
  // REST URL the CLI makes of stackTemplateAssetObjectUrl (https://s3.REGION.amazonaws.com/BUCKET/KEY).
  const template = step.templateObject
    ? { TemplateURL: `https://s3.${step.region}.amazonaws.com/${step.templateObject.bucket}/${step.templateObject.key}` }
    : { TemplateBody: readFileSync(step.templateFile, 'utf8') };
  const parameters = Object.fromEntries(Object.entries(step.parameters).map(([k, v]) => [k, value(v, step, deployed)]));
  const outcome = await deployStack(config, { stackName: step.stackName, template, parameters, capabilities: step.capabilities, roleArn: step.roleArn, tags: step.tags });
  if (outcome.ok) return outcome.stack;
  const { code, status } = codeOf(outcome.reason);
  const where = outcome.logicalId ? `${outcome.logicalId}: ` : '';
  throw new ApplyResourceError(step.label, code ?? outcome.status, `${outcome.status}: ${where}${outcome.reason}`, status, []);
}

async function stackResources(step: StackStep, ids: Identities): Promise<AppliedResource[]> {
  const cfn = new CloudFormationClient(await ids.admin(step.account, step.region));
  const out = await cfn.send(new DescribeStackResourcesCommand({ StackName: step.stackName }));
  return (out.StackResources ?? []).map((r) => ({
    address: `${step.stackName}.${r.LogicalResourceId}`,
    mode: 'managed' as const,
    type: AS_TERRAFORM[r.ResourceType ?? ''] ?? r.ResourceType ?? '',
    name: r.LogicalResourceId ?? '',
    stack: step.stackName,
    provider: 'cloudformation',
    account: step.account,
    region: step.region,
    attributes: { name: r.PhysicalResourceId ?? '', id: r.PhysicalResourceId ?? '', resource_type: r.ResourceType ?? '' },
  }));
}
