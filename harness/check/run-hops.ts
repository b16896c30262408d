/**
 * Makes each hop as its principal through the emulator's request path (authorization, the services' own checks, S3
 * calling KMS), in one world, in the order the pipeline makes them; a hop whose session or artifact an earlier hop
 * failed to give is blocked, not run. Each hop's requests share a trace id, so a refusal deep inside (S3 -> KMS) is
 * explained by the denial the emulator recorded for it.
 */
import { randomUUID } from 'node:crypto';
import type { Emulator } from '../core/emulator.js';
import { AwsError, isAwsError } from '../core/errors.js';
import type { OperationContext } from '../core/service.js';
import { getObject, putObject, writeArtifact } from '../services/codepipeline/artifacts.js';
import { CREATES_NOTHING_TEMPLATE } from '../runner/artifact.js';
import { rootPrincipal, servicePrincipal, type Principal } from '../world/principal.js';
import type { Hop, HopAct } from './hops.js';
import type { CheckError, HopResult } from './types.js';


const PROBE_BYTES = new TextEncoder().encode('xacct check');

export interface HopRun {
  emulator: Emulator;
  /** Role sessions obtained so far, by role ARN. */
  sessions: Map<string, Principal>;
  /** Where each artifact was written, by `<hop pipeline>/<artifact>`. */
  artifacts: Map<string, { bucket: string; key: string }>;
}

export type Invoke = OperationContext['invoke'];

/** Calls through the request path as `as` (or the principal a call names), every call under one trace id. */
export function invokeFor(emulator: Emulator, as: Principal, traceId: string): Invoke {
  return (service, operation, input, opts = {}) => emulator.invokeAs(opts.as ?? as, service, operation, input, { ...opts, traceId });
}

function session(run: HopRun, roleArn: string): Principal {
  const s = run.sessions.get(roleArn);
  if (!s) throw new Error(`no session of ${roleArn}`);
  return s;
}

async function assume(run: HopRun, invoke: Invoke, as: Principal, roleArn: string): Promise<void> {
  const out = await invoke<{ Credentials?: { AccessKeyId?: string } }>('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'xacct-check' }, { as });
  const record = run.emulator.world.credentials.get(out.Credentials!.AccessKeyId!);
  if (!record) throw new Error(`STS issued credentials that are not registered`);
  run.sessions.set(roleArn, record.principal);
}

let probeStacks = 0;

/**
 * The deploy action's call that passes its role, on the action's own stack as CodePipeline makes it (an action role
 * allowed cloudformation:* on that stack only, as CDK writes them, is allowed here too): CHANGE_SET_REPLACE creates a
 * change set (CREATE, or UPDATE when the stack exists); the other modes create the stack, or update an existing one.
 * An action that names no stack gets a probe stack of check's own. The empty template creates nothing.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html (ActionMode)
 */
async function passRole(invoke: Invoke, as: Principal, act: Extract<HopAct, { kind: 'pass-role' }>): Promise<void> {
  const StackName = act.stackName ?? `xacct-check-${++probeStacks}`;
  const exists =
    act.stackName !== undefined &&
    (await invoke('cloudformation', 'DescribeStacks', { StackName }, { as: rootPrincipal(as.account!) }).then(
      () => true,
      () => false,
    ));
  const common = { StackName, TemplateBody: CREATES_NOTHING_TEMPLATE, RoleARN: act.roleArn };
  if (act.changeSet) await invoke('cloudformation', 'CreateChangeSet', { ...common, ChangeSetName: act.changeSet.name, ChangeSetType: exists ? 'UPDATE' : 'CREATE' }, { as });
  else await invoke('cloudformation', exists ? 'UpdateStack' : 'CreateStack', common, { as });
}

/** Makes one hop; throws what AWS answers when it is refused. */
async function perform(run: HopRun, hop: Hop, invoke: Invoke): Promise<void> {
  const act: HopAct = hop.act;
  const artifactId = (name: string) => `${hop.plan.pipelineAccount}/${hop.plan.pipeline}/${name}`;
  switch (act.kind) {
    case 'service-assumes-role':
      return assume(run, invoke, servicePrincipal(act.service, act.source), act.roleArn);
    case 'assume-role':
      return assume(run, invoke, session(run, act.by), act.roleArn);
    case 'read-source':
      await getObject(invoke, session(run, act.as), act.bucket, act.key);
      return;
    case 'write-artifact': {
      const store = act.kmsKeyId ? { ...act.store, encryptionKey: { id: act.kmsKeyId, type: 'KMS' as const } } : act.store;
      const location = await writeArtifact(invoke, session(run, act.as), store, hop.plan.pipeline, act.artifact, PROBE_BYTES);
      run.artifacts.set(artifactId(act.artifact), location);
      return;
    }
    case 'read-artifact': {
      const location = run.artifacts.get(artifactId(act.artifact));
      if (!location) throw new Error(`no action of ${hop.plan.pipeline} writes the artifact ${act.artifact}`);
      await getObject(invoke, session(run, act.as), location.bucket, location.key);
      return;
    }
    case 'pass-role':
      return passRole(invoke, session(run, act.as), act);
    case 'read-parameters':
      await invoke('ssm', 'GetParameters', { Names: act.names }, { as: session(run, act.as) });
      return;
    case 'deploy-write':
      await putObject(invoke, session(run, act.as), act.bucket, act.key, PROBE_BYTES, act.kmsKeyArn ? { sse: true, kmsKeyId: act.kmsKeyArn } : {});
      return;
    case 'read-repository': {
      const as = session(run, act.as);
      const branch = await invoke<{ branch?: { commitId?: string } }>('codecommit', 'GetBranch', { repositoryName: act.repository, branchName: act.branch }, { as });
      const commitId = branch.branch?.commitId ?? '';
      await invoke('codecommit', 'GetCommit', { repositoryName: act.repository, commitId }, { as });
      const archive = await invoke<{ archiveId: string }>('codecommit', 'UploadArchive', { repositoryName: act.repository, commitId }, { as });
      await invoke('codecommit', 'GetUploadArchiveStatus', { repositoryName: act.repository, archiveId: archive.archiveId }, { as });
      return;
    }
    case 'use-connection':
      await invoke('codestar-connections', 'UseConnection', { ConnectionArn: act.connectionArn, FullRepositoryId: act.repository, BranchName: act.branch }, { as: session(run, act.as) });
      return;
    case 'start-build':
      await invoke('codebuild', 'StartBuild', { projectName: act.project }, { as: session(run, act.as) });
      return;
    case 'start-pipeline':
      await invoke('codepipeline', 'StartPipelineExecution', { name: act.pipeline }, { as: session(run, act.as) });
      return;
    case 'put-events': {
      const entry = { EventBusName: act.busArn, Source: 'xacct.check', DetailType: 'xacct check', Detail: '{}' };
      const out = await invoke<{ FailedEntryCount?: number; Entries?: Array<{ ErrorCode?: string; ErrorMessage?: string }> }>('events', 'PutEvents', { Entries: [entry] }, { as: session(run, act.as) });
      // PutEvents answers 200 and reports a refused entry in its result, as AWS does.
      const failed = out.FailedEntryCount ? out.Entries?.find((e) => e.ErrorCode) : undefined;
      if (failed) throw new AwsError(failed.ErrorCode!, 200, failed.ErrorMessage ?? '');
      return;
    }
  }
}

/**
 * A source object the world lacks (the setup creates the bucket, the user uploads the object) is put there by the
 * bucket's owner before the hops run, so reading it tests access rather than existence.
 */
export async function seedSources(emulator: Emulator, hops: Hop[]): Promise<void> {
  for (const hop of hops) {
    if (hop.act.kind === 'read-repository') await seedBranch(emulator, hop.plan.resourceAccount ?? '', hop.act.repository, hop.act.branch);
    if (hop.act.kind !== 'read-source') continue;
    const { bucket, key } = hop.act;
    const owner = hop.plan.pipelineAccount;
    const invoke = invokeFor(emulator, rootPrincipal(owner), `seed-${randomUUID()}`);
    try {
      await getObject(invoke, rootPrincipal(owner), bucket, key);
    } catch (e) {
      if (isAwsError(e) && e.code === 'NoSuchKey') await putObject(invoke, rootPrincipal(owner), bucket, key, PROBE_BYTES);
    }
  }
}

/** A repository whose branch has no commit yet gets one by its account's root, so reading it tests access. */
async function seedBranch(emulator: Emulator, account: string, repositoryName: string, branchName: string): Promise<void> {
  const root = rootPrincipal(account);
  const invoke = invokeFor(emulator, root, `seed-${randomUUID()}`);
  try {
    await invoke('codecommit', 'GetBranch', { repositoryName, branchName });
  } catch (e) {
    if (!isAwsError(e) || e.code !== 'BranchDoesNotExistException') return;
    await invoke('codecommit', 'PutFile', { repositoryName, branchName, filePath: 'xacct-check.txt', fileContent: PROBE_BYTES }).catch(() => undefined);
  }
}

export function errorOf(e: unknown): CheckError {
  if (isAwsError(e)) return { code: e.code, status: e.status, message: e.message };
  return { code: 'Error', message: e instanceof Error ? e.message : String(e) };
}

/** Makes every hop in order in `run`'s world and says how each went. */
export async function runHops(run: HopRun, hops: Hop[]): Promise<HopResult[]> {
  const results = new Map<string, HopResult>();
  for (const hop of hops) {
    const failed = hop.needs.map((id) => results.get(id)).find((r) => r && r.outcome !== 'allowed');
    if (failed) {
      results.set(hop.plan.id, { ...hop.plan, outcome: 'blocked', error: { code: 'Blocked', message: `needs ${failed.id}, which was ${failed.outcome}` } });
      continue;
    }
    const traceId = `check-${randomUUID()}`;
    try {
      await perform(run, hop, invokeFor(run.emulator, servicePrincipal('xacct-check'), traceId));
      results.set(hop.plan.id, { ...hop.plan, outcome: 'allowed' });
    } catch (e) {
      const denial = run.emulator.explain(traceId);
      results.set(hop.plan.id, {
        ...hop.plan,
        outcome: 'refused',
        error: errorOf(e),
        ...(denial ? { explanation: denial.decision.explanation, ...(denial.decision.fix ? { fix: denial.decision.fix } : {}) } : {}),
      });
    }
  }
  return [...results.values()];
}
