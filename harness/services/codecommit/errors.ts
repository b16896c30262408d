/**
 * CodeCommit's error codes and words (JSON 1.1, all HTTP 400). Recorded AWS wordings:
 * - RepositoryDoesNotExistException "<name> does not exist": aws/aws-sdk-js features/codecommit/codecommit.feature,
 *   an integration test run against AWS (ListBranches of "fake-repo": "fake-repo does not exist").
 * - RepositoryNameExistsException "Repository named <name> already exists" and InvalidRepositoryNameException's
 *   long text: as getmoto/moto moto/codecommit/exceptions.py reproduces them (not checked against a recording).
 * No recorded response was found for the others: their messages are the exception descriptions of the API
 * reference (https://docs.aws.amazon.com/codecommit/latest/APIReference/CommonErrors.html and each operation's
 * Errors section, the same texts as the SDK's model), without markup; AWS's wire message may differ.
 * Denials: 400 AccessDeniedException in IAM's words (E084 quotes one: "User: <arn> is not authorized to perform:
 * codecommit:GetBranch on resource: arn:aws:codecommit:<region>:<acct>:<repo>").
 */
import { AwsError, deniedError } from '../../core/errors.js';
import { notAuthorizedMessage } from '../../iam/render.js';
import type { AuthorizationRequest, Decision } from '../../iam/types.js';

const err = (code: string, message: string) => new AwsError(code, 400, message);

export const RepositoryDoesNotExistException = (name: string) => err('RepositoryDoesNotExistException', `${name} does not exist`);
export const RepositoryNameExistsException = (name: string) => err('RepositoryNameExistsException', `Repository named ${name} already exists`);
export const RepositoryNameRequiredException = () => err('RepositoryNameRequiredException', 'A repository name is required, but was not specified.');
export const InvalidRepositoryNameException = () =>
  err(
    'InvalidRepositoryNameException',
    'The repository name is not valid. Repository names can be any valid combination of letters, numbers, periods, underscores, and dashes between 1 and 100 characters in length. Names are case sensitive. For more information, see Limits in the AWS CodeCommit User Guide. ',
  );
export const BranchNameRequiredException = () => err('BranchNameRequiredException', 'A branch name is required, but was not specified.');
export const InvalidBranchNameException = () => err('InvalidBranchNameException', 'The specified reference name is not valid.');
export const BranchDoesNotExistException = () => err('BranchDoesNotExistException', 'The specified branch does not exist.');
export const BranchNameExistsException = () =>
  err('BranchNameExistsException', 'Cannot create the branch with the specified name because the commit conflicts with an existing branch with the same name. Branch names must be unique.');
export const CommitIdRequiredException = () => err('CommitIdRequiredException', 'A commit ID was not specified.');
export const InvalidCommitIdException = () => err('InvalidCommitIdException', 'The specified commit ID is not valid.');
export const CommitDoesNotExistException = () =>
  err('CommitDoesNotExistException', 'The specified commit does not exist or no commit was specified, and the specified repository has no default branch.');
export const CommitIdDoesNotExistException = () => err('CommitIdDoesNotExistException', 'The specified commit ID does not exist.');
export const ParentCommitIdRequiredException = () =>
  err('ParentCommitIdRequiredException', 'A parent commit ID is required. To view the full commit ID of a branch in a repository, use GetBranch or a Git command (for example, git pull or git log).');
export const ParentCommitIdOutdatedException = () =>
  err(
    'ParentCommitIdOutdatedException',
    'The file could not be added because the provided parent commit ID is not the current tip of the specified branch. To view the full commit ID of the current head of the branch, use GetBranch.',
  );
export const ParentCommitDoesNotExistException = () =>
  err('ParentCommitDoesNotExistException', 'The parent commit ID is not valid because it does not exist. The specified parent commit ID does not exist in the specified branch of the repository.');
export const FileContentRequiredException = () =>
  err('FileContentRequiredException', 'The file cannot be added because it is empty. Empty files cannot be added to the repository with this API.');
export const PathRequiredException = () => err('PathRequiredException', 'The folderPath for a location cannot be null.');
export const InvalidPathException = () => err('InvalidPathException', 'The specified path is not valid.');
export const FileDoesNotExistException = () =>
  err('FileDoesNotExistException', 'The specified file does not exist. Verify that you have used the correct file name, full path, and extension.');
export const FolderDoesNotExistException = () =>
  err('FolderDoesNotExistException', 'The specified folder does not exist. Either the folder name is not correct, or you did not enter the full path to the folder.');
export const SameFileContentException = () =>
  err(
    'SameFileContentException',
    'The file was not added or updated because the content of the file is exactly the same as the content of that file in the repository and branch that you specified.',
  );
export const NoChangeException = () =>
  err('NoChangeException', 'The commit cannot be created because no changes will be made to the repository as a result of this commit. A commit must contain at least one change.');
export const FileEntryRequiredException = () =>
  err('FileEntryRequiredException', 'The commit cannot be created because no files have been specified as added, updated, or changed (PutFile or DeleteFile) for the commit.');
export const InvalidContinuationTokenException = () => err('InvalidContinuationTokenException', 'The specified continuation token is not valid.');

/** What the JSON protocol answers for an operation the public endpoint does not have (see archive.ts). */
export const UnknownOperationException = () => err('UnknownOperationException', '');

/** Denials: 400 AccessDeniedException in IAM's words, as JSON services answer. */
export function codecommitDenial(request: AuthorizationRequest, decision: Decision): AwsError {
  return deniedError('AccessDeniedException', 400, notAuthorizedMessage(request, decision), decision);
}
