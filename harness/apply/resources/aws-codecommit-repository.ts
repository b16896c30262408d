/**
 * aws_codecommit_repository -> CodeCommit CreateRepository
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codecommit_repository).
 * Attributes as the provider sets them: id and repository_name (the name), repository_id, arn, clone_url_http,
 * clone_url_ssh, kms_key_id.
 * Deviations: default_branch is accepted and ignored (the provider calls UpdateDefaultBranch, which needs a branch
 * that exists, and a new repository has none); tags_all equals tags (no provider default_tags).
 */
import { CreateRepositoryCommand, type CreateRepositoryCommandOutput } from '@aws-sdk/client-codecommit';
import { reqStr, str, stringMap } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCodecommitRepository: ResourceMapper = {
  type: 'aws_codecommit_repository',
  schema: { repository_name: 'value', description: 'value', default_branch: 'ignored', kms_key_id: 'value', tags: 'value' },
  required: ['repository_name'],
  computed: ['id', 'arn', 'repository_id', 'clone_url_http', 'clone_url_ssh', 'tags_all'],
  async create(args, ctx) {
    const tags = stringMap(args, 'tags');
    const out: CreateRepositoryCommandOutput = await ctx.clients.codecommit.send(
      new CreateRepositoryCommand({ repositoryName: reqStr(args, 'repository_name'), repositoryDescription: str(args, 'description'), kmsKeyId: str(args, 'kms_key_id'), tags }),
    );
    const meta = out.repositoryMetadata!;
    return {
      id: meta.repositoryName!,
      repository_name: meta.repositoryName!,
      repository_id: meta.repositoryId!,
      arn: meta.Arn!,
      clone_url_http: meta.cloneUrlHttp!,
      clone_url_ssh: meta.cloneUrlSsh!,
      ...(meta.kmsKeyId ? { kms_key_id: meta.kmsKeyId } : {}),
      tags_all: tags ?? {},
    };
  },
};
