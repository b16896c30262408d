/**
 * Runs a pipeline execution asynchronously, stage by stage; within a stage, actions with the same runOrder run in
 * parallel and a lower runOrder finishes first. Each action acts as its roleArn's session (assumed by the pipeline
 * role's session) or as the pipeline role's session, through the emulator's request path.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts-how-it-works.html
 * Known deviations: executions do not lock stages or supersede each other (each runs as in PARALLEL mode); stage
 * transitions cannot be disabled.
 */
import { randomUUID } from 'node:crypto';
import type { ActionDeclaration, StageDeclaration } from '@aws-sdk/client-codepipeline';
import { isAwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import type { World } from '../../world/world.js';
import type { OperationContext } from '../types.js';
import { actionTypeKey } from './action-types.js';
import { cloudFormationDeploy } from './actions/cloudformation-deploy.js';
import { codeCommitSource } from './actions/codecommit-source.js';
import { codeBuildAction } from './actions/codebuild.js';
import { codeStarSourceConnection } from './actions/codestar-source-connection.js';
import { gitHubSource } from './actions/github-source.js';
import { codeDeployToEcs } from './actions/codedeploy-to-ecs.js';
import { ecsDeploy } from './actions/ecs-deploy.js';
import { lambdaInvoke } from './actions/lambda-invoke.js';
import { manualApproval } from './actions/manual-approval.js';
import { s3Deploy } from './actions/s3-deploy.js';
import { s3Source } from './actions/s3-source.js';
import type { ActionHandler } from './actions/types.js';
import { ActionFailure } from './failures.js';
import { artifactStoresOf } from './validate-references.js';
import { assumeActionRole, assumePipelineRole, type Invoke } from './sessions.js';
import type { ActionRun, ExecutionRecord, PipelineRecord, StageRun } from './store.js';
import type { ExecutionTrigger } from './triggers.js';

export interface Runtime {
  world: World;
  invoke: Invoke;
  region: string;
  now(): Date;
}

const HANDLERS: Record<string, ActionHandler> = {
  'Source/AWS/S3': s3Source,
  'Source/AWS/CodeCommit': codeCommitSource,
  'Source/AWS/CodeStarSourceConnection': codeStarSourceConnection,
  'Source/ThirdParty/GitHub': gitHubSource,
  'Deploy/AWS/S3': s3Deploy,
  'Deploy/AWS/CloudFormation': cloudFormationDeploy,
  'Approval/AWS/Manual': manualApproval,
  'Build/AWS/CodeBuild': codeBuildAction,
  'Test/AWS/CodeBuild': codeBuildAction,
  'Deploy/AWS/ECS': ecsDeploy,
  'Deploy/AWS/CodeDeployToECS': codeDeployToEcs,
  'Invoke/AWS/Lambda': lambdaInvoke,
};

/** (Re)creates the promises an execution settles: on start, and again when a stage is retried. */
function arm(exec: ExecutionRecord): void {
  let finish!: () => void;
  const done = new Promise<ExecutionRecord>((resolve) => {
    finish = () => resolve(exec);
  });
  let abandon!: () => void;
  const abandoned = new Promise<void>((resolve) => {
    abandon = resolve;
  });
  exec.running = { done, finish, abandoned, abandon };
}

/** The execution's status is final: its waiters are released and it keeps no promise. */
function settle(exec: ExecutionRecord): void {
  const control = exec.running;
  delete exec.running;
  control?.finish();
}

/** What an execution acts through: the request that started it (its calls are authorized, and explained under its id). */
export function runtimeOf(ctx: OperationContext): Runtime {
  return { world: ctx.world, invoke: ctx.invoke, region: ctx.region, now: () => ctx.now() };
}

export function newExecution(rt: Runtime, record: PipelineRecord, trigger: ExecutionTrigger): ExecutionRecord {
  const now = rt.now();
  const exec = {
    pipelineExecutionId: randomUUID(),
    pipelineName: record.declaration.name!,
    pipelineArn: record.arn,
    pipelineVersion: record.declaration.version ?? 1,
    declaration: structuredClone(record.declaration),
    status: 'InProgress',
    startTime: now,
    lastUpdateTime: now,
    trigger,
    artifactRevisions: [],
    stages: new Map(),
    artifacts: new Map(),
  } as unknown as ExecutionRecord;
  arm(exec);
  record.executions.unshift(exec);
  return exec;
}

export interface LaunchOptions {
  /** RetryStageExecution: resume at this stage. */
  retryStage?: number;
  /** RetryStageExecution with FAILED_ACTIONS: skip the stage's actions that succeeded. */
  failedOnly?: boolean;
}

/** Starts (or, from a retried stage, resumes) the execution without waiting for it. */
export function launch(rt: Runtime, exec: ExecutionRecord, o: LaunchOptions = {}): void {
  if (o.retryStage !== undefined) arm(exec);
  const fromStage = o.retryStage ?? 0;
  const retryFailedOnly = o.retryStage !== undefined && o.failedOnly === true;
  setImmediate(() => {
    run(rt, exec, fromStage, retryFailedOnly).catch((e: unknown) => {
      exec.status = 'Failed';
      exec.statusSummary = `Internal error: ${e instanceof Error ? e.message : String(e)}`;
      settle(exec);
    });
  });
}

function finalize(exec: ExecutionRecord, rt: Runtime, status: ExecutionRecord['status'], summary?: string): void {
  exec.status = status;
  if (summary !== undefined) exec.statusSummary = summary;
  exec.lastUpdateTime = rt.now();
  settle(exec);
}

async function run(rt: Runtime, exec: ExecutionRecord, fromStage: number, retryFailedOnly: boolean): Promise<void> {
  const stages = exec.declaration.stages ?? [];
  let session: Principal | undefined;
  let sessionError: string | undefined;
  try {
    session = await assumePipelineRole(rt.world, rt.invoke, exec.declaration.roleArn!, exec.pipelineArn, rt.now());
  } catch (e) {
    if (!isAwsError(e)) throw e;
    sessionError = `CodePipeline is not authorized to perform AssumeRole on role ${exec.declaration.roleArn}`;
  }
  for (let i = fromStage; i < stages.length; i++) {
    if (exec.stop) return finalize(exec, rt, 'Stopped', stopReason(exec));
    const outcome = await runStage(rt, exec, stages[i]!, session, sessionError, i === fromStage && retryFailedOnly);
    if (outcome === 'Stopped') return finalize(exec, rt, 'Stopped', stopReason(exec));
    if (outcome === 'Failed') return finalize(exec, rt, 'Failed', failureSummary(exec, stages[i]!.name!));
  }
  finalize(exec, rt, 'Succeeded');
}

// A function, so the compiler does not narrow `exec.stop` across the awaits that let StopPipelineExecution set it.
function stopReason(exec: ExecutionRecord): string | undefined {
  return exec.stop?.reason;
}

function failureSummary(exec: ExecutionRecord, stageName: string): string | undefined {
  const failed = [...(exec.stages.get(stageName)?.actions.values() ?? [])].find((a) => a.status === 'Failed');
  return failed?.errorDetails?.message;
}

async function runStage(
  rt: Runtime,
  exec: ExecutionRecord,
  stage: StageDeclaration,
  session: Principal | undefined,
  sessionError: string | undefined,
  failedOnly: boolean,
): Promise<'Succeeded' | 'Failed' | 'Stopped'> {
  const previous = exec.stages.get(stage.name!);
  const stageRun: StageRun = { name: stage.name!, status: 'InProgress', actions: new Map(previous?.actions ?? []) };
  exec.stages.set(stage.name!, stageRun);
  const byOrder = new Map<number, ActionDeclaration[]>();
  for (const a of stage.actions ?? []) byOrder.set(a.runOrder ?? 1, [...(byOrder.get(a.runOrder ?? 1) ?? []), a]);
  for (const order of [...byOrder.keys()].sort((x, y) => x - y)) {
    const group = byOrder.get(order)!.filter((a) => !(failedOnly && stageRun.actions.get(a.name!)?.status === 'Succeeded'));
    await Promise.all(group.map((a) => runAction(rt, exec, stageRun, a, session, sessionError)));
    const statuses = group.map((a) => stageRun.actions.get(a.name!)!.status);
    if (statuses.includes('Failed')) {
      stageRun.status = 'Failed';
      return 'Failed';
    }
    if (exec.stop) {
      stageRun.status = 'Stopped';
      return 'Stopped';
    }
  }
  stageRun.status = 'Succeeded';
  return 'Succeeded';
}

async function runAction(
  rt: Runtime,
  exec: ExecutionRecord,
  stageRun: StageRun,
  declaration: ActionDeclaration,
  session: Principal | undefined,
  sessionError: string | undefined,
): Promise<void> {
  const now = rt.now();
  const inputs = new Map<string, { bucket: string; key: string }>();
  for (const input of declaration.inputArtifacts ?? []) {
    const location = exec.artifacts.get(input.name!);
    if (location) inputs.set(input.name!, location);
  }
  const run: ActionRun = {
    stageName: stageRun.name,
    actionName: declaration.name!,
    declaration,
    actionExecutionId: randomUUID(),
    status: 'InProgress',
    startTime: now,
    lastUpdateTime: now,
    inputArtifacts: (declaration.inputArtifacts ?? []).map((a) => ({ name: a.name!, location: inputs.get(a.name!) })),
    outputArtifacts: [],
  };
  stageRun.actions.set(declaration.name!, run);
  const fail = (code: string, message: string) => {
    run.status = 'Failed';
    run.errorDetails = { code, message };
    run.lastUpdateTime = rt.now();
  };
  if (!session) return fail('JobFailed', sessionError ?? 'The pipeline role could not be assumed');
  const handler = HANDLERS[actionTypeKey(declaration.actionTypeId)];
  if (!handler) {
    return fail('JobFailed', `xacct does not run ${declaration.actionTypeId?.category}/${declaration.actionTypeId?.provider} actions (definition only)`);
  }
  let principal = session;
  if (declaration.roleArn) {
    try {
      principal = await assumeActionRole(rt.world, rt.invoke, session, declaration.roleArn, rt.now());
    } catch (e) {
      if (!isAwsError(e)) throw e;
      return fail('JobFailed', `${exec.declaration.roleArn} is not authorized to perform AssumeRole on role ${declaration.roleArn}`);
    }
  }
  const store = artifactStoresOf(exec.declaration)[0]!;
  const work = handler({
    world: rt.world,
    invoke: rt.invoke,
    region: rt.region,
    now: rt.now,
    pipelineName: exec.pipelineName,
    execution: exec,
    run,
    declaration,
    artifactStore: store,
    principal,
    inputs,
  });
  const abandoned = (exec.running?.abandoned ?? new Promise<void>(() => undefined)).then(() => 'abandoned' as const);
  try {
    const result = await Promise.race([work, abandoned]);
    if (result === 'abandoned') {
      run.status = 'Abandoned';
      run.lastUpdateTime = rt.now();
      return;
    }
    for (const o of result.outputs ?? []) {
      exec.artifacts.set(o.name, o.location);
      run.outputArtifacts.push(o);
    }
    if (result.revision) exec.artifactRevisions.push(result.revision);
    run.summary = result.summary;
    run.externalExecutionId = result.externalExecutionId;
    run.status = 'Succeeded';
    run.lastUpdateTime = rt.now();
  } catch (e) {
    if (e instanceof ActionFailure) {
      run.externalExecutionId = e.externalExecutionId;
      return fail(e.code, e.message);
    }
    if (isAwsError(e)) return fail('JobFailed', e.message);
    fail('JobFailed', `Internal error: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    // The wait is over however the action ended (approved, rejected, abandoned).
    if (run.approval) delete run.approval.settle;
  }
}
