/**
 * CodePipeline executions: StartPipelineExecution, GetPipelineState, GetPipelineExecution, ListPipelineExecutions,
 * ListActionExecutions, StopPipelineExecution, PutApprovalResult, RetryStageExecution.
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_Operations.html
 * Authorization per https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodepipeline.html:
 * pipeline ARN, `<pipeline>/<stage>` for RetryStageExecution, `<pipeline>/<stage>/<action>` for PutApprovalResult.
 * ListPipelineExecutions and GetPipelineState first poll the pipeline's polling sources (polling.ts).
 * Known deviations: pagination returns everything up to maxResults; clientRequestToken and variables are ignored.
 */
import type {
  GetPipelineExecutionCommandInput,
  GetPipelineExecutionCommandOutput,
  GetPipelineStateCommandInput,
  GetPipelineStateCommandOutput,
  ListActionExecutionsCommandInput,
  ListActionExecutionsCommandOutput,
  ListPipelineExecutionsCommandInput,
  ListPipelineExecutionsCommandOutput,
  PutApprovalResultCommandInput,
  PutApprovalResultCommandOutput,
  RetryStageExecutionCommandInput,
  RetryStageExecutionCommandOutput,
  StartPipelineExecutionCommandInput,
  StartPipelineExecutionCommandOutput,
  StopPipelineExecutionCommandInput,
  StopPipelineExecutionCommandOutput,
} from '@aws-sdk/client-codepipeline';
import { constraintError } from '../param-errors.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { callerAccount, findPipeline, pipelineResource } from './definition-operations.js';
import { launch, newExecution, runtimeOf } from './engine.js';
import { pollSources } from './polling.js';
import { startTrigger } from './triggers.js';
import {
  ActionNotFoundException,
  ApprovalAlreadyCompletedException,
  DuplicatedStopRequestException,
  InvalidApprovalTokenException,
  NotLatestPipelineExecutionException,
  PipelineExecutionNotFoundException,
  PipelineExecutionNotStoppableException,
  StageNotFoundException,
  StageNotRetryableException,
} from './errors.js';
import type { CodePipelineExecutionOperationName, CodePipelineOperations } from './operation-names.js';
import { maskedConfiguration } from './secret-configuration.js';
import type { ActionRun, ExecutionRecord, PipelineRecord } from './store.js';


function findExecution(ctx: OperationContext, record: PipelineRecord, id: unknown): ExecutionRecord {
  if (typeof id !== 'string' || id === '') throw constraintError('ValidationException', 'pipelineExecutionId', undefined, 'Member must not be null');
  const exec = record.executions.find((e) => e.pipelineExecutionId === id);
  if (!exec) throw PipelineExecutionNotFoundException(callerAccount(ctx), id, record.declaration.name!);
  return exec;
}

const pipelineCheck = (action: string) => (ctx: OperationContext, input: { pipelineName?: string; name?: string }) => ({
  action: `codepipeline:${action}`,
  resource: pipelineResource(ctx, input.pipelineName ?? input.name),
});

function actionExecution(run: ActionRun) {
  return {
    actionExecutionId: run.actionExecutionId,
    status: run.status,
    summary: run.summary,
    lastStatusChange: run.lastUpdateTime,
    token: run.status === 'InProgress' ? run.approval?.token : undefined,
    externalExecutionId: run.externalExecutionId,
    errorDetails: run.errorDetails,
  };
}

const StartPipelineExecution: Operation<StartPipelineExecutionCommandInput, Out<StartPipelineExecutionCommandOutput>> = {
  authorize: pipelineCheck('StartPipelineExecution'),
  handler(ctx, input) {
    const record = findPipeline(ctx, input.name);
    const rt = runtimeOf(ctx);
    const exec = newExecution(rt, record, startTrigger(ctx.world, record.arn, ctx.principal.arn));
    if (input.sourceRevisions) exec.sourceRevisions = input.sourceRevisions;
    launch(rt, exec);
    return { pipelineExecutionId: exec.pipelineExecutionId };
  },
};

const GetPipelineState: Operation<GetPipelineStateCommandInput, Out<GetPipelineStateCommandOutput>> = {
  authorize: pipelineCheck('GetPipelineState'),
  async handler(ctx, input) {
    const record = findPipeline(ctx, input.name);
    await pollSources(runtimeOf(ctx), record);
    const stageStates = (record.declaration.stages ?? []).map((stage, i) => {
      const exec = record.executions.find((e) => e.stages.has(stage.name!));
      const stageRun = exec?.stages.get(stage.name!);
      return {
        stageName: stage.name,
        ...(i > 0 ? { inboundTransitionState: { enabled: true } } : {}),
        actionStates: (stage.actions ?? []).map((a) => {
          const run = stageRun?.actions.get(a.name!);
          return { actionName: a.name, ...(run ? { latestExecution: actionExecution(run) } : {}) };
        }),
        ...(exec && stageRun ? { latestExecution: { pipelineExecutionId: exec.pipelineExecutionId, status: stageRun.status } } : {}),
      };
    });
    return {
      pipelineName: record.declaration.name,
      pipelineVersion: record.declaration.version,
      stageStates,
      created: record.created,
      updated: record.updated,
    };
  },
};

const GetPipelineExecution: Operation<GetPipelineExecutionCommandInput, Out<GetPipelineExecutionCommandOutput>> = {
  authorize: pipelineCheck('GetPipelineExecution'),
  handler(ctx, input) {
    const record = findPipeline(ctx, input.pipelineName);
    const exec = findExecution(ctx, record, input.pipelineExecutionId);
    return {
      pipelineExecution: {
        pipelineName: exec.pipelineName,
        pipelineVersion: exec.pipelineVersion,
        pipelineExecutionId: exec.pipelineExecutionId,
        status: exec.status,
        statusSummary: exec.statusSummary,
        artifactRevisions: exec.artifactRevisions,
        trigger: exec.trigger as never,
        executionMode: exec.declaration.executionMode,
      },
    };
  },
};

const ListPipelineExecutions: Operation<ListPipelineExecutionsCommandInput, Out<ListPipelineExecutionsCommandOutput>> = {
  authorize: pipelineCheck('ListPipelineExecutions'),
  async handler(ctx, input) {
    const record = findPipeline(ctx, input.pipelineName);
    await pollSources(runtimeOf(ctx), record);
    const max = input.maxResults ?? 100;
    return {
      pipelineExecutionSummaries: record.executions.slice(0, max).map((e) => ({
        pipelineExecutionId: e.pipelineExecutionId,
        status: e.status,
        statusSummary: e.statusSummary,
        startTime: e.startTime,
        lastUpdateTime: e.lastUpdateTime,
        sourceRevisions: sourceRevisions(e),
        trigger: e.trigger as never,
        executionMode: e.declaration.executionMode,
        ...(e.stop ? { stopTrigger: { reason: e.stop.reason } } : {}),
      })),
    };
  },
};

function sourceRevisions(e: ExecutionRecord) {
  const first = e.declaration.stages?.[0]?.name;
  const runs = first ? [...(e.stages.get(first)?.actions.values() ?? [])] : [];
  return runs
    .filter((r) => r.status === 'Succeeded')
    .map((r) => ({ actionName: r.actionName, revisionId: r.externalExecutionId, revisionSummary: r.summary }));
}

const ListActionExecutions: Operation<ListActionExecutionsCommandInput, Out<ListActionExecutionsCommandOutput>> = {
  authorize: pipelineCheck('ListActionExecutions'),
  handler(ctx, input) {
    const record = findPipeline(ctx, input.pipelineName);
    const wanted = input.filter?.pipelineExecutionId;
    if (wanted !== undefined) findExecution(ctx, record, wanted);
    const details = [];
    for (const exec of record.executions) {
      if (wanted !== undefined && exec.pipelineExecutionId !== wanted) continue;
      for (const stage of exec.stages.values()) {
        for (const run of stage.actions.values()) {
          details.push({
            pipelineExecutionId: exec.pipelineExecutionId,
            actionExecutionId: run.actionExecutionId,
            pipelineVersion: exec.pipelineVersion,
            stageName: run.stageName,
            actionName: run.actionName,
            startTime: run.startTime,
            lastUpdateTime: run.lastUpdateTime,
            status: run.status,
            input: {
              actionTypeId: run.declaration.actionTypeId,
              configuration: maskedConfiguration(run.declaration),
              resolvedConfiguration: maskedConfiguration(run.declaration),
              roleArn: run.declaration.roleArn,
              region: ctx.region,
              inputArtifacts: run.inputArtifacts.map((a) => ({ name: a.name, s3location: a.location })),
              namespace: run.declaration.namespace,
            },
            output: {
              outputArtifacts: run.outputArtifacts.map((a) => ({ name: a.name, s3location: a.location })),
              executionResult: {
                externalExecutionId: run.externalExecutionId,
                externalExecutionSummary: run.summary,
                ...(run.errorDetails ? { errorDetails: run.errorDetails } : {}),
              },
            },
          });
        }
      }
    }
    details.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
    return { actionExecutionDetails: details.slice(0, input.maxResults ?? 100) };
  },
};

const StopPipelineExecution: Operation<StopPipelineExecutionCommandInput, Out<StopPipelineExecutionCommandOutput>> = {
  authorize: pipelineCheck('StopPipelineExecution'),
  handler(ctx, input) {
    const record = findPipeline(ctx, input.pipelineName);
    const exec = findExecution(ctx, record, input.pipelineExecutionId);
    if (exec.stop && exec.status === 'Stopping') throw DuplicatedStopRequestException(exec.pipelineExecutionId);
    if (exec.status !== 'InProgress') throw PipelineExecutionNotStoppableException(exec.pipelineExecutionId);
    exec.stop = { abandon: input.abandon === true, reason: input.reason };
    exec.status = 'Stopping';
    exec.lastUpdateTime = ctx.now();
    if (exec.stop.abandon) exec.running?.abandon();
    return { pipelineExecutionId: exec.pipelineExecutionId };
  },
};

const PutApprovalResult: Operation<PutApprovalResultCommandInput, Out<PutApprovalResultCommandOutput>> = {
  authorize: (ctx, input) => ({
    action: 'codepipeline:PutApprovalResult',
    resource: `${pipelineResource(ctx, input.pipelineName)}/${input.stageName}/${input.actionName}`,
  }),
  handler(ctx, input) {
    const record = findPipeline(ctx, input.pipelineName);
    const stage = record.declaration.stages?.find((s) => s.name === input.stageName);
    if (!stage) throw StageNotFoundException(String(input.stageName), record.declaration.name!);
    if (!stage.actions?.some((a) => a.name === input.actionName)) throw ActionNotFoundException(String(input.actionName), stage.name!);
    const status = input.result?.status;
    if (status !== 'Approved' && status !== 'Rejected') {
      throw constraintError('ValidationException', 'result.status', status, 'Member must satisfy enum value set: [Approved, Rejected]');
    }
    const runs = record.executions.map((e) => e.stages.get(stage.name!)?.actions.get(input.actionName!)).filter((r): r is ActionRun => !!r?.approval);
    const run = runs.find((r) => r.approval!.token === input.token);
    if (!run) throw InvalidApprovalTokenException(String(input.token));
    if (run.status !== 'InProgress') throw ApprovalAlreadyCompletedException(run.actionName);
    const approvedAt = ctx.now();
    run.approvedAt = approvedAt;
    run.approval!.settle!({ status, summary: input.result?.summary ?? '', by: ctx.principal.arn });
    return { approvedAt };
  },
};

const RetryStageExecution: Operation<RetryStageExecutionCommandInput, Out<RetryStageExecutionCommandOutput>> = {
  authorize: (ctx, input) => ({
    action: 'codepipeline:RetryStageExecution',
    resource: `${pipelineResource(ctx, input.pipelineName)}/${input.stageName}`,
  }),
  handler(ctx, input) {
    const record = findPipeline(ctx, input.pipelineName);
    const exec = findExecution(ctx, record, input.pipelineExecutionId);
    const stages = exec.declaration.stages ?? [];
    const index = stages.findIndex((s) => s.name === input.stageName);
    if (index < 0) throw StageNotFoundException(String(input.stageName), record.declaration.name!);
    const latest = record.executions.find((e) => e.stages.has(input.stageName!));
    if (latest !== exec) throw NotLatestPipelineExecutionException(exec.pipelineExecutionId, input.stageName!);
    const stageRun = exec.stages.get(input.stageName!);
    if (!stageRun || (exec.status !== 'Failed' && exec.status !== 'Stopped') || (stageRun.status !== 'Failed' && stageRun.status !== 'Stopped')) {
      throw StageNotRetryableException(input.stageName!, exec.pipelineExecutionId);
    }
    exec.status = 'InProgress';
    exec.statusSummary = undefined;
    exec.stop = undefined;
    exec.lastUpdateTime = ctx.now();
    launch(runtimeOf(ctx), exec, { retryStage: index, failedOnly: input.retryMode !== 'ALL_ACTIONS' });
    return { pipelineExecutionId: exec.pipelineExecutionId };
  },
};

export const executionOperations = {
  StartPipelineExecution,
  GetPipelineState,
  GetPipelineExecution,
  ListPipelineExecutions,
  ListActionExecutions,
  StopPipelineExecution,
  PutApprovalResult,
  RetryStageExecution,
} satisfies CodePipelineOperations<CodePipelineExecutionOperationName>;
