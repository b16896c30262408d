/**
 * CodeBuild projects: CreateProject, UpdateProject, DeleteProject, BatchGetProjects, ListProjects.
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CreateProject.html (and siblings)
 * Authorization: codebuild:<Operation> on arn:aws:codebuild:<region>:<account>:project/<name> (ListProjects on `*`),
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodebuild.html; CreateProject and an
 * UpdateProject that names a service role also need iam:PassRole on it (iam:PassedToService codebuild.amazonaws.com),
 * and then codebuild.amazonaws.com must be able to assume it (InvalidInputException otherwise).
 * Defaults as the API returns them: encryptionKey `arn:aws:kms:<region>:<account>:alias/aws/s3` ("If you don't
 * specify a value, CodeBuild uses the managed CMK for Amazon S3", API_CreateProject.html), timeoutInMinutes 60,
 * queuedTimeoutInMinutes 480.
 * Known deviations: tags, webhooks, VPC, file systems, batch configuration and caches are stored and returned but
 * have no effect; pagination returns everything; DeleteProject of a project that does not exist succeeds.
 */
import type {
  BatchGetProjectsCommandInput,
  BatchGetProjectsCommandOutput,
  CreateProjectCommandInput,
  CreateProjectCommandOutput,
  DeleteProjectCommandInput,
  DeleteProjectCommandOutput,
  ListProjectsCommandInput,
  ListProjectsCommandOutput,
  Project,
  UpdateProjectCommandInput,
  UpdateProjectCommandOutput,
} from '@aws-sdk/client-codebuild';
import { isAwsError } from '../../core/errors.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { InvalidInputException, ResourceAlreadyExistsException, ResourceNotFoundException } from './errors.js';
import type { CodeBuildOperations, CodeBuildProjectOperationName } from './operation-names.js';
import { assumeServiceRole, passRoleCheck, serviceRoleArn } from './service-role.js';
import { codeBuildStore, projectArn, projectRef, SERVICE, storeIn, type CodeBuildStore } from './store.js';

const SOURCE_TYPES = new Set(['CODEPIPELINE', 'S3', 'NO_SOURCE', 'CODECOMMIT', 'GITHUB', 'GITHUB_ENTERPRISE', 'BITBUCKET', 'GITLAB', 'GITLAB_SELF_MANAGED']);
const ARTIFACT_TYPES = new Set(['CODEPIPELINE', 'S3', 'NO_ARTIFACTS']);

export function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

function storeOf(ctx: OperationContext): CodeBuildStore {
  return codeBuildStore(ctx.world.account(callerAccount(ctx))!, ctx.region);
}

/** The project a name or ARN names, or undefined; ARNs may name another account's project. */
export function findProject(ctx: OperationContext, nameOrArn: string): Project | undefined {
  const ref = projectRef(nameOrArn, callerAccount(ctx), ctx.region);
  return storeIn(ctx.world, ref.account, ref.region)?.projects.get(ref.name);
}

export function projectArnOf(ctx: OperationContext, nameOrArn: string | undefined): string {
  const ref = projectRef(nameOrArn ?? '', callerAccount(ctx), ctx.region);
  return projectArn(ref.region, ref.account, ref.name);
}

function validateShape(p: Partial<CreateProjectCommandInput>, partial: boolean): void {
  if (!partial) {
    for (const member of ['name', 'source', 'artifacts', 'environment', 'serviceRole'] as const) {
      if (p[member] === undefined || p[member] === null || p[member] === '') throw InvalidInputException.required(member);
    }
  }
  for (const s of [p.source, ...(p.secondarySources ?? [])]) {
    if (s && !SOURCE_TYPES.has(String(s.type))) throw InvalidInputException.unsupported('source type', String(s.type));
  }
  for (const a of [p.artifacts, ...(p.secondaryArtifacts ?? [])]) {
    if (a && !ARTIFACT_TYPES.has(String(a.type))) throw InvalidInputException.unsupported('artifacts type', String(a.type));
  }
}

/** CodeBuild assumes the role to check it; any refusal (no such role, no trust) reads the same. */
async function checkServiceRole(ctx: OperationContext, roleArn: string, projectArn: string): Promise<void> {
  try {
    await assumeServiceRole(ctx.world, ctx.invoke, roleArn, `AWSCodeBuild-${ctx.requestId}`, projectArn);
  } catch (e) {
    if (isAwsError(e)) throw InvalidInputException.roleNotAssumable(roleArn);
    throw e;
  }
}

const CreateProject: Operation<CreateProjectCommandInput, Out<CreateProjectCommandOutput>, Project> = {
  authorizeCall: (ctx, input) => ({ action: `${SERVICE}:CreateProject`, resource: projectArnOf(ctx, input.name) }),
  resolve(ctx, input) {
    validateShape(input, false);
    const account = callerAccount(ctx);
    const arn = projectArn(ctx.region, account, input.name!);
    if (storeOf(ctx).projects.has(input.name!)) throw ResourceAlreadyExistsException(arn);
    const now = ctx.now();
    const { tags, badgeEnabled, ...rest } = input;
    return {
      ...structuredClone(rest),
      arn,
      serviceRole: serviceRoleArn(input.serviceRole!, account),
      encryptionKey: input.encryptionKey ?? `arn:aws:kms:${ctx.region}:${account}:alias/aws/s3`,
      timeoutInMinutes: input.timeoutInMinutes ?? 60,
      queuedTimeoutInMinutes: input.queuedTimeoutInMinutes ?? 480,
      tags: tags ?? [],
      badge: { badgeEnabled: badgeEnabled ?? false },
      projectVisibility: 'PRIVATE',
      created: now,
      lastModified: now,
    };
  },
  authorize: (_ctx, _input, project) => passRoleCheck(project.serviceRole!),
  async handler(ctx, _input, project) {
    await checkServiceRole(ctx, project.serviceRole!, project.arn!);
    const store = storeOf(ctx);
    if (store.projects.has(project.name!)) throw ResourceAlreadyExistsException(project.arn!);
    store.projects.set(project.name!, project);
    return { project: structuredClone(project) };
  },
};

interface ProjectUpdate {
  current: Project;
  next: Project;
}

const UpdateProject: Operation<UpdateProjectCommandInput, Out<UpdateProjectCommandOutput>, ProjectUpdate> = {
  authorizeCall: (ctx, input) => ({ action: `${SERVICE}:UpdateProject`, resource: projectArnOf(ctx, input.name) }),
  resolve(ctx, input) {
    if (!input.name) throw InvalidInputException.required('name');
    validateShape(input, true);
    const current = findProject(ctx, input.name);
    if (!current) throw ResourceNotFoundException.project(projectArnOf(ctx, input.name));
    const { name: _name, tags, badgeEnabled, ...changes } = input;
    const defined = Object.fromEntries(Object.entries(structuredClone(changes)).filter(([, v]) => v !== undefined)) as Partial<Project>;
    const next: Project = { ...structuredClone(current), ...defined, lastModified: ctx.now() };
    if (input.serviceRole) next.serviceRole = serviceRoleArn(input.serviceRole, callerAccount(ctx));
    if (tags) next.tags = tags;
    if (badgeEnabled !== undefined) next.badge = { badgeEnabled };
    return { current, next };
  },
  authorize: (_ctx, input, { next }) => (input.serviceRole ? passRoleCheck(next.serviceRole!) : undefined),
  async handler(ctx, input, { current, next }) {
    if (input.serviceRole) await checkServiceRole(ctx, next.serviceRole!, next.arn!);
    Object.assign(current, next);
    return { project: structuredClone(current) };
  },
};

const DeleteProject: Operation<DeleteProjectCommandInput, Out<DeleteProjectCommandOutput>> = {
  authorize: (ctx, input) => ({ action: `${SERVICE}:DeleteProject`, resource: projectArnOf(ctx, input.name) }),
  handler(ctx, input) {
    if (!input.name) throw InvalidInputException.required('name');
    const ref = projectRef(input.name, callerAccount(ctx), ctx.region);
    storeIn(ctx.world, ref.account, ref.region)?.projects.delete(ref.name);
    return {};
  },
};

const BatchGetProjects: Operation<BatchGetProjectsCommandInput, Out<BatchGetProjectsCommandOutput>> = {
  authorize: (ctx, input) => (input.names ?? []).map((n) => ({ action: `${SERVICE}:BatchGetProjects`, resource: projectArnOf(ctx, n) })),
  handler(ctx, input) {
    if (!input.names || input.names.length === 0) throw InvalidInputException.required('names');
    const projects: Project[] = [];
    const projectsNotFound: string[] = [];
    for (const n of input.names) {
      const p = findProject(ctx, n);
      if (p) projects.push(structuredClone(p));
      else projectsNotFound.push(n);
    }
    return { projects, projectsNotFound };
  },
};

const ListProjects: Operation<ListProjectsCommandInput, Out<ListProjectsCommandOutput>> = {
  authorize: () => ({ action: `${SERVICE}:ListProjects`, resource: '*' }),
  handler(ctx, input) {
    const projects = [...storeOf(ctx).projects.values()];
    const by = input.sortBy ?? 'NAME';
    projects.sort((a, b) => (by === 'NAME' ? a.name!.localeCompare(b.name!) : (by === 'CREATED_TIME' ? a.created! : a.lastModified!).getTime() - (by === 'CREATED_TIME' ? b.created! : b.lastModified!).getTime()));
    if (input.sortOrder === 'DESCENDING') projects.reverse();
    return { projects: projects.map((p) => p.name!) };
  },
};

export const projectOperations = { CreateProject, UpdateProject, DeleteProject, BatchGetProjects, ListProjects } satisfies CodeBuildOperations<CodeBuildProjectOperationName>;
