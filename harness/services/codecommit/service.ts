/**
 * AWS CodeCommit (JSON 1.1, X-Amz-Target prefix CodeCommit_20150413), per account and Region: repositories,
 * branches, commits and their files. Inputs are coerced by the SDK's model (file contents arrive as bytes).
 * https://docs.aws.amazon.com/codecommit/latest/APIReference/Welcome.html
 * Access is decided by IAM alone (no resource policies); denials are 400 AccessDeniedException in IAM's words
 * (errors.ts). Each commit emits the "CodeCommit Repository State Change" event (reference-events.ts).
 * UploadArchive and GetUploadArchiveStatus are IAM-only permissions, declared for the pipeline's source action and
 * refused over the wire (archive.ts).
 * Known deviations: no git protocol (clone, push); no pull requests, approval rules, comments, triggers, merges,
 * tags or repository encryption keys; one page per list.
 */
import * as codecommitSdk from '@aws-sdk/client-codecommit';
import { jsonErrors } from '../../core/auth-errors.js';
import { jsonProtocol } from '../../protocols/json.js';
import { sdkModel } from '../sdk-model.js';
import type { ServiceDefinition } from '../types.js';
import { archiveOperations } from './archive.js';
import { branchOperations } from './branches.js';
import { commitOperations } from './commits.js';
import { codecommitDenial } from './errors.js';
import { fileOperations } from './files.js';
import type { CodeCommitOperation, CodeCommitOperationName } from './operation-names.js';
import { repositoryOperations } from './repositories.js';
import { SERVICE, TARGET_PREFIX } from './store.js';

/** Each operation typed by its own SDK input and output; `any` is each one's own resolved value. */
type CodeCommitOperations = { [N in CodeCommitOperationName]: CodeCommitOperation<N, any> };

const sdkOperations = { ...repositoryOperations, ...branchOperations, ...commitOperations, ...fileOperations } satisfies CodeCommitOperations;

export const codecommitService: ServiceDefinition = {
  name: SERVICE,
  targetPrefix: TARGET_PREFIX,
  protocol: jsonProtocol({ targetPrefix: TARGET_PREFIX }),
  operations: { ...sdkOperations, ...archiveOperations },
  model: sdkModel(codecommitSdk),
  denial: codecommitDenial,
  errors: jsonErrors(),
};
