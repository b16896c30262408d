/**
 * The steps of the cross-account artifact hand-off, each a real SDK call made by the principal CodePipeline uses:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 *   1. CodePipeline (codepipeline.amazonaws.com) assumes the pipeline service role;
 *   2. the writer of the artifact the deploy actions read writes it to the artifact bucket: the pipeline role with the
 *      artifact key (the reference setup), or on an applied pipeline where another action produces it, that action's
 *      role (assumed by the pipeline role's session) with the store's key, or its CodeBuild project's service role
 *      (assumed as codebuild.amazonaws.com) with the project's key or aws/s3, as `xacct check`'s hops derive it;
 *   3. the pipeline role assumes the action role in the target account;
 *   4. the action role reads the artifact (S3 GetObject, S3 decrypting through KMS as the action role);
 *   5. the action role calls CloudFormation passing the deploy role, or writes the extracted files into the
 *      target's deploy bucket.
 * Steps 3–5 act for each cross-account deploy action of the pipeline in turn (a test stage, then a prod stage), or for
 * those a scenario selects by pipeline, stage and action; the report names the role used for each.
 * When the backend does not emulate CloudFormation, step 5 checks iam:PassRole, the same-account rule and the
 * deploy role's trust through the policy engine, and says so in the report.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ActionDeclaration, ActionExecution, PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { unzipSync, strFromU8 } from 'fflate';
import { accountOfArn, SERVICE_OF } from '../check/hops.js';
import type { ClientConfig } from '../index.js';
import { CREATES_NOTHING_TEMPLATE, sourceArtifact } from './artifact.js';
import type { HandoffNames, HandoffTarget } from './names.js';
import type { Explanation, Step, StepContext } from './scenario.js';

/** Declaring the pipeline again (UpdatePipeline), for changes CodePipeline checks when a pipeline is declared. */
export { updatePipeline } from './pipeline-declaration.js';

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

/**
 * A step found nothing of its kind in the applied pipeline (an S3 deploy step on a pipeline with no S3 deploy
 * action): the scenario does not apply to this setup, and is reported so, never as passed or failed.
 */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
}

/**
 * A step could not reach what it checks for a reason that is not the setup's: a build whose artifacts its buildspec
 * commands would make, when they were not run. The scenario is reported as not provable, never as failed.
 */
export class NotProvable extends Error {
  override readonly name = 'NotProvable';
}

export function isNotProvable(e: unknown): e is NotProvable {
  return e instanceof Error && e.name === 'NotProvable';
}

/** Whether `e` is a NotApplicable (read by shape, as isStepFailure reads a StepFailure). */
export function isNotApplicable(e: unknown): e is NotApplicable {
  return e instanceof Error && e.name === 'NotApplicable';
}

/**
 * Steps that start the pipeline by uploading app.zip to its S3 source bucket apply only to a pipeline whose source is
 * S3; on another source (a CDK Pipelines app's CodeCommit repository) the step is not applicable, and says why,
 * rather than failing with NoSuchBucket on the reference setup's bucket name.
 */
export function requireS3Source(names: HandoffNames, what: string): void {
  const s = names.source;
  if (s && s.provider !== 'S3') {
    throw new NotApplicable(`the pipeline ${names.pipelineName} has no S3 source bucket for ${what} to upload app.zip to (its source is ${s.provider}, action ${s.stage}/${s.action})`);
  }
}

function session(ctx: StepContext, name: string): ClientConfig {
  const s = ctx.sessions.get(name);
  if (!s) throw new Error(`step needs the "${name}" session, which an earlier step did not obtain`);
  return s;
}

/** Which deploy actions a hand-off step acts for; unset fields match any. */
export interface ActionSelector {
  pipeline?: string;
  stage?: string;
  action?: string;
}

/**
 * The cross-account deploy actions of one provider a step acts for, in stage order. The first of the provider takes
 * the names' top-level fields (what a step changing them, or a setup without a pipeline, means).
 */
export function targetsOf(names: HandoffNames, provider: HandoffTarget['provider'], select: ActionSelector = {}): HandoffTarget[] {
  const all = names.targets.filter((t) => t.provider === provider);
  // Targets read from an applied pipeline name it; the reference names without one stand in for its actions.
  if (all.length === 0 && names.targets.some((t) => t.pipeline)) {
    const have = names.targets.map((t) => `${t.stage ?? '?'}/${t.action ?? '?'} (${t.provider})`).join(', ');
    throw new NotApplicable(`the pipeline ${names.pipelineName} has no ${provider} deploy action (it has: ${have})`);
  }
  const first = all[0];
  const resolved = all.map((t) =>
    t === first
      ? { ...t, targetAccount: names.targetAccount, actionRoleArn: names.actionRoleArn, deployRoleArn: names.deployRoleArn, stackName: names.stackName, deployBucket: names.deployBucket }
      : t,
  );
  if (resolved.length === 0) resolved.push({ provider, targetAccount: names.targetAccount, actionRoleArn: names.actionRoleArn, deployRoleArn: names.deployRoleArn, stackName: names.stackName, deployBucket: names.deployBucket });
  const chosen = resolved.filter((t) => (!select.pipeline || t.pipeline === select.pipeline) && (!select.stage || t.stage === select.stage) && (!select.action || t.action === select.action));
  if (chosen.length === 0) {
    const have = resolved.map((t) => `${t.stage ?? '?'}/${t.action ?? '?'}`).join(', ');
    throw new Error(`no cross-account ${provider} deploy action matches ${JSON.stringify(select)} (the pipeline ${names.pipelineName} has: ${have})`);
  }
  return chosen;
}

/** How the report names a target: its stage and action, when the pipeline states them. */
export function targetLabel(t: HandoffTarget): string {
  return t.action ? `${t.stage ? `stage ${t.stage}, ` : ''}action ${t.action}` : 'the deploy action';
}

/**
 * The key of the session a target's action role was assumed into: `action:<pipeline>/<stage>/<action>`. The whole
 * path, because CDK Pipelines names the actions of every stage alike (Prepare, Deploy): keyed by action name only,
 * Prod/Prepare's session replaced Test/Prepare's and the test stage's deploy passed its role from the prod account.
 */
export function actionSessionKey(t: HandoffTarget): string {
  return `action:${t.pipeline ?? ''}/${t.stage ?? ''}/${t.action ?? ''}`;
}

/** The session a target's action role was assumed into (`action` also holds the first target's, for custom steps). */
function actionSession(ctx: StepContext, t: HandoffTarget, index: number): ClientConfig {
  return ctx.sessions.get(actionSessionKey(t)) ?? session(ctx, index === 0 ? 'action' : actionSessionKey(t));
}

/** The roles a step acts as, for the report's principal column. */
function rolesOf(n: HandoffNames, provider: HandoffTarget['provider'], select: ActionSelector, role: (t: HandoffTarget) => string, only: (t: HandoffTarget) => boolean = () => true): string {
  try {
    const targets = targetsOf(n, provider, select).filter(only);
    if (targets.length === 0) return 'none of the selected actions';
    if (targets.length === 1) return `${role(targets[0]!)} (session)`;
    return targets.map((t) => `${role(t)} (session, ${t.action})`).join(', ');
  } catch {
    return `${n.actionRoleArn} (session)`;
  }
}

/**
 * Runs `each` for every target in turn; when one fails, the report says which action and role it was (a two-target
 * pipeline's prod hop failing after its test hop succeeded).
 */
async function forEachTarget(ctx: StepContext, step: string, targets: HandoffTarget[], role: (t: HandoffTarget) => string, each: (t: HandoffTarget, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (targets.length > 1 || t.action) ctx.note(`${step}: for ${targetLabel(t)}, as ${role(t)}`);
    try {
      await each(t, i);
    } catch (e) {
      if (targets.length > 1) ctx.note(`${step} failed for ${targetLabel(t)} (role ${role(t)})`);
      throw e;
    }
  }
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
  /**
   * 'store': SSE-KMS with the artifact store's key (the default when the pipeline role or an action role writes);
   * 'aws/s3': SSE-KMS with the AWS-managed key; 'none': no SSE header. A CodeBuild writer defaults to its project's
   * key (aws/s3 when the project names none), as CodeBuild encrypts a build's output artifacts.
   */
  encryption?: 'store' | 'aws/s3' | 'none';
  /** How the key is named in the request: its ARN (default) or its alias name. */
  keyBy?: 'arn' | 'alias';
  /** Send the request over plain HTTP (aws:SecureTransport false). */
  insecure?: boolean;
  /** Which session writes: another obtained earlier. Unset: the writer of the artifact the deploy reads (names.writer). */
  as?: string;
  /**
   * The scenario is about the pipeline role's own write (a mutation of the pipeline role): on a pipeline where
   * something else writes the artifact the deploy reads (a source action's role, a CodeBuild project), the step is
   * not applicable rather than testing a write the pipeline never makes.
   */
  pipelineRoleWrites?: boolean;
  /**
   * The scenario is about the key the artifact store encrypts with (a mutation of the store's key): where a CodeBuild
   * project with its own EncryptionKey writes the artifact the deploy reads, the store's key encrypts nothing the
   * deploy reads, and the step is not applicable.
   */
  storeKeyEncrypts?: boolean;
}

export function artifactKey(names: HandoffNames): string {
  // AWS lays artifacts out as <pipeline name (20 chars)>/<artifact name (10 chars)>/<random>.
  return `${names.pipelineName.slice(0, 20)}/${names.options.names.sourceArtifact.slice(0, 10)}/xacct01`;
}

/** The writer of the artifact the deploy reads when it is not the pipeline role; undefined when the pipeline role writes it. */
export function otherWriter(n: HandoffNames): Exclude<HandoffNames['writer'], undefined> | undefined {
  return n.writer && n.writer.kind !== 'pipeline-role' ? n.writer : undefined;
}

/**
 * A scenario about the artifact store's key applies only where that key encrypts what the deploy reads: not where a
 * CodeBuild project with its own EncryptionKey writes it (CDK Pipelines' synth step, refarch's build).
 */
function requireStoreKeyEncrypts(n: HandoffNames): void {
  const w = otherWriter(n);
  if (w?.kind === 'codebuild' && w.kmsKeyId) {
    throw new NotApplicable(`the artifact the deploy reads is written by the build of ${w.stage}/${w.action} (project ${w.project}), encrypted with the project's key ${w.kmsKeyId}, not with the artifact store's key`);
  }
}

/** How the report names who writes: the pipeline role, or the action whose role or build writes the artifact. */
function writerTitle(n: HandoffNames, as: string | undefined): string {
  const w = as ? undefined : otherWriter(n);
  if (!w) return 'The pipeline role writes the source artifact to the artifact bucket';
  if (w.kind === 'codebuild') return `The build of ${w.stage}/${w.action} (CodeBuild project ${w.project}, as its service role) writes the artifact the deploy reads to the artifact bucket`;
  return `The action role of ${w.stage}/${w.action}, assumed by the pipeline role, writes the artifact the deploy reads to the artifact bucket`;
}

export function writeArtifact(o: WriteArtifactOptions = {}): Step {
  return {
    id: 'write-artifact',
    title: 'The pipeline role writes the source artifact to the artifact bucket',
    titleFor: (n) => writerTitle(n, o.as),
    principal: (n) => {
      if (o.as && o.as !== 'pipeline') return o.as;
      const w = o.as ? undefined : otherWriter(n);
      if (w?.kind === 'codebuild') return `${w.roleArn} (session of ${SERVICE_OF.codebuild})`;
      return `${w?.roleArn ?? n.pipelineRoleArn} (session)`;
    },
    async run(ctx) {
      const w = o.as ? undefined : otherWriter(ctx.names);
      if (w && o.pipelineRoleWrites) {
        throw new NotApplicable(
          `the pipeline role of ${ctx.names.pipelineName} writes no artifact the deploy reads: ${w.kind === 'codebuild' ? `the build of ${w.stage}/${w.action} (project ${w.project}) writes it as ${w.roleArn}` : `the action ${w.stage}/${w.action} writes it as its role ${w.roleArn}`}`,
        );
      }
      if (o.storeKeyEncrypts) requireStoreKeyEncrypts(ctx.names);
      const body = sourceArtifact();
      const key = artifactKey(ctx.names);
      const input: PutObjectCommandInput = { Bucket: ctx.names.artifactBucket, Key: key, Body: body };
      const storeDefault = ctx.names.options.artifactKey === 'customer' ? 'store' : 'aws/s3';
      const encryption = o.encryption ?? (w?.kind === 'codebuild' ? 'project' : storeDefault);
      if (encryption !== 'none') input.ServerSideEncryption = 'aws:kms';
      if (encryption === 'store') input.SSEKMSKeyId = o.keyBy === 'alias' ? ctx.names.keyAlias : ctx.names.keyArn;
      // CodeBuild encrypts a build's outputs with the project's EncryptionKey, else the account's aws/s3 key:
      // https://docs.aws.amazon.com/codebuild/latest/APIReference/API_Project.html (encryptionKey)
      if (encryption === 'project' && w?.kind === 'codebuild' && w.kmsKeyId) input.SSEKMSKeyId = w.kmsKeyId;
      const config = await writerSession(ctx, o.as, w);
      const client = new S3Client(o.insecure ? ctx.world.configFor(config.credentials, { insecure: true }) : config);
      await client.send(new PutObjectCommand(input));
      ctx.state.set('artifact', { key, body });
    },
  };
}

/**
 * The session that writes: the one named, the pipeline role's, an action role the pipeline role's session assumes
 * (as CodePipeline does for an action with a roleArn), or the project's service role CodeBuild assumes
 * (codebuild.amazonaws.com, as assumePipelineRole assumes the pipeline role as CodePipeline).
 */
async function writerSession(ctx: StepContext, as: string | undefined, w: ReturnType<typeof otherWriter>): Promise<ClientConfig> {
  if (as) return session(ctx, as);
  if (!w) return session(ctx, 'pipeline');
  if (w.kind === 'codebuild') {
    ctx.note(`write-artifact: CodeBuild assumes ${w.roleArn}, the service role of project ${w.project} (${w.stage}/${w.action}), and writes with ${w.kmsKeyId ?? 'the aws/s3 key'}`);
    return ctx.world.assumeRoleAsService(w.roleArn, SERVICE_OF.codebuild, String(Date.now()));
  }
  ctx.note(`write-artifact: the pipeline role assumes ${w.roleArn}, the role of ${w.stage}/${w.action}, which writes the artifact`);
  const out = await new STSClient(session(ctx, 'pipeline')).send(new AssumeRoleCommand({ RoleArn: w.roleArn, RoleSessionName: String(Date.now()) }));
  const c = out.Credentials!;
  return ctx.world.configFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
}

export interface AssumeActionRoleOptions extends ActionSelector {
  /** ExternalId to send; defaults to the one the setup requires, if any. `null` sends none. */
  externalId?: string | null;
  /** The deploy actions whose roles to assume: 'CloudFormation' (default) or 'S3'. */
  provider?: HandoffTarget['provider'];
}

export function assumeActionRole(o: AssumeActionRoleOptions = {}): Step {
  const provider = o.provider ?? 'CloudFormation';
  return {
    id: 'assume-action-role',
    title: 'The pipeline role assumes the action role in the target account',
    principal: (n) => `${n.pipelineRoleArn} (session)`,
    async run(ctx) {
      const sts = new STSClient(session(ctx, 'pipeline'));
      const externalId = o.externalId === null ? undefined : (o.externalId ?? ctx.names.externalId);
      await forEachTarget(ctx, 'assume-action-role', targetsOf(ctx.names, provider, o), (t) => t.actionRoleArn, async (t, i) => {
        const out = await sts.send(new AssumeRoleCommand({ RoleArn: t.actionRoleArn, RoleSessionName: String(Date.now()), ExternalId: externalId }));
        const c = out.Credentials!;
        const config = ctx.world.configFor({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
        if (i === 0) ctx.sessions.set('action', config);
        ctx.sessions.set(actionSessionKey(t), config);
      });
    },
  };
}

async function readBody(body: unknown): Promise<Buffer> {
  const b = body as { transformToByteArray?: () => Promise<Uint8Array> };
  if (b?.transformToByteArray) return Buffer.from(await b.transformToByteArray());
  throw new Error('GetObject returned no body');
}

export interface ReadArtifactOptions extends ActionSelector {
  /** Read as this session only (default: each target's action role in turn). */
  as?: string;
  provider?: HandoffTarget['provider'];
}

export function readArtifact(o: ReadArtifactOptions = {}): Step {
  const provider = o.provider ?? 'CloudFormation';
  return {
    id: 'read-artifact',
    title: 'The action role reads the artifact (S3 decrypts it through KMS as the action role)',
    principal: (n) => (o.as && o.as !== 'action' ? o.as : rolesOf(n, provider, o, (t) => t.actionRoleArn, (t) => t.readsArtifact !== false)),
    async run(ctx) {
      const written = ctx.state.get('artifact') as { key: string; body: Buffer } | undefined;
      const key = written?.key ?? artifactKey(ctx.names);
      const read = async (config: ClientConfig) => {
        const out = await new S3Client(config).send(new GetObjectCommand({ Bucket: ctx.names.artifactBucket, Key: key }));
        const body = await readBody(out.Body);
        if (written && !body.equals(written.body)) {
          throw new Error(`the artifact came back different from what was written (${body.length} bytes, wrote ${written.body.length})`);
        }
        ctx.state.set('artifact-read', body);
      };
      if (o.as) return read(session(ctx, o.as));
      // An action with no input artifact (CDK Pipelines' CHANGE_SET_EXECUTE) reads none: AWS makes no GetObject for it.
      const readers = targetsOf(ctx.names, provider, o).filter((t) => t.readsArtifact !== false);
      for (const t of targetsOf(ctx.names, provider, o)) if (t.readsArtifact === false) ctx.note(`read-artifact: ${targetLabel(t)} takes no input artifact, and reads none`);
      await forEachTarget(ctx, 'read-artifact', readers, (t) => t.actionRoleArn, (t) => read(actionSession(ctx, t, targetsOf(ctx.names, provider, o).indexOf(t))));
    },
  };
}

/**
 * The template deployed: the reference app's, read from the artifact; on a user's setup one that creates nothing, so
 * the stack is created and passes the deploy role without creating anything. What the user's own template creates
 * needs the deploy role's permissions for those resources, which the hand-off cannot know; the reference app's bucket
 * and role would test permissions the user's deploy role has no reason to hold (the AWS reference architecture's
 * deployer role may not s3:CreateBucket).
 */
function templateOf(ctx: StepContext): string {
  if (ctx.names.userSetup) return CREATES_NOTHING_TEMPLATE;
  const zip = (ctx.state.get('artifact-read') ?? (ctx.state.get('artifact') as { body: Buffer } | undefined)?.body) as Buffer | undefined;
  if (!zip) throw new Error('no artifact was read before the deploy step');
  const files = unzipSync(new Uint8Array(zip));
  const path = ctx.names.options.names.templatePath.split('::')[1] ?? 'template.yaml';
  const template = files[path];
  if (!template) throw new Error(`the artifact has no ${path}`);
  return strFromU8(template);
}

const TERMINAL = /(_COMPLETE|_FAILED)$/;

/** The role a CloudFormation target acts as, and what it passes (executing a change set passes no role). */
function deployLabel(t: HandoffTarget): string {
  if (t.mode === 'CHANGE_SET_EXECUTE') return `${t.actionRoleArn} executing change set ${t.changeSetName ?? 'xacct-handoff'} of stack ${t.stackName}`;
  return `${t.actionRoleArn} passing ${t.deployRoleArn}`;
}

export function deployCloudFormation(o: ActionSelector = {}): Step {
  return {
    id: 'deploy-cloudformation',
    title: 'The action role creates the stack, passing the deploy role to CloudFormation',
    principal: (n) => rolesOf(n, 'CloudFormation', o, (t) => t.actionRoleArn),
    async run(ctx) {
      if (ctx.names.userSetup) ctx.note("deploy-cloudformation: on this setup the stack is deployed from a template that creates nothing: your template's own resources need the deploy role's permissions for them, which the hand-off does not guess");
      await forEachTarget(ctx, 'deploy-cloudformation', targetsOf(ctx.names, 'CloudFormation', o), deployLabel, async (t, i) => {
        const config = actionSession(ctx, t, i);
        if (!ctx.world.has('cloudformation')) {
          // Executing a change set passes no role: CloudFormation uses the one the change set was created with.
          if (t.mode === 'CHANGE_SET_EXECUTE') return ctx.note(`deploy-cloudformation: ${targetLabel(t)} executes a change set and passes no role: nothing to check`);
          await engineCheckedPassRole(ctx, config, t.deployRoleArn);
          return;
        }
        const cfn = new CloudFormationClient(config);
        if (t.mode === 'CHANGE_SET_REPLACE') await createChangeSet(ctx, cfn, t);
        else if (t.mode === 'CHANGE_SET_EXECUTE') await executeChangeSet(cfn, t);
        else await createStack(ctx, cfn, t);
      });
    },
  };
}

/** CHANGE_SET_REPLACE: the action role creates the change set, passing the deploy role; it must become CREATE_COMPLETE. */
async function createChangeSet(ctx: StepContext, cfn: CloudFormationClient, t: HandoffTarget): Promise<void> {
  const ChangeSetName = t.changeSetName ?? 'xacct-handoff';
  await cfn.send(
    new CreateChangeSetCommand({ StackName: t.stackName, ChangeSetName, ChangeSetType: 'CREATE', TemplateBody: templateOf(ctx), RoleARN: t.deployRoleArn, Capabilities: ['CAPABILITY_NAMED_IAM'] }),
  );
  for (let i = 0; i < 200; i++) {
    const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: t.stackName, ChangeSetName }));
    if (cs.Status === 'CREATE_COMPLETE') return;
    if (cs.Status === 'FAILED') throw new StepFailure('FAILED', undefined, cs.StatusReason ?? 'the change set failed');
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the change set was not created in time');
}

/** CHANGE_SET_EXECUTE: the action role executes the change set the earlier action created; the stack must complete. */
async function executeChangeSet(cfn: CloudFormationClient, t: HandoffTarget): Promise<void> {
  await cfn.send(new ExecuteChangeSetCommand({ StackName: t.stackName, ChangeSetName: t.changeSetName ?? 'xacct-handoff' }));
  await awaitStack(cfn, t);
}

async function createStack(ctx: StepContext, cfn: CloudFormationClient, t: HandoffTarget): Promise<void> {
  await cfn.send(
    new CreateStackCommand({
      StackName: t.stackName,
      TemplateBody: templateOf(ctx),
      RoleARN: t.deployRoleArn,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    }),
  );
  await awaitStack(cfn, t);
}

async function awaitStack(cfn: CloudFormationClient, t: HandoffTarget): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: t.stackName }));
    const status = out.Stacks?.[0]?.StackStatus ?? '';
    if (status === 'CREATE_COMPLETE') return;
    if (TERMINAL.test(status)) {
      const events = await cfn.send(new DescribeStackEventsCommand({ StackName: t.stackName }));
      const failed = events.StackEvents?.find((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason);
      throw new StepFailure(failed?.ResourceStatus ?? status, undefined, failed?.ResourceStatusReason ?? `stack ended in ${status}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the stack did not finish in time');
}

/**
 * What CloudFormation checks before it accepts a service role, through the engine: the role must be in the caller's
 * account ("Cross-account pass role is not allowed.", errors.jsonl E067), the caller needs iam:PassRole on it
 * (E066), and cloudformation.amazonaws.com must be able to assume it (E068).
 */
async function engineCheckedPassRole(ctx: StepContext, config: ClientConfig, roleArn: string): Promise<void> {
  ctx.note('CloudFormation is not emulated by this backend: iam:PassRole, the same-account rule and the role trust were checked through the policy engine');
  const decide = ctx.world.decide;
  if (!decide) throw new Error('this backend can neither run CloudFormation nor evaluate policies');
  const caller = await ctx.world.whoAmI(config);
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

export interface S3DeployOptions extends ActionSelector {
  /** Extract the zip (default) or copy the artifact as one object. */
  extract?: boolean;
}

export function s3Deploy(o: S3DeployOptions = {}): Step {
  return {
    id: 's3-deploy',
    title: 'The action role writes the extracted artifact into the deploy bucket',
    principal: (n) => rolesOf(n, 'S3', o, (t) => t.actionRoleArn),
    async run(ctx) {
      const zip = ctx.state.get('artifact-read') as Buffer | undefined;
      if (!zip) throw new Error('no artifact was read before the deploy step');
      await forEachTarget(ctx, 's3-deploy', targetsOf(ctx.names, 'S3', o), (t) => `${t.actionRoleArn} into ${t.deployBucket}`, async (t, i) => {
        const s3 = new S3Client(actionSession(ctx, t, i));
        if (o.extract === false) {
          await s3.send(new PutObjectCommand({ Bucket: t.deployBucket, Key: ctx.names.sourceObjectKey, Body: zip }));
          return;
        }
        const files = unzipSync(new Uint8Array(zip));
        for (const [name, body] of Object.entries(files)) {
          await s3.send(new PutObjectCommand({ Bucket: t.deployBucket, Key: name, Body: Buffer.from(body) }));
        }
      });
    },
  };
}

export interface HandoffOptions extends ActionSelector {
  write?: WriteArtifactOptions;
  assume?: AssumeActionRoleOptions;
}

/**
 * The CloudFormation hand-off: steps 1–4 and the CloudFormation deploy, for the cross-account CloudFormation actions
 * `pipeline`, `stage` and `action` select (by default every one, in stage order: each step runs for each in turn).
 */
export function cloudFormationHandoff(o: HandoffOptions = {}): Step[] {
  const select: ActionSelector = { pipeline: o.pipeline, stage: o.stage, action: o.action };
  return [assumePipelineRole(), writeArtifact(o.write), assumeActionRole({ ...select, ...o.assume }), readArtifact(select), deployCloudFormation(select)];
}

/** The S3 deploy hand-off: steps 1–4 and the S3 deploy, for the cross-account S3 deploy actions selected (default all). */
export function s3DeployHandoff(o: HandoffOptions = {}): Step[] {
  const select: ActionSelector = { pipeline: o.pipeline, stage: o.stage, action: o.action };
  return [assumePipelineRole(), writeArtifact(o.write), assumeActionRole({ ...select, provider: 'S3', ...o.assume }), readArtifact({ ...select, provider: 'S3' }), s3Deploy(select)];
}

export interface RunPipelineOptions {
  /** How long to wait for the execution to end. */
  timeoutMs?: number;
  /** The scenario is about the artifact store's key: not applicable where a build's own key encrypts what the deploy reads. */
  storeKeyEncrypts?: boolean;
}

/**
 * Runs the whole pipeline as CodePipeline would: uploads app.zip to the source bucket (as the pipeline account), or
 * commits the sample app to its CodeCommit repository (startFromCommit),
 * starts an execution, waits for it, and fails with the failing action's error (GetPipelineState's errorDetails,
 * worded as the console shows it) when the execution does not succeed.
 */
export function runPipeline(o: RunPipelineOptions = {}): Step {
  return {
    id: 'run-pipeline',
    title: 'The pipeline runs end to end: its source (S3, or a commit to its CodeCommit repository), then the deploy actions as the action role',
    principal: (n) => `arn:aws:iam::${n.pipelineAccount}:root (starts the execution)`,
    async run(ctx) {
      if (o.storeKeyEncrypts) requireStoreKeyEncrypts(ctx.names);
      if (ctx.names.source?.provider === 'CodeCommit') {
        const started = await startFromCommit(ctx);
        await awaitExecution(ctx, started.id, { timeoutMs: o.timeoutMs, explainUnder: started.requestId });
        return;
      }
      requireS3Source(ctx.names, 'run-pipeline');
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
 * A pipeline whose source is a CodeCommit repository starts as its users start it: a commit of the sample app to its
 * branch, as the repository account (the source action role's, or the pipeline's). The commit starts it where the
 * pipeline polls its branch (PollForSourceChanges not "false": polling.ts) or an EventBridge rule targets it
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html);
 * otherwise the step starts it with StartPipelineExecution. A repository the setup does not create (one its README
 * makes by hand) leaves the step nothing to commit to: not applicable.
 */
async function startFromCommit(ctx: StepContext): Promise<{ id: string; requestId?: string }> {
  const { CodePipelineClient, StartPipelineExecutionCommand } = await import('@aws-sdk/client-codepipeline');
  const { CodeCommitClient, CreateCommitCommand, GetBranchCommand } = await import('@aws-sdk/client-codecommit');
  const { EventBridgeClient, ListRuleNamesByTargetCommand } = await import('@aws-sdk/client-eventbridge');
  const n = ctx.names;
  const root = ctx.world.clientConfig(n.pipelineAccount);
  const cp = new CodePipelineClient(root);
  const { action, account } = await declaredAction(ctx, n.source!.stage, n.source!.action);
  const repository = action?.configuration?.['RepositoryName'] ?? '';
  const branch = action?.configuration?.['BranchName'] ?? '';
  const cc = new CodeCommitClient(ctx.world.clientConfig(account));
  let parentCommitId: string | undefined;
  try {
    parentCommitId = (await cc.send(new GetBranchCommand({ repositoryName: repository, branchName: branch }))).branch?.commitId;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'RepositoryDoesNotExistException') {
      throw new NotApplicable(`the pipeline ${n.pipelineName}'s source repository ${repository} does not exist in ${account} (the setup does not create it): run-pipeline has nothing to commit to`);
    }
    if (name !== 'BranchDoesNotExistException') throw e;
  }
  const before = new Set((await pipelineExecutions(ctx)).map((e) => e.pipelineExecutionId!));
  const files = unzipSync(sourceArtifact());
  await cc.send(
    new CreateCommitCommand({
      repositoryName: repository,
      branchName: branch,
      parentCommitId,
      commitMessage: 'xacct: the sample app',
      putFiles: Object.entries(files).map(([filePath, fileContent]) => ({ filePath, fileContent })),
    }),
  );
  ctx.note(`run-pipeline: committed the sample app to ${repository}@${branch} in ${account}`);
  const pipelineArn = `arn:aws:codepipeline:${n.region}:${n.pipelineAccount}:${n.pipelineName}`;
  const polls = action?.configuration?.['PollForSourceChanges']?.toLowerCase() !== 'false';
  const rules = polls ? [] : ((await new EventBridgeClient(root).send(new ListRuleNamesByTargetCommand({ TargetArn: pipelineArn }))).RuleNames ?? []);
  if (!polls && rules.length === 0) {
    const started = await cp.send(new StartPipelineExecutionCommand({ name: n.pipelineName }));
    return { id: started.pipelineExecutionId!, requestId: started.$metadata.requestId };
  }
  const started = await executionStartedSince(ctx, before, `${repository}@${branch}: ${polls ? 'its source polls the branch' : `rules ${rules.join(', ')} target it`}`);
  return { id: started.pipelineExecutionId! };
}

/** The pipeline's executions, newest first (ListPipelineExecutions as the pipeline account). */
export async function pipelineExecutions(ctx: StepContext): Promise<PipelineExecutionSummary[]> {
  const { CodePipelineClient, ListPipelineExecutionsCommand } = await import('@aws-sdk/client-codepipeline');
  const cp = new CodePipelineClient(ctx.world.clientConfig(ctx.names.pipelineAccount));
  return (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: ctx.names.pipelineName }))).pipelineExecutionSummaries ?? [];
}

/**
 * The execution a commit started: the first one listed that was not among `before` (the ids listed before the
 * commit), waited for up to 30 s; `what` says what was to start it, for the error when nothing did.
 */
export async function executionStartedSince(ctx: StepContext, before: Set<string>, what: string): Promise<PipelineExecutionSummary> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const started = (await pipelineExecutions(ctx)).find((e) => !before.has(e.pipelineExecutionId!));
    if (started) return started;
    if (Date.now() > deadline) throw new Error(`no execution of ${ctx.names.pipelineName} started within 30 s of the commit (${what})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Waits for an execution of the pipeline to end and fails with the failing action's error (GetPipelineState's
 * errorDetails, worded as the console shows it), explained by the denial recorded under `explainUnder` (the id of
 * the request that started it), when it does not succeed.
 */
export async function awaitExecution(ctx: StepContext, id: string, o: { timeoutMs?: number; explainUnder?: string } = {}): Promise<void> {
  const { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand, PutApprovalResultCommand } = await import('@aws-sdk/client-codepipeline');
  const cp = new CodePipelineClient(ctx.world.clientConfig(ctx.names.pipelineAccount));
  const timeoutMs = o.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let status = 'InProgress';
  let approvalsLookedAt = Date.now();
  while (Date.now() < deadline) {
    const out = await cp.send(new GetPipelineExecutionCommand({ pipelineName: ctx.names.pipelineName, pipelineExecutionId: id }));
    status = out.pipelineExecution?.status ?? 'Unknown';
    if (!['InProgress', 'Stopping'].includes(status)) break;
    // A manual approval waits for a person: the hand-off approves it, as someone of the pipeline account would with
    // PutApprovalResult (https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-approve-or-reject.html),
    // and says so. Looked for every 50 ms, not on every poll.
    if (Date.now() - approvalsLookedAt >= 50) {
      approvalsLookedAt = Date.now();
      for (const stage of (await cp.send(new GetPipelineStateCommand({ name: ctx.names.pipelineName }))).stageStates ?? []) {
        for (const action of stage.actionStates ?? []) {
          const token = action.latestExecution?.status === 'InProgress' ? action.latestExecution.token : undefined;
          if (!token || stage.latestExecution?.pipelineExecutionId !== id) continue;
          await cp.send(new PutApprovalResultCommand({ pipelineName: ctx.names.pipelineName, stageName: stage.stageName, actionName: action.actionName, token, result: { status: 'Approved', summary: 'approved by xacct' } }));
          ctx.note(`execution ${id}: the manual approval ${stage.stageName}/${action.actionName} was approved as ${ctx.names.pipelineAccount}'s root (a person's step, not a grant under test)`);
        }
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  ctx.state.set('pipeline-execution', id);
  if (status === 'Succeeded') return;
  if (['InProgress', 'Stopping'].includes(status)) throw new Error(`the execution ${id} did not end within ${timeoutMs / 1000} s (it is still ${status})`);
  const state = await cp.send(new GetPipelineStateCommand({ name: ctx.names.pipelineName }));
  for (const stage of state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const latest = action.latestExecution;
      if (latest?.status === 'Failed' && latest.errorDetails) {
        ctx.note(`execution ${id} failed at stage ${stage.stageName}, action ${action.actionName}`);
        await refuseUnrunBuild(ctx, stage.stageName!, action.actionName!, latest);
        const explanation = o.explainUnder ? await ctx.world.explain(o.explainUnder) : undefined;
        throw new StepFailure(latest.errorDetails.code ?? 'JobFailed', undefined, latest.errorDetails.message ?? '', explanation);
      }
    }
  }
  throw new Error(`the execution ended ${status} without a failed action`);
}

/**
 * An action of the pipeline as GetPipeline declares it, and the account it acts in: its role's (a cross-account
 * source or build), or the pipeline's.
 */
async function declaredAction(ctx: StepContext, stage: string, action: string): Promise<{ action?: ActionDeclaration; account: string }> {
  const { CodePipelineClient, GetPipelineCommand } = await import('@aws-sdk/client-codepipeline');
  const cp = new CodePipelineClient(ctx.world.clientConfig(ctx.names.pipelineAccount));
  const declaration = (await cp.send(new GetPipelineCommand({ name: ctx.names.pipelineName }))).pipeline;
  const found = declaration?.stages?.find((s) => s.name === stage)?.actions?.find((a) => a.name === action);
  return { action: found, account: accountOfArn(found?.roleArn) ?? ctx.names.pipelineAccount };
}

/** CodeBuild's words for an artifact that selects no file (build-run.ts, UPLOAD_ARTIFACTS). */
const NO_ARTIFACT_FILES = /Phase: UPLOAD_ARTIFACTS, Code: CLIENT_ERROR, Message: no matching artifact paths found/;

/**
 * A CodeBuild action that failed because its artifacts selected no file, in a build whose commands were not run: the
 * files are the commands' to make, so the failure says nothing about the setup. Throws NotProvable then, naming the
 * two ways to make them (the build is read through CodeBuild's BatchGetBuilds in the project's account: the action
 * role's, or the pipeline's).
 */
async function refuseUnrunBuild(ctx: StepContext, stage: string, action: string, latest: ActionExecution): Promise<void> {
  if (!NO_ARTIFACT_FILES.test(latest.errorDetails?.message ?? '') || !latest.externalExecutionId) return;
  const { CodeBuildClient, BatchGetBuildsCommand } = await import('@aws-sdk/client-codebuild');
  const { action: found, account } = await declaredAction(ctx, stage, action);
  const cb = new CodeBuildClient(ctx.world.clientConfig(account));
  const build = (await cb.send(new BatchGetBuildsCommand({ ids: [latest.externalExecutionId] }))).builds?.[0];
  if (!build?.phases?.some((p) => p.contexts?.some((c) => c.statusCode === 'COMMANDS_NOT_RUN'))) return;
  const project = build.projectName ?? String(found?.configuration?.['ProjectName'] ?? '');
  throw new NotProvable(
    `the build of ${stage}/${action} (project ${project}) found no files for its artifacts: its buildspec's commands make them, and they were not run (--run-builds runs them; --build-output ${project}=DIR supplies what they make)`,
  );
}

/**
 * Whether `e` is a StepFailure. Scenario files may load their own copy of this module (a TypeScript scenario next to
 * a compiled runner), so the check reads the shape rather than the class.
 */
export function isStepFailure(e: unknown): e is StepFailure {
  return e instanceof Error && e.name === 'StepFailure' && typeof (e as StepFailure).code === 'string';
}
