/**
 * CodePipeline's state per account and Region: pipeline declarations (versioned) and their executions.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts.html
 * Executions keep what GetPipelineState, GetPipelineExecution, ListPipelineExecutions and ListActionExecutions
 * report, plus a promise that settles when the execution reaches a final status (for tests and the runner).
 */
import type { ActionDeclaration, PipelineDeclaration, SourceRevisionOverride } from '@aws-sdk/client-codepipeline';
import type { Account } from '../../world/world.js';

export type ExecutionStatus = 'Cancelled' | 'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Superseded' | 'Failed';
export type ActionStatus = 'Abandoned' | 'InProgress' | 'Succeeded' | 'Failed';
export type StageStatus = 'Cancelled' | 'InProgress' | 'Failed' | 'Stopped' | 'Stopping' | 'Succeeded';

export interface S3Location {
  bucket: string;
  key: string;
}

export interface ActionRun {
  stageName: string;
  actionName: string;
  declaration: ActionDeclaration;
  actionExecutionId: string;
  status: ActionStatus;
  startTime: Date;
  lastUpdateTime: Date;
  summary?: string;
  externalExecutionId?: string;
  errorDetails?: { code: string; message: string };
  inputArtifacts: Array<{ name: string; location?: S3Location }>;
  outputArtifacts: Array<{ name: string; location: S3Location }>;
  /**
   * Manual approval: the token PutApprovalResult must present, and how to settle the wait, present while the action
   * waits (a finished or abandoned approval is plain data, which a copy of the world keeps).
   */
  approval?: { token: string; settle?: (result: { status: 'Approved' | 'Rejected'; summary: string; by: string }) => void };
  /** Set when PutApprovalResult answered. */
  approvedAt?: Date;
}

export interface StageRun {
  name: string;
  status: StageStatus;
  actions: Map<string, ActionRun>;
}

export interface ExecutionRecord {
  pipelineExecutionId: string;
  pipelineName: string;
  /** The pipeline's ARN: CodePipeline acts for it (aws:SourceArn) when it assumes the pipeline role. */
  pipelineArn: string;
  pipelineVersion: number;
  /** The declaration the execution runs (later updates do not change a running execution). */
  declaration: PipelineDeclaration;
  status: ExecutionStatus;
  statusSummary?: string;
  startTime: Date;
  lastUpdateTime: Date;
  trigger: { triggerType: string; triggerDetail: string };
  artifactRevisions: Array<{ name: string; revisionId?: string; revisionSummary?: string; created?: Date }>;
  /** The source revisions StartPipelineExecution asked for (a CodeCommit source's COMMIT_ID). */
  sourceRevisions?: SourceRevisionOverride[];
  stages: Map<string, StageRun>;
  /** Artifacts produced so far, by name. */
  artifacts: Map<string, S3Location>;
  stop?: { abandon: boolean; reason?: string };
  /**
   * Present while the execution runs (set again when a stage is retried), removed once its status is final: a
   * finished execution is plain data, which a copy of the world keeps (world/snapshot.ts refuses promises).
   */
  running?: ExecutionControl;
}

export interface ExecutionControl {
  /** Settles when the execution reaches a final status. */
  done: Promise<ExecutionRecord>;
  finish: () => void;
  /** Resolves when the execution is stopped with abandon, so waiting actions give up. */
  abandoned: Promise<void>;
  abandon: () => void;
}

export interface PipelineRecord {
  declaration: PipelineDeclaration;
  arn: string;
  created: Date;
  updated: Date;
  tags: Array<{ key: string; value: string }>;
  /** Newest first. */
  executions: ExecutionRecord[];
  /** The branch head each polling CodeCommit source last saw, by action name (polling.ts). */
  polled?: Record<string, string>;
}

export class CodePipelineStore {
  readonly pipelines = new Map<string, PipelineRecord>();
}

export function codePipelineStore(account: Account, region: string): CodePipelineStore {
  return account.store('codepipeline', region, () => new CodePipelineStore());
}

export function pipelineArn(region: string, account: string, name: string): string {
  return `arn:aws:codepipeline:${region}:${account}:${name}`;
}

export const FINAL_STATUSES: ReadonlySet<ExecutionStatus> = new Set(['Cancelled', 'Stopped', 'Succeeded', 'Superseded', 'Failed']);
