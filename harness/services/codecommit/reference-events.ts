/**
 * The event AWS puts on the repository account's default bus when a branch is created or moves:
 * source aws.codecommit, detail-type "CodeCommit Repository State Change", detail event referenceCreated or
 * referenceUpdated with repositoryName, repositoryId, referenceType "branch", referenceName, referenceFullName
 * "refs/heads/<branch>", commitId, oldCommitId (updates only) and callerUserArn.
 * https://docs.aws.amazon.com/codecommit/latest/userguide/monitoring-events.html (referenceCreated and
 * referenceUpdated examples)
 * Known deviation: the session tags' displayName/emailAddress AWS adds when present are not added.
 */
import type { OperationContext } from '../types.js';
import type { Repository } from './store.js';

export function emitReferenceChange(ctx: OperationContext, repo: Repository, branch: string, commitId: string, oldCommitId: string | undefined): void {
  ctx.emit({
    source: 'aws.codecommit',
    detailType: 'CodeCommit Repository State Change',
    account: repo.account,
    region: repo.region,
    resources: [repo.arn],
    detail: {
      event: oldCommitId === undefined ? 'referenceCreated' : 'referenceUpdated',
      repositoryName: repo.name,
      repositoryId: repo.id,
      referenceType: 'branch',
      referenceName: branch,
      referenceFullName: `refs/heads/${branch}`,
      commitId,
      ...(oldCommitId !== undefined ? { oldCommitId } : {}),
      callerUserArn: ctx.principal.arn,
    },
  });
}
