/**
 * The CodeBuild operations the emulator implements, by their API names
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_Operations.html). The operation table (service.ts)
 * is typed by this union with the SDK's `<Op>CommandInput`/`<Op>CommandOutput`, so the compiler refuses a missing
 * operation, a name the SDK's CodeBuild client does not know, and an entry whose input is not the SDK's.
 */
import type * as sdk from '@aws-sdk/client-codebuild';
import type { SdkOperationName, SdkOperations } from '../sdk-model.js';

type Known<T extends SdkOperationName<typeof sdk>> = T;

export type CodeBuildProjectOperationName = Known<'CreateProject' | 'UpdateProject' | 'DeleteProject' | 'BatchGetProjects' | 'ListProjects'>;

export type CodeBuildBuildOperationName = Known<'StartBuild' | 'StopBuild' | 'BatchGetBuilds' | 'ListBuildsForProject'>;

export type CodeBuildOperationName = CodeBuildProjectOperationName | CodeBuildBuildOperationName;

export type CodeBuildOperations<Names extends CodeBuildOperationName> = SdkOperations<typeof sdk, Names>;
