/**
 * What an action implementation gets from the execution engine and gives back.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts.html#concepts-actions
 */
import type { ActionDeclaration, ArtifactStore } from '@aws-sdk/client-codepipeline';
import type { Principal } from '../../../world/principal.js';
import type { World } from '../../../world/world.js';
import type { Invoke } from '../sessions.js';
import type { ActionRun, ExecutionRecord, S3Location } from '../store.js';

export interface ActionEnv {
  world: World;
  invoke: Invoke;
  region: string;
  now(): Date;
  pipelineName: string;
  execution: ExecutionRecord;
  run: ActionRun;
  declaration: ActionDeclaration;
  artifactStore: ArtifactStore;
  /** The principal the action acts as: its roleArn's session, or the pipeline role's session. */
  principal: Principal;
  /** Where each input artifact is. */
  inputs: Map<string, S3Location>;
}

export interface ActionResult {
  summary?: string;
  externalExecutionId?: string;
  outputs?: Array<{ name: string; location: S3Location }>;
  revision?: { name: string; revisionId?: string; created?: Date; revisionSummary?: string };
}

export type ActionHandler = (env: ActionEnv) => Promise<ActionResult>;
