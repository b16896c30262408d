/**
 * AWS::CodeCommit::Repository: CreateRepository (RepositoryName, RepositoryDescription, KmsKeyId, Tags), then the
 * optional initial content Code.S3 (a zip read from S3 as the stack's principal, committed with CreateCommit on
 * Code.BranchName, "main" by default); a new RepositoryDescription is UpdateRepositoryDescription.
 * Ref returns the repository ID; Fn::GetAtt Arn, CloneUrlHttp, CloneUrlSsh, Name.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codecommit-repository.html
 * Failure wording: legacy handler form with CodeCommit's label, as a recorded CREATE_FAILED of this type reads:
 * "CreateRepository request is not allowed because … (Service: AWSCodeCommit; Status Code: 400; Error Code:
 * OperationNotAllowedException; Request ID: <id>; Proxy: null)"
 * (https://github.com/aws-solutions-library-samples/guidance-for-carbon-data-lake-on-aws/issues/50).
 * Deviations: a new RepositoryName replaces the repository (AWS renames it in place with UpdateRepositoryName);
 * Code is read at creation only, as AWS does, and an update of it is ignored; Triggers fail the resource as not
 * supported by xacct.
 */
import type { CreateCommitCommandInput, CreateRepositoryCommandInput, CreateRepositoryCommandOutput, PutFileEntry } from '@aws-sdk/client-codecommit';
import { unzipSync } from 'fflate';
import { bodyBytes } from '../../codepipeline/artifacts.js';
import type { TemplateValue } from '../template/index.js';
import { ResourceInputFailure } from './failure.js';
import type { Properties, ResourceContext, ResourceMapper } from './types.js';
import { requiredText, same, tagList, text } from './values.js';

function attributes(meta: NonNullable<CreateRepositoryCommandOutput['repositoryMetadata']>): Record<string, TemplateValue> {
  return { Arn: meta.Arn!, CloneUrlHttp: meta.cloneUrlHttp!, CloneUrlSsh: meta.cloneUrlSsh!, Name: meta.repositoryName! };
}

/** Code: { S3: { Bucket, Key, ObjectVersion? }, BranchName? }: the zip's files become the repository's first commit. */
async function initialCommit(ctx: ResourceContext, repositoryName: string, code: TemplateValue): Promise<void> {
  const c = code as Record<string, TemplateValue>;
  const s3 = (c['S3'] ?? {}) as Record<string, TemplateValue>;
  if (s3['Bucket'] === undefined || s3['Key'] === undefined) throw new ResourceInputFailure('Properties validation failed for resource: Required property [S3] not found');
  const out = await ctx.call<{ Body?: unknown }>('s3', 'GetObject', {
    Bucket: String(s3['Bucket']),
    Key: String(s3['Key']),
    ...(s3['ObjectVersion'] !== undefined ? { VersionId: String(s3['ObjectVersion']) } : {}),
  });
  const files = unzipSync(await bodyBytes(out.Body));
  const putFiles: PutFileEntry[] = Object.entries(files)
    .filter(([name]) => !name.endsWith('/'))
    .map(([filePath, fileContent]) => ({ filePath, fileContent }));
  if (putFiles.length === 0) return;
  const branchName = c['BranchName'] === undefined ? 'main' : String(c['BranchName']);
  await ctx.call('codecommit', 'CreateCommit', { repositoryName, branchName, putFiles, commitMessage: 'Initial commit by AWS CloudFormation' } satisfies CreateCommitCommandInput);
}

export const codeCommitRepository: ResourceMapper = {
  type: 'AWS::CodeCommit::Repository',
  service: 'codecommit',
  failureStyle: { kind: 'legacy', serviceLabel: 'AWSCodeCommit' },
  replaceOn: ['RepositoryName', 'KmsKeyId'],
  required: ['RepositoryName'],
  attributes: ['Arn', 'CloneUrlHttp', 'CloneUrlSsh', 'Name'],
  async create(ctx, props) {
    if (props['Triggers'] !== undefined) throw new ResourceInputFailure('Property Triggers of AWS::CodeCommit::Repository is not supported by xacct');
    const repositoryName = requiredText(props, 'RepositoryName');
    const tags = Object.fromEntries(tagList(props).map((t) => [t.Key, t.Value]));
    const out = await ctx.call<CreateRepositoryCommandOutput>('codecommit', 'CreateRepository', {
      repositoryName,
      repositoryDescription: text(props, 'RepositoryDescription'),
      kmsKeyId: text(props, 'KmsKeyId'),
      ...(Object.keys(tags).length ? { tags } : {}),
    } satisfies CreateRepositoryCommandInput);
    const meta = out.repositoryMetadata!;
    ctx.created(meta.repositoryId!);
    if (props['Code'] !== undefined) await initialCommit(ctx, repositoryName, props['Code']);
    return { physicalId: meta.repositoryId!, attributes: attributes(meta) };
  },
  async update(ctx, physicalId, props, previous) {
    const repositoryName = requiredText(props, 'RepositoryName');
    if (!same(props['RepositoryDescription'], previous['RepositoryDescription'])) {
      await ctx.call('codecommit', 'UpdateRepositoryDescription', { repositoryName, repositoryDescription: text(props, 'RepositoryDescription') });
    }
    const out = await ctx.call<CreateRepositoryCommandOutput>('codecommit', 'GetRepository', { repositoryName });
    return { physicalId, attributes: attributes(out.repositoryMetadata!) };
  },
  async delete(ctx, _physicalId, props: Properties) {
    await ctx.call('codecommit', 'DeleteRepository', { repositoryName: requiredText(props, 'RepositoryName') });
  },
};
