/**
 * The steps of the cross-account artifact hand-off, each a real SDK call made by the principal CodePipeline uses:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 *   1. CodePipeline (codepipeline.amazonaws.com) assumes the pipeline service role;
 *   2. the pipeline role writes the source artifact to the artifact bucket, SSE-KMS with the artifact key;
 *   3. the pipeline role assumes the action role in the target account;
 *   4. the action role reads the artifact (S3 GetObject, S3 decrypting through KMS as the action role);
 *   5. the action role calls CloudFormation passing the deploy role, or writes the extracted files into the
 *      target's deploy bucket.
 * When the backend does not emulate CloudFormation, step 5 checks iam:PassRole, the same-account rule and the
 * deploy role's trust through the policy engine, and says so in the report.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { unzipSync, strFromU8 } from 'fflate';
import type { ClientConfig } from '../index.js';
import { sourceArtifact } from './artifact.js';
import type { HandoffNames } from './names.js';
import type { Explanation, Step, StepContext } from './scenario.js';

/** An AWS-shaped failure a step raises itself (the engine-checked CloudFormation step, a failed stack). */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';

  constructor(
    readonly code: string,
    readonly status: number | undefined,
    message: string,
    readonly explanation?: Explanation,
  ) {
    super(message);
  }
}

function session(ctx: StepContext, name: string): ClientConfig {
  const s = ctx.sessions.get(name);
  if (!s) throw new Error(`step needs the "${name}" session, which an earlier step did not obtain`);
  return s;
}

export interface AssumePipelineRoleOptions {
  /** The service principal CodePipeline acts as. */
  service?: string;
}

export function assumePipelineRole(o: AssumePipelineRoleOptions = {}): Step {
  const service = o.service ?? 'codepipeline.amazonaws.com';
  return {
    id: 'assume-pipeline-role',
    title: 'CodePipeline assumes the pipeline service role',
    principal: () => service,
    async run(ctx) {
      // CodePipeline names its role sessions with the epoch time in milliseconds (errors.jsonl E049 notes).
      ctx.sessions.set('pipeline', await ctx.world.assumeRoleAsService(ctx.names.pipelineRoleArn, service, String(Date.now())));
    },
  };
}

export interface WriteArtifactOptions {
  /** 'store': SSE-KMS with the artifact store's key (default); 'aws/s3': SSE-KMS with the AWS-managed key; 'none': no SSE header. */
  encryption?: 'store' | 'aws/s3' | 'none';
  /** How the key is named in the request: its ARN (default) or its alias name. */
  keyBy?: 'arn' | 'alias';
  /** Send the request over plain HTTP (aws:SecureTransport false). */
  insecure?: boolean;
  /** Which session writes: the pipeline role (default) or another obtained earlier. */
  as?: string;
}

export function artifactKey(names: HandoffNames): string {
  // AWS lays artifacts out as <pipeline name (20 chars)>/<artifact name (10 chars)>/<random>.
  return `${names.pipelineName.slice(0, 20)}/${names.options.names.sourceArtifact.slice(0, 10)}/xacct01`;
}

export function writeArtifact(o: WriteArtifactOptions = {}): Step {
  const as = o.as ?? 'pipeline';
  return {
    id: 'write-artifact',
    title: 'The pipeline role writes the source artifact to the artifact bucket',
    principal: (n) => (as === 'pipeline' ? `${n.pipelineRoleArn} (session)` : as),
    async run(ctx) {
      const body = sourceArtifact();
      const key = artifactKey(ctx.names);
      const input: PutObjectCommandInput = { Bucket: ctx.names.artifactBucket, Key: key, Body: body };
      const encryption = o.encryption ?? (ctx.names.options.artifactKey === 'customer' ? 'store' : 'aws/s3');
      if (encryption !== 'none') input.ServerSideEncryption = 'aws:kms';
      if (encryption === 'store') input.SSEKMSKeyId = o.keyBy === 'alias' ? ctx.names.keyAlias : ctx.names.keyArn;
      const config = session(ctx, as);
      const client = new S3Client(o.insecure ? ctx.world.configFor(config.credentials, { insecure: true }) : config);
      await client.send(new PutObjectCommand(input));
      ctx.state.set('artifact', { key, body });
    },
  };
}

export interface AssumeActionRoleOptions {
  /** ExternalId to send; defaults to the one the setup requires, if any. `null` sends none. */
  externalId?: string | null;
}

export function assumeActionRole(o: AssumeActionRoleOptions = {}): Step {
  return {
    id: 'assume-action-role',
    title: 'The pipeline role assumes the action role in the target account',
    principal: (n) => `${n.pipelineRoleArn} (session)`,
    async run(ctx) {
      const sts = new STSClient(session(ctx, 'pipeline'));
      const externalId = o.externalId === null ? undefined : (o.externalId ?? ctx.names.externalId);
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: ctx.names.actionRoleArn, RoleSessionName: String(Date.now()), ExternalId: externalId }));
      const c = out.Credentials!;
      ctx.sessions.set('action', ctx.world.configFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
    },
  };
}

async function readBody(body: unknown): Promise<Buffer> {
  const b = body as { transformToByteArray?: () => Promise<Uint8Array> };
  if (b?.transformToByteArray) return Buffer.from(await b.transformToByteArray());
  throw new Error('GetObject returned no body');
}

export interface ReadArtifactOptions {
  as?: string;
}

export function readArtifact(o: ReadArtifactOptions = {}): Step {
  const as = o.as ?? 'action';
  return {
    id: 'read-artifact',
    title: 'The action role reads the artifact (S3 decrypts it through KMS as the action role)',
    principal: (n) => (as === 'action' ? `${n.actionRoleArn} (session)` : as),
    async run(ctx) {
      const written = ctx.state.get('artifact') as { key: string; body: Buffer } | undefined;
      const key = written?.key ?? artifactKey(ctx.names);
      const s3 = new S3Client(session(ctx, as));
      const out = await s3.send(new GetObjectCommand({ Bucket: ctx.names.artifactBucket, Key: key }));
      const body = await readBody(out.Body);
      if (written && !body.equals(written.body)) {
        throw new Error(`the artifact came back different from what was written (${body.length} bytes, wrote ${written.body.length})`);
      }
      ctx.state.set('artifact-read', body);
    },
  };
}

function templateOf(ctx: StepContext): string {
  const zip = (ctx.state.get('artifact-read') ?? (ctx.state.get('artifact') as { body: Buffer } | undefined)?.body) as Buffer | undefined;
  if (!zip) throw new Error('no artifact was read before the deploy step');
  const files = unzipSync(new Uint8Array(zip));
  const path = ctx.names.options.names.templatePath.split('::')[1] ?? 'template.yaml';
  const template = files[path];
  if (!template) throw new Error(`the artifact has no ${path}`);
  return strFromU8(template);
}

const TERMINAL = /(_COMPLETE|_FAILED)$/;

export function deployCloudFormation(): Step {
  return {
    id: 'deploy-cloudformation',
    title: 'The action role creates the stack, passing the deploy role to CloudFormation',
    principal: (n) => `${n.actionRoleArn} (session)`,
    async run(ctx) {
      const config = session(ctx, 'action');
      if (!ctx.world.has('cloudformation')) {
        await engineCheckedPassRole(ctx, config);
        return;
      }
      const cfn = new CloudFormationClient(config);
      await cfn.send(
        new CreateStackCommand({
          StackName: ctx.names.stackName,
          TemplateBody: templateOf(ctx),
          RoleARN: ctx.names.deployRoleArn,
          Capabilities: ['CAPABILITY_NAMED_IAM'],
        }),
      );
      for (let i = 0; i < 200; i++) {
        const out = await cfn.send(new DescribeStacksCommand({ StackName: ctx.names.stackName }));
        const status = out.Stacks?.[0]?.StackStatus ?? '';
        if (status === 'CREATE_COMPLETE') return;
        if (TERMINAL.test(status)) {
          const events = await cfn.send(new DescribeStackEventsCommand({ StackName: ctx.names.stackName }));
          const failed = events.StackEvents?.find((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason);
          throw new StepFailure(failed?.ResourceStatus ?? status, undefined, failed?.ResourceStatusReason ?? `stack ended in ${status}`);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('the stack did not finish in time');
    },
  };
}

/**
 * What CloudFormation checks before it accepts a service role, through the engine: the role must be in the caller's
 * account ("Cross-account pass role is not allowed.", errors.jsonl E067), the caller needs iam:PassRole on it
 * (E066), and cloudformation.amazonaws.com must be able to assume it (E068).
 */
async function engineCheckedPassRole(ctx: StepContext, config: ClientConfig): Promise<void> {
  ctx.note('CloudFormation is not emulated by this backend: iam:PassRole, the same-account rule and the role trust were checked through the policy engine');
  const decide = ctx.world.decide;
  if (!decide) throw new Error('this backend can neither run CloudFormation nor evaluate policies');
  const caller = await ctx.world.whoAmI(config);
  const roleArn = ctx.names.deployRoleArn;
  const roleAccount = /^arn:aws:iam::(\d{12}):/.exec(roleArn)?.[1];
  if (roleAccount !== caller.account) {
    throw new StepFailure('AccessDenied', 403, 'Cross-account pass role is not allowed.', {
      decision: 'implicitDeny',
      explanation: `CloudFormation only accepts a service role from the caller's own account: the caller is in ${caller.account}, the role ${roleArn} is in ${roleAccount}.`,
      fix: `create the deploy role in account ${caller.account} (the action role's account) and pass that role`,
    });
  }
  const pass = await decide(caller.principal, { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }, 'cloudformation');
  if (pass.decision !== 'allowed') throw new StepFailure('AccessDenied', 403, pass.message, pass.explanation);
  const service = { arn: 'cloudformation.amazonaws.com', type: 'Service' as const, service: 'cloudformation.amazonaws.com' };
  const trust = await decide(service, { action: 'sts:AssumeRole', resource: roleArn, trustOf: roleArn }, 'sts');
  if (trust.decision !== 'allowed') throw new StepFailure('ValidationError', 400, `Role ${roleArn} is invalid or cannot be assumed`, trust.explanation);
}

export interface S3DeployOptions {
  /** Extract the zip (default) or copy the artifact as one object. */
  extract?: boolean;
}

export function s3Deploy(o: S3DeployOptions = {}): Step {
  return {
    id: 's3-deploy',
    title: 'The action role writes the extracted artifact into the deploy bucket',
    principal: (n) => `${n.actionRoleArn} (session)`,
    async run(ctx) {
      const zip = ctx.state.get('artifact-read') as Buffer | undefined;
      if (!zip) throw new Error('no artifact was read before the deploy step');
      const s3 = new S3Client(session(ctx, 'action'));
      if (o.extract === false) {
        await s3.send(new PutObjectCommand({ Bucket: ctx.names.deployBucket, Key: ctx.names.sourceObjectKey, Body: zip }));
        return;
      }
      const files = unzipSync(new Uint8Array(zip));
      for (const [name, body] of Object.entries(files)) {
        await s3.send(new PutObjectCommand({ Bucket: ctx.names.deployBucket, Key: name, Body: Buffer.from(body) }));
      }
    },
  };
}

/** The CloudFormation hand-off: steps 1–4 and the CloudFormation deploy. */
export function cloudFormationHandoff(o: { write?: WriteArtifactOptions; assume?: AssumeActionRoleOptions } = {}): Step[] {
  return [assumePipelineRole(), writeArtifact(o.write), assumeActionRole(o.assume), readArtifact(), deployCloudFormation()];
}

/** The S3 deploy hand-off: steps 1–4 and the S3 deploy. */
export function s3DeployHandoff(o: { write?: WriteArtifactOptions; assume?: AssumeActionRoleOptions } = {}): Step[] {
  return [assumePipelineRole(), writeArtifact(o.write), assumeActionRole(o.assume), readArtifact(), s3Deploy()];
}

export interface RunPipelineOptions {
  /** How long to wait for the execution to end. */
  timeoutMs?: number;
}

/**
 * Runs the whole pipeline as CodePipeline would: uploads app.zip to the source bucket (as the pipeline account),
 * starts an execution, waits for it, and fails with the failing action's error (GetPipelineState's errorDetails,
 * worded as the console shows it) when the execution does not succeed.
 */
export function runPipeline(o: RunPipelineOptions = {}): Step {
  return {
    id: 'run-pipeline',
    title: 'The pipeline runs end to end: S3 source, then the deploy actions as the action role',
    principal: (n) => `arn:aws:iam::${n.pipelineAccount}:root (starts the execution)`,
    async run(ctx) {
      const { CodePipelineClient, StartPipelineExecutionCommand } = await import('@aws-sdk/client-codepipeline');
      const root = ctx.world.clientConfig(ctx.names.pipelineAccount);
      await new S3Client(root).send(
        new PutObjectCommand({ Bucket: ctx.names.sourceBucket, Key: ctx.names.sourceObjectKey, Body: sourceArtifact(), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: ctx.names.keyArn || undefined }),
      );
      const started = await new CodePipelineClient(root).send(new StartPipelineExecutionCommand({ name: ctx.names.pipelineName }));
      // The execution's calls run on behalf of StartPipelineExecution, so its refusals are kept under that request's id.
      await awaitExecution(ctx, started.pipelineExecutionId!, { timeoutMs: o.timeoutMs, explainUnder: started.$metadata.requestId });
    },
  };
}

/**
 * Waits for an execution of the pipeline to end and fails with the failing action's error (GetPipelineState's
 * errorDetails, worded as the console shows it), explained by the denial recorded under `explainUnder` (the id of
 * the request that started it), when it does not succeed.
 */
export async function awaitExecution(ctx: StepContext, id: string, o: { timeoutMs?: number; explainUnder?: string } = {}): Promise<void> {
  const { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand } = await import('@aws-sdk/client-codepipeline');
  const cp = new CodePipelineClient(ctx.world.clientConfig(ctx.names.pipelineAccount));
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  let status = 'InProgress';
  while (Date.now() < deadline) {
    const out = await cp.send(new GetPipelineExecutionCommand({ pipelineName: ctx.names.pipelineName, pipelineExecutionId: id }));
    status = out.pipelineExecution?.status ?? 'Unknown';
    if (!['InProgress', 'Stopping'].includes(status)) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  ctx.state.set('pipeline-execution', id);
  if (status === 'Succeeded') return;
  const state = await cp.send(new GetPipelineStateCommand({ name: ctx.names.pipelineName }));
  for (const stage of state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const latest = action.latestExecution;
      if (latest?.status === 'Failed' && latest.errorDetails) {
        ctx.note(`execution ${id} failed at stage ${stage.stageName}, action ${action.actionName}`);
        const explanation = o.explainUnder ? await ctx.world.explain(o.explainUnder) : undefined;
        throw new StepFailure(latest.errorDetails.code ?? 'JobFailed', undefined, latest.errorDetails.message ?? '', explanation);
      }
    }
  }
  throw new Error(`the execution ended ${status} without a failed action`);
}

/**
 * Whether `e` is a StepFailure. Scenario files may load their own copy of this module (a TypeScript scenario next to
 * a compiled runner), so the check reads the shape rather than the class.
 */
export function isStepFailure(e: unknown): e is StepFailure {
  return e instanceof Error && e.name === 'StepFailure' && typeof (e as StepFailure).code === 'string';
}
