/**
 * The CodePipeline definition API: CreatePipeline, GetPipeline, UpdatePipeline, DeletePipeline, ListPipelines.
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_CreatePipeline.html (and siblings)
 * Authorization: codepipeline:<Operation> on arn:aws:codepipeline:<region>:<account>:<pipeline> (ListPipelines on
 * `*`), per https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodepipeline.html, checked
 * before the declaration is read; CreatePipeline and UpdatePipeline then validate the declaration's structure and
 * name, and only then authorize iam:PassRole on the pipeline role (as AWS answers them in that order).
 * A pipeline starts an execution when it is created, trigger type CreatePipeline: "When a pipeline is created, a
 * pipeline execution starts automatically. This is the CreatePipeline trigger type in the Execution history."
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-about-starting.html). That first execution
 * reads the source as it is then, so it fails at the source when the source is not there yet (an S3 object not
 * uploaded), as it does in AWS.
 * Known deviations: pipeline versions other than the latest are not kept (GetPipeline with an older version
 * answers the latest); tags are stored but not validated beyond their shape; pagination returns everything.
 */
import type {
  CreatePipelineCommandInput,
  CreatePipelineCommandOutput,
  DeletePipelineCommandInput,
  DeletePipelineCommandOutput,
  GetPipelineCommandInput,
  GetPipelineCommandOutput,
  ListPipelinesCommandInput,
  ListPipelinesCommandOutput,
  PipelineDeclaration,
  UpdatePipelineCommandInput,
  UpdatePipelineCommandOutput,
} from '@aws-sdk/client-codepipeline';
import { constraintError } from '../param-errors.js';
import type { Operation, OperationContext, Out } from '../types.js';
import { AccessDeniedException, PipelineNameInUseException, PipelineNotFoundException } from './errors.js';
import type { CodePipelineDefinitionOperationName, CodePipelineOperations } from './operation-names.js';
import { codePipelineStore, pipelineArn, type CodePipelineStore, type PipelineRecord } from './store.js';
import { launch, newExecution, runtimeOf } from './engine.js';
import { keepSecrets, masked } from './secret-configuration.js';
import { passRoleCheck, validateReferences } from './validate-references.js';
import { validateStructure } from './validate-structure.js';

export function callerAccount(ctx: OperationContext): string {
  const account = ctx.principal.account;
  if (!account) throw AccessDeniedException('CodePipeline needs credentials of an account principal');
  return account;
}

export function storeOf(ctx: OperationContext): CodePipelineStore {
  return codePipelineStore(ctx.world.account(callerAccount(ctx))!, ctx.region);
}

export function pipelineResource(ctx: OperationContext, name: unknown): string {
  return pipelineArn(ctx.region, ctx.principal.account ?? '', String(name ?? ''));
}

export function findPipeline(ctx: OperationContext, name: unknown): PipelineRecord {
  if (typeof name !== 'string' || name === '') throw constraintError('ValidationException', 'name', undefined, 'Member must not be null');
  const record = storeOf(ctx).pipelines.get(name);
  if (!record) throw PipelineNotFoundException(callerAccount(ctx), name);
  return record;
}

/** What GetPipeline returns for fields the caller left out. */
function withDefaults(p: PipelineDeclaration, version: number): PipelineDeclaration {
  const copy = structuredClone(p);
  copy.version = version;
  copy.executionMode ??= 'SUPERSEDED';
  copy.pipelineType ??= 'V1';
  for (const stage of copy.stages ?? []) {
    for (const action of stage.actions ?? []) {
      action.runOrder ??= 1;
      action.configuration ??= {};
      action.inputArtifacts ??= [];
      action.outputArtifacts ??= [];
    }
  }
  return copy;
}

function declarationOf(input: { pipeline?: PipelineDeclaration }): PipelineDeclaration {
  if (!input.pipeline || typeof input.pipeline !== 'object') throw constraintError('ValidationException', 'pipeline', undefined, 'Member must not be null');
  return input.pipeline;
}

const CreatePipeline: Operation<CreatePipelineCommandInput, Out<CreatePipelineCommandOutput>, PipelineDeclaration> = {
  authorizeCall: (ctx, input) => ({ action: 'codepipeline:CreatePipeline', resource: pipelineResource(ctx, input.pipeline?.name) }),
  resolve(ctx, input) {
    const p = declarationOf(input);
    validateStructure(p, ctx.region);
    if (storeOf(ctx).pipelines.has(p.name!)) throw PipelineNameInUseException(callerAccount(ctx), p.name!);
    return p;
  },
  authorize: (_ctx, _input, p) => passRoleCheck(p.roleArn!),
  async handler(ctx, input, p) {
    const store = storeOf(ctx);
    await validateReferences(ctx, p);
    // A concurrent CreatePipeline with the same name may have finished while the references were checked.
    if (store.pipelines.has(p.name!)) throw PipelineNameInUseException(callerAccount(ctx), p.name!);
    const now = ctx.now();
    const declaration = withDefaults(p, 1);
    const tags = (input.tags ?? []).map((t) => ({ key: t.key!, value: t.value! }));
    const record: PipelineRecord = { declaration, arn: pipelineResource(ctx, p.name), created: now, updated: now, tags, executions: [] };
    store.pipelines.set(p.name!, record);
    // The creation's execution (see the header) acts through this request, so what it is refused is explained under
    // CreatePipeline's request id.
    const rt = runtimeOf(ctx);
    launch(rt, newExecution(rt, record, { triggerType: 'CreatePipeline', triggerDetail: ctx.principal.arn }));
    return { pipeline: masked(declaration), tags: tags.length > 0 ? tags : undefined };
  },
};

const GetPipeline: Operation<GetPipelineCommandInput, Out<GetPipelineCommandOutput>> = {
  authorize: (ctx, input) => ({ action: 'codepipeline:GetPipeline', resource: pipelineResource(ctx, input.name) }),
  handler(ctx, input) {
    const record = findPipeline(ctx, input.name);
    return {
      pipeline: masked(record.declaration),
      metadata: { pipelineArn: record.arn, created: record.created, updated: record.updated },
    };
  },
};

/** The declaration UpdatePipeline validated and the pipeline it replaces, before the caller passes its role. */
interface PipelineUpdate {
  pipeline: PipelineDeclaration;
  record: PipelineRecord;
}

const UpdatePipeline: Operation<UpdatePipelineCommandInput, Out<UpdatePipelineCommandOutput>, PipelineUpdate> = {
  authorizeCall: (ctx, input) => ({ action: 'codepipeline:UpdatePipeline', resource: pipelineResource(ctx, input.pipeline?.name) }),
  resolve(ctx, input) {
    const pipeline = declarationOf(input);
    validateStructure(pipeline, ctx.region);
    return { pipeline, record: findPipeline(ctx, pipeline.name) };
  },
  authorize: (_ctx, _input, { pipeline }) => passRoleCheck(pipeline.roleArn!),
  async handler(ctx, _input, { pipeline, record }) {
    await validateReferences(ctx, pipeline);
    record.declaration = withDefaults(keepSecrets(pipeline, record.declaration), (record.declaration.version ?? 1) + 1);
    record.updated = ctx.now();
    return { pipeline: masked(record.declaration) };
  },
};

const DeletePipeline: Operation<DeletePipelineCommandInput, Out<DeletePipelineCommandOutput>> = {
  authorize: (ctx, input) => ({ action: 'codepipeline:DeletePipeline', resource: pipelineResource(ctx, input.name) }),
  // Deleting a pipeline that does not exist succeeds, as in AWS.
  handler(ctx, input) {
    if (typeof input.name !== 'string' || input.name === '') throw constraintError('ValidationException', 'name', undefined, 'Member must not be null');
    storeOf(ctx).pipelines.delete(input.name);
    return {};
  },
};

const ListPipelines: Operation<ListPipelinesCommandInput, Out<ListPipelinesCommandOutput>> = {
  authorize: () => ({ action: 'codepipeline:ListPipelines', resource: '*' }),
  handler(ctx) {
    const pipelines = [...storeOf(ctx).pipelines.values()]
      .sort((a, b) => a.declaration.name!.localeCompare(b.declaration.name!))
      .map((r) => ({
        name: r.declaration.name,
        version: r.declaration.version,
        pipelineType: r.declaration.pipelineType,
        executionMode: r.declaration.executionMode,
        created: r.created,
        updated: r.updated,
      }));
    return { pipelines };
  },
};

export const definitionOperations = { CreatePipeline, GetPipeline, UpdatePipeline, DeletePipeline, ListPipelines } satisfies CodePipelineOperations<CodePipelineDefinitionOperationName>;
