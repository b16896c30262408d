/**
 * AWS CodePipeline (JSON 1.1, target prefix CodePipeline_20150709).
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/Welcome.html
 * Denials are 400 AccessDeniedException in IAM's words (harness/iam/render.ts). Not yet confirmed by a recorded
 * response.
 * Inputs are coerced by the SDK's model, so every operation receives its `XCommandInput` (operation-names.ts types the
 * table); a pipeline declaration keeps only the members the model declares.
 * Known deviations: webhooks, custom action types, transitions, tags API and V2 triggers are not emulated.
 */
import * as sdk from '@aws-sdk/client-codepipeline';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { definitionOperations } from './definition-operations.js';
import { executionOperations } from './execution-operations.js';
import { codepipelineDenial } from './errors.js';
import { jobResultOperations } from './job-results.js';
import type { CodePipelineOperationName, CodePipelineOperations } from './operation-names.js';

export const CODEPIPELINE_TARGET_PREFIX = 'CodePipeline_20150709';

export const codepipelineService: ServiceDefinition = {
  name: 'codepipeline',
  protocol: jsonProtocol({ targetPrefix: CODEPIPELINE_TARGET_PREFIX }),
  targetPrefix: CODEPIPELINE_TARGET_PREFIX,
  operations: { ...definitionOperations, ...executionOperations, ...jobResultOperations } satisfies CodePipelineOperations<CodePipelineOperationName>,
  model: sdkModel(sdk),
  errors: jsonErrors(),
  denial: codepipelineDenial,
};
