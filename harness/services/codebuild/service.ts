/**
 * AWS CodeBuild (JSON 1.1, X-Amz-Target prefix CodeBuild_20161006), per account and Region.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/Welcome.html
 * Denials are HTTP 400 AccessDeniedException in IAM's words (errors.ts cites a recorded one). Inputs are coerced by
 * the SDK's model, so every operation receives its `XCommandInput`.
 * Known deviations: report groups, fleets, webhooks, batch builds, sandboxes and source credentials are not
 * emulated (refused as unknown operations); builds run as build-run.ts describes.
 */
import * as sdk from '@aws-sdk/client-codebuild';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { buildOperations } from './builds.js';
import { codebuildDenial } from './errors.js';
import type { CodeBuildOperationName, CodeBuildOperations } from './operation-names.js';
import { projectOperations } from './projects.js';
import { SERVICE } from './store.js';

export const CODEBUILD_TARGET_PREFIX = 'CodeBuild_20161006';

export const codebuildService: ServiceDefinition = {
  name: SERVICE,
  protocol: jsonProtocol({ targetPrefix: CODEBUILD_TARGET_PREFIX }),
  targetPrefix: CODEBUILD_TARGET_PREFIX,
  operations: { ...projectOperations, ...buildOperations } satisfies CodeBuildOperations<CodeBuildOperationName>,
  model: sdkModel(sdk),
  denial: codebuildDenial,
  errors: jsonErrors(),
};
