/**
 * The repository a call names, read and looked up once: CodeCommit's API names repositories by name only, so a call
 * always reaches a repository of the caller's own account and Region (a repository of another account is reached
 * only by a role of that account). Access is decided by IAM alone: CodeCommit has no resource policies
 * (https://docs.aws.amazon.com/codecommit/latest/userguide/auth-and-access-control-iam-access-control-identity-based.html),
 * on the resource arn:aws:codecommit:<region>:<account>:<name>
 * (https://docs.aws.amazon.com/codecommit/latest/userguide/auth-and-access-control-permissions-reference.html).
 * The name's checks come before authorization; whether the repository exists is answered after it (the ARN is
 * known from the name, so IAM decides first).
 * Known deviation: the order of the existence answer and the authorization is not recorded; this is our reading.
 */
import type { AuthCheck, OperationContext } from '../types.js';
import { BranchNameRequiredException, InvalidBranchNameException, InvalidContinuationTokenException, InvalidRepositoryNameException, RepositoryDoesNotExistException, RepositoryNameRequiredException } from './errors.js';
import { codecommitStore, repositoryArn, SERVICE, type Repository } from './store.js';

export interface RepositoryRef {
  name: string;
  arn: string;
  account: string;
  repo?: Repository;
}

/** Letters, digits, periods, underscores and dashes, 1–100 characters, not ending in .git (CreateRepository). */
const REPOSITORY_NAME = /^[\w.-]{1,100}$/;

export function repositoryName(value: string | undefined): string {
  if (value === undefined || value === '') throw RepositoryNameRequiredException();
  if (!REPOSITORY_NAME.test(value) || value.endsWith('.git')) throw InvalidRepositoryNameException();
  return value;
}

export function repositoryRef(ctx: OperationContext, name: string | undefined): RepositoryRef {
  const checked = repositoryName(name);
  const account = ctx.principal.account ?? '';
  const owner = ctx.world.account(account);
  return {
    name: checked,
    account,
    arn: repositoryArn(ctx.region, account, checked),
    repo: owner ? codecommitStore(owner, ctx.region).repositories.get(checked) : undefined,
  };
}

export function existing(ref: RepositoryRef): Repository {
  if (!ref.repo) throw RepositoryDoesNotExistException(ref.name);
  return ref.repo;
}

/** The IAM check of an operation on the repository it names. */
export function repositoryCheck(action: string): (ctx: OperationContext, input: unknown, ref: { arn: string }) => AuthCheck {
  return (_ctx, _input, ref) => ({ action: `${SERVICE}:${action}`, resource: ref.arn });
}

/**
 * A branch name as git allows it (git-check-ref-format): no control characters, spaces, "~^:?*[\", "..", "@{",
 * leading or trailing "/" or ".", or ".lock" ending; 1–256 characters (CreateBranch's constraint).
 */
export function branchName(value: string | undefined): string {
  if (value === undefined || value === '') throw BranchNameRequiredException();
  if (value.length > 256 || /[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^[/.]|[/.]$|\.lock$/.test(value) || value === '@') throw InvalidBranchNameException();
  return value;
}

/** Lists answer in one page and never hand out a token, so any token given is not one of ours. */
export function noContinuation(nextToken: string | undefined): undefined {
  if (nextToken !== undefined) throw InvalidContinuationTokenException();
  return undefined;
}
