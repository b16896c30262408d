/**
 * Polling for source changes: a CodeCommit source action whose PollForSourceChanges is not "false" starts the
 * pipeline when its branch's head changes. That is the default for a pipeline created with the CLI or CloudFormation
 * ("the PollForSourceChanges parameter is not displayed in JSON output, but it is set to true":
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/PollForSourceChanges-defaults.html), which is how the
 * awslabs reference architecture's pipeline starts ("push a change to the CodeCommit repo ... ensure your
 * codepipeline execution has kicked off": aws-refarch-cross-account-pipeline README.md).
 * AWS polls on its own schedule; xacct polls when the pipeline is looked at (ListPipelineExecutions,
 * GetPipelineState), so a client that looks after a commit finds the execution the poll
 * started, as it would after AWS's next poll. The poll reads the branch as the source action would
 * (codecommit:GetBranch as the pipeline role's session, or the action's roleArn assumed from it); a poll that
 * cannot read it starts nothing, as AWS's polling shows nothing. A head is new when it differs from the one the
 * last poll saw, or, before any poll, from the revision the latest execution's source produced (none: every head
 * is new). The execution's trigger is `PollForSourceChanges` (API_ExecutionTrigger.html).
 * Known deviations: only CodeCommit sources are polled (S3 and GitHub version 1 sources are not); the poll's calls
 * are made under the request id of the call that looks; AWS's triggerDetail for a polled start was not found in a
 * recorded response, so xacct records the polled action's name.
 */
import type { GetBranchCommandInput, GetBranchCommandOutput } from '@aws-sdk/client-codecommit';
import type { ActionDeclaration } from '@aws-sdk/client-codepipeline';
import { isAwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import type { Out } from '../types.js';
import { launch, newExecution, type Runtime } from './engine.js';
import { assumeActionRole, assumePipelineRole } from './sessions.js';
import type { PipelineRecord } from './store.js';

function pollingSources(record: PipelineRecord): ActionDeclaration[] {
  const [first] = record.declaration.stages ?? [];
  return (first?.actions ?? []).filter(
    (a) => a.actionTypeId?.category === 'Source' && a.actionTypeId.owner === 'AWS' && a.actionTypeId.provider === 'CodeCommit' && a.configuration?.['PollForSourceChanges']?.toLowerCase() !== 'false',
  );
}

/** The revision the latest execution's source produced for `action`, if one ran. */
function lastRevision(record: PipelineRecord, action: ActionDeclaration): string | undefined {
  const output = action.outputArtifacts?.[0]?.name;
  for (const exec of record.executions) {
    const revision = exec.artifactRevisions.find((r) => r.name === output)?.revisionId;
    if (revision) return revision;
  }
  return undefined;
}

/** The branch's head as the action would read it; undefined when it cannot (a refused role, no repository or branch). */
async function headOf(rt: Runtime, record: PipelineRecord, action: ActionDeclaration): Promise<string | undefined> {
  try {
    let as: Principal = await assumePipelineRole(rt.world, rt.invoke, record.declaration.roleArn!, record.arn, rt.now());
    if (action.roleArn) as = await assumeActionRole(rt.world, rt.invoke, as, action.roleArn, rt.now());
    const input: GetBranchCommandInput = { repositoryName: action.configuration!['RepositoryName'], branchName: action.configuration!['BranchName'] };
    const out = await rt.invoke<Out<GetBranchCommandOutput>>('codecommit', 'GetBranch', input, { as });
    return out.branch?.commitId;
  } catch (e) {
    if (isAwsError(e)) return undefined;
    throw e;
  }
}

/** Polls under way, by pipeline: a second look while one runs waits for it instead of starting the same change twice. */
const polling = new WeakMap<PipelineRecord, Promise<void>>();

/** Polls the pipeline's polling sources, starting one execution if any branch moved since it was last seen. */
export function pollSources(rt: Runtime, record: PipelineRecord): Promise<void> {
  if (pollingSources(record).length === 0) return Promise.resolve();
  let under = polling.get(record);
  if (!under) {
    under = poll(rt, record).finally(() => polling.delete(record));
    polling.set(record, under);
  }
  return under;
}

async function poll(rt: Runtime, record: PipelineRecord): Promise<void> {
  let moved: string | undefined;
  for (const action of pollingSources(record)) {
    const head = await headOf(rt, record, action);
    if (head === undefined) continue;
    const seen = record.polled?.[action.name!] ?? lastRevision(record, action);
    record.polled = { ...record.polled, [action.name!]: head };
    if (head !== seen) moved ??= action.name!;
  }
  if (moved !== undefined) launch(rt, newExecution(rt, record, { triggerType: 'PollForSourceChanges', triggerDetail: moved }));
}
