/**
 * The CodePipeline operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_Operations.html). Each operations file types its
 * table by the names it holds, and service.ts the whole table by this union, so the compiler refuses a missing
 * operation, a name the SDK's CodePipeline client does not know, and an entry whose input is not the SDK's
 * `<Op>CommandInput`.
 */
import type * as sdk from '@aws-sdk/client-codepipeline';
import type { SdkOperations } from '../sdk-model.js';

export type CodePipelineDefinitionOperationName = 'CreatePipeline' | 'GetPipeline' | 'UpdatePipeline' | 'DeletePipeline' | 'ListPipelines';

export type CodePipelineExecutionOperationName =
  | 'StartPipelineExecution'
  | 'GetPipelineState'
  | 'GetPipelineExecution'
  | 'ListPipelineExecutions'
  | 'ListActionExecutions'
  | 'StopPipelineExecution'
  | 'PutApprovalResult'
  | 'RetryStageExecution';

export type CodePipelineJobOperationName = 'PutJobSuccessResult' | 'PutJobFailureResult';

export type CodePipelineOperationName = CodePipelineDefinitionOperationName | CodePipelineExecutionOperationName | CodePipelineJobOperationName;

/** A table of some of the implemented operations, each typed with the SDK's input and output. */
export type CodePipelineOperations<Names extends CodePipelineOperationName> = SdkOperations<typeof sdk, Names>;
