/**
 * The CodeCommit operations xacct implements, by their API names
 * (https://docs.aws.amazon.com/codecommit/latest/APIReference/API_Operations.html), typed by the SDK's
 * `<Op>Command`. The operation table (service.ts) is keyed by this union, so the compiler refuses a missing
 * operation, a name the SDK's CodeCommit client does not know, and a handler reading a member its input lacks.
 */
import type * as CodeCommit from '@aws-sdk/client-codecommit';
import type { SdkOperation, SdkOperationName } from '../sdk-model.js';

type Known<T extends SdkOperationName<typeof CodeCommit>> = T;

export type CodeCommitOperationName = Known<
  | 'CreateRepository'
  | 'GetRepository'
  | 'DeleteRepository'
  | 'UpdateRepositoryDescription'
  | 'ListRepositories'
  | 'CreateBranch'
  | 'GetBranch'
  | 'ListBranches'
  | 'PutFile'
  | 'CreateCommit'
  | 'GetCommit'
  | 'GetFile'
  | 'GetFolder'
>;

/** The declaration of operation `N`; `R` is what its `resolve` hands the checks and the handler. */
export type CodeCommitOperation<N extends CodeCommitOperationName, R = undefined> = SdkOperation<typeof CodeCommit, N, R>;
