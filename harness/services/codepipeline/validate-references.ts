/**
 * CreatePipeline/UpdatePipeline checks that need other services, each made through the request path:
 * - the caller may pass the pipeline role: iam:PassRole with iam:PassedToService = codepipeline.amazonaws.com
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html); a refusal is CodePipeline's
 *   AccessDeniedException in IAM's words. The operations declare it (`passRoleCheck`), so the request path
 *   evaluates and records it before `validateReferences` runs;
 * - codepipeline.amazonaws.com may assume the pipeline role (its trust policy decides): E093;
 * - the pipeline role may assume each action roleArn: E092;
 * - the artifact store bucket exists (HeadBucket as the pipeline role; only a missing bucket is refused, since
 *   AWS does not document a permission check at create time);
 * - the encryption key is a key id, key ARN or alias ARN (EncryptionKey.id in the API reference).
 * Known deviation: while S3 is not registered in the emulator the bucket check is skipped.
 */
import type { ArtifactStore, PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { isAwsError } from '../../core/errors.js';
import type { Principal } from '../../world/principal.js';
import type { AuthCheck, OperationContext } from '../types.js';
import { InvalidStructureException } from './errors.js';
import { pipelineArn } from './store.js';
import { assumeActionRole, assumePipelineRole, CODEPIPELINE_PRINCIPAL, isNotEmulated } from './sessions.js';

const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:alias\/.+$/;

export function passRoleCheck(roleArn: string): AuthCheck {
  return {
    action: 'iam:PassRole',
    resource: roleArn,
    context: { 'iam:PassedToService': CODEPIPELINE_PRINCIPAL },
  };
}

export function artifactStoresOf(p: PipelineDeclaration): ArtifactStore[] {
  if (p.artifactStore) return [p.artifactStore];
  return Object.values(p.artifactStores ?? {});
}

/** Runs once the caller's iam:PassRole on the pipeline role (`passRoleCheck`) has been authorized. */
export async function validateReferences(ctx: OperationContext, p: PipelineDeclaration): Promise<void> {
  let session: Principal;
  try {
    session = await assumePipelineRole(ctx.world, ctx.invoke, p.roleArn!, pipelineArn(ctx.region, ctx.principal.account ?? '', p.name!), ctx.now());
  } catch (e) {
    if (isAwsError(e)) throw InvalidStructureException.pipelineRoleNotAssumable(p.roleArn!);
    throw e;
  }
  const checked = new Set<string>();
  for (const stage of p.stages ?? []) {
    for (const action of stage.actions ?? []) {
      if (!action.roleArn || checked.has(action.roleArn)) continue;
      checked.add(action.roleArn);
      try {
        await assumeActionRole(ctx.world, ctx.invoke, session, action.roleArn, ctx.now());
      } catch (e) {
        if (isAwsError(e)) throw InvalidStructureException.actionRoleNotAssumable(p.roleArn!, action.roleArn);
        throw e;
      }
    }
  }
  for (const store of artifactStoresOf(p)) {
    const key = store.encryptionKey;
    if (key && (key.type !== 'KMS' || !key.id || !(KEY_ID.test(key.id) || KEY_ARN.test(key.id) || ALIAS_ARN.test(key.id)))) {
      throw InvalidStructureException.encryptionKey(key.id ?? '');
    }
    await checkBucket(ctx, session, store.location ?? '');
  }
}

async function checkBucket(ctx: OperationContext, session: Principal, bucket: string): Promise<void> {
  try {
    await ctx.invoke('s3', 'HeadBucket', { Bucket: bucket }, { as: session });
  } catch (e) {
    if (isNotEmulated(e, 's3')) return;
    if (isAwsError(e) && (e.status === 404 || e.code === 'NoSuchBucket' || e.code === 'NotFound')) throw InvalidStructureException.artifactBucket(bucket);
    if (!isAwsError(e)) throw e;
  }
}
