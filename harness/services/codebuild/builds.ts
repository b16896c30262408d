/**
 * CodeBuild builds: StartBuild, StopBuild, BatchGetBuilds, ListBuildsForProject.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html (and siblings)
 * Authorization: codebuild:<Operation> on the project's ARN (a build is authorized on its project's ARN,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodebuild.html). StartBuild answers at
 * once with the build IN_PROGRESS; the build then runs (build-run.ts) as the project's service role. Overrides
 * honoured: sourceTypeOverride/sourceLocationOverride, secondarySourcesOverride, artifactsOverride,
 * secondaryArtifactsOverride, environmentVariablesOverride, buildspecOverride, encryptionKeyOverride,
 * sourceVersion. The build's `initiator` is the caller's user name or `<role>/<session>`, as the API describes it.
 * Known deviations: builds never queue; the other overrides are ignored; pagination returns everything.
 */
import { randomUUID } from 'node:crypto';
import type {
  BatchGetBuildsCommandInput,
  BatchGetBuildsCommandOutput,
  Build,
  ListBuildsForProjectCommandInput,
  ListBuildsForProjectCommandOutput,
  Project,
  StartBuildCommandInput,
  StartBuildCommandOutput,
  StopBuildCommandInput,
  StopBuildCommandOutput,
} from '@aws-sdk/client-codebuild';
import type { Principal } from '../../world/principal.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { launchBuild, type BuildPlan } from './build-run.js';
import { InvalidInputException, ResourceNotFoundException } from './errors.js';
import type { CodeBuildBuildOperationName, CodeBuildOperations } from './operation-names.js';
import { callerAccount, findProject, projectArnOf } from './projects.js';
import { buildArn, buildRef, projectArn, SERVICE, storeIn, type BuildRecord } from './store.js';

function initiatorOf(p: Principal): string {
  if (p.roleName && p.sessionName) return `${p.roleName}/${p.sessionName}`;
  return p.arn.split(':').pop()!.replace(/^user\//, '');
}

function requireProject(ctx: OperationContext, name: string | undefined): Project {
  if (!name) throw InvalidInputException.required('projectName');
  const project = findProject(ctx, name);
  if (!project) throw ResourceNotFoundException.project(projectArnOf(ctx, name));
  return project;
}

function planOf(project: Project, input: StartBuildCommandInput): BuildPlan {
  const source = structuredClone(project.source!);
  if (input.sourceTypeOverride) source.type = input.sourceTypeOverride;
  if (input.sourceLocationOverride !== undefined) source.location = input.sourceLocationOverride;
  const byId = <T extends { artifactIdentifier?: string; sourceIdentifier?: string }>(list: T[] | undefined, overrides: T[] | undefined, key: 'artifactIdentifier' | 'sourceIdentifier'): T[] => {
    const result = new Map((list ?? []).map((x) => [x[key] ?? '', structuredClone(x)]));
    for (const o of overrides ?? []) result.set(o[key] ?? '', structuredClone(o));
    return [...result.values()];
  };
  const variables = new Map((project.environment?.environmentVariables ?? []).map((v) => [v.name!, v]));
  for (const v of input.environmentVariablesOverride ?? []) variables.set(v.name!, v);
  return {
    project: structuredClone(project),
    source,
    secondarySources: byId(project.secondarySources, input.secondarySourcesOverride, 'sourceIdentifier'),
    artifacts: structuredClone(input.artifactsOverride ?? project.artifacts!),
    secondaryArtifacts: byId(project.secondaryArtifacts, input.secondaryArtifactsOverride, 'artifactIdentifier'),
    variables: [...variables.values()],
    encryptionKey: input.encryptionKeyOverride ?? project.encryptionKey!,
    buildspecOverride: input.buildspecOverride,
  };
}

const StartBuild: Operation<StartBuildCommandInput, Out<StartBuildCommandOutput>, Project> = {
  resolve: (ctx, input) => requireProject(ctx, input.projectName),
  authorize: (_ctx, _input, project) => ({ action: `${SERVICE}:StartBuild`, resource: project.arn! }),
  handler(ctx, input, project) {
    const [, , , region, account] = project.arn!.split(':') as [string, string, string, string, string];
    const store = storeIn(ctx.world, account, region)!;
    const uuid = randomUUID();
    const id = `${project.name}:${uuid}`;
    const buildNumber = (store.buildNumbers.get(project.name!) ?? 0) + 1;
    store.buildNumbers.set(project.name!, buildNumber);
    const plan = planOf(project, input);
    const now = ctx.now();
    const build: Build = {
      id,
      arn: buildArn(region, account, id),
      buildNumber,
      startTime: now,
      currentPhase: 'QUEUED',
      buildStatus: 'IN_PROGRESS',
      sourceVersion: input.sourceVersion ?? project.sourceVersion,
      projectName: project.name,
      phases: [
        { phaseType: 'SUBMITTED', phaseStatus: 'SUCCEEDED', startTime: now, endTime: now, durationInSeconds: 0 },
        { phaseType: 'QUEUED', phaseStatus: 'SUCCEEDED', startTime: now, endTime: now, durationInSeconds: 0 },
      ],
      source: plan.source,
      secondarySources: plan.secondarySources,
      artifacts: {},
      secondaryArtifacts: [],
      environment: structuredClone(project.environment),
      serviceRole: project.serviceRole,
      logs: {
        groupName: `/aws/codebuild/${project.name}`,
        streamName: uuid,
        deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logEvent:group=/aws/codebuild/${project.name};stream=${uuid}`,
      },
      timeoutInMinutes: project.timeoutInMinutes,
      queuedTimeoutInMinutes: project.queuedTimeoutInMinutes,
      buildComplete: false,
      initiator: initiatorOf(ctx.principal),
      encryptionKey: plan.encryptionKey,
    };
    const record: BuildRecord = { build, account, region, log: [] };
    store.builds.set(id, record);
    launchBuild({ world: ctx.world, invoke: ctx.invoke, region, now: () => ctx.now() }, record, plan);
    return { build: structuredClone(build) };
  },
};

/** The build an id or ARN names, or undefined. */
export function findBuild(ctx: OperationContext, idOrArn: string): BuildRecord | undefined {
  const ref = buildRef(idOrArn, callerAccount(ctx), ctx.region);
  return storeIn(ctx.world, ref.account, ref.region)?.builds.get(ref.id);
}

function buildProjectArn(ctx: OperationContext, idOrArn: string): string {
  const ref = buildRef(idOrArn, callerAccount(ctx), ctx.region);
  return projectArn(ref.region, ref.account, ref.id.split(':')[0] ?? '');
}

const StopBuild: Operation<StopBuildCommandInput, Out<StopBuildCommandOutput>, BuildRecord> = {
  resolve(ctx, input) {
    if (!input.id) throw InvalidInputException.required('id');
    if (!input.id.includes(':')) throw InvalidInputException.invalidBuildId();
    const record = findBuild(ctx, input.id);
    if (!record) throw ResourceNotFoundException.build(input.id);
    return record;
  },
  authorize: (ctx, input) => ({ action: `${SERVICE}:StopBuild`, resource: buildProjectArn(ctx, input.id!) }),
  handler(_ctx, _input, record) {
    if (!record.build.buildComplete) record.stopRequested = true;
    return { build: structuredClone(record.build) };
  },
};

const BatchGetBuilds: Operation<BatchGetBuildsCommandInput, Out<BatchGetBuildsCommandOutput>> = {
  authorize: (ctx, input) => [...new Set((input.ids ?? []).map((id) => buildProjectArn(ctx, id)))].map((resource) => ({ action: `${SERVICE}:BatchGetBuilds`, resource })),
  handler(ctx, input) {
    if (!input.ids || input.ids.length === 0) throw InvalidInputException.required('ids');
    const builds: Build[] = [];
    const buildsNotFound: string[] = [];
    for (const id of input.ids) {
      if (!id.includes(':')) throw InvalidInputException.invalidBuildId();
      const record = findBuild(ctx, id);
      if (record) builds.push(structuredClone(record.build));
      else buildsNotFound.push(id);
    }
    return { builds, buildsNotFound };
  },
};

const ListBuildsForProject: Operation<ListBuildsForProjectCommandInput, Out<ListBuildsForProjectCommandOutput>, Project> = {
  resolve(ctx, input) {
    if (!input.projectName) throw InvalidInputException.required('projectName');
    const project = findProject(ctx, input.projectName);
    if (!project) throw ResourceNotFoundException.projectForList(projectArnOf(ctx, input.projectName));
    return project;
  },
  authorize: (_ctx, _input, project) => ({ action: `${SERVICE}:ListBuildsForProject`, resource: project.arn! }),
  handler(ctx, input, project) {
    const [, , , region, account] = project.arn!.split(':') as [string, string, string, string, string];
    const ids = [...storeIn(ctx.world, account, region)!.builds.values()].filter((r) => r.build.projectName === project.name).map((r) => r.build.id!);
    return { ids: input.sortOrder === 'ASCENDING' ? ids : ids.reverse() };
  },
};

export const buildOperations = { StartBuild, StopBuild, BatchGetBuilds, ListBuildsForProject } satisfies CodeBuildOperations<CodeBuildBuildOperationName>;
