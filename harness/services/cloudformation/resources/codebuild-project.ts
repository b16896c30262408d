/**
 * AWS::CodeBuild::Project: the template's PascalCase properties become CodeBuild's camelCase CreateProject /
 * UpdateProject input (Source.BuildSpec is the API's `buildspec`), coerced by the SDK's model as the JSON protocol
 * coerces a request, so CodeBuild receives its `XCommandInput` (integers given as text become numbers; properties
 * the API does not take, such as Triggers and Visibility, are dropped). Ref returns the project name; Fn::GetAtt Arn.
 * CodeBuild's own checks apply as the stack's acting principal: iam:PassRole on ServiceRole and the role's trust of
 * codebuild.amazonaws.com.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codebuild-project.html
 * Failure wording: the legacy form with the SDK's service label "AWSCodeBuild", as CodeBuild's errors are quoted
 * through CloudFormation in udacity/cd0157-Server-Deployment-and-Containerization#47 ("(Service: AWSCodeBuild;
 * Status Code: 400; Error Code: AccessDeniedException; …)").
 * Deviations: a generated name is `<stack>-<logical id>-<RANDOM>`; Triggers (webhooks), Visibility and
 * ResourceAccessRole are accepted and not acted on.
 */
import type { CreateProjectCommandInput, CreateProjectCommandOutput, UpdateProjectCommandInput } from '@aws-sdk/client-codebuild';
import { coerceInput } from '../../../protocols/coerce.js';
import { jsonTypeError } from '../../../protocols/coerce-errors.js';
import type { Out } from '../../types.js';
import type { TemplateValue } from '../template/index.js';
import type { Properties, ResourceMapper } from './types.js';
import { text } from './values.js';

/** Template names whose API name is not the camelCase of the template's. */
const RENAMED: Record<string, string> = { BuildSpec: 'buildspec' };

/** Integer and Boolean properties a template may give as text (a Ref to a String parameter, a quoted YAML value). */
const INTEGERS = new Set(['TimeoutInMinutes', 'QueuedTimeoutInMinutes', 'ConcurrentBuildLimit', 'GitCloneDepth', 'AutoRetryLimit', 'TimeoutInMins', 'MaximumBuildsAllowed']);
const BOOLEANS = new Set(['PrivilegedMode', 'EncryptionDisabled', 'OverrideArtifactName', 'InsecureSsl', 'ReportBuildStatus', 'BadgeEnabled', 'FetchSubmodules', 'CombineArtifacts']);

function camel(value: TemplateValue, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => camel(v));
  if (key !== undefined && typeof value === 'string') {
    if (INTEGERS.has(key) && /^-?\d{1,10}$/.test(value)) return Number(value);
    if (BOOLEANS.has(key) && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  }
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [RENAMED[k] ?? k.charAt(0).toLowerCase() + k.slice(1), camel(v, k)]));
}

/** CodeBuild's SDK model (the operations' schemas), loaded by the first project: a stack without one does not load it. */
const codebuildModel = () => import('@aws-sdk/client-codebuild');

function projectInput(name: string, props: Properties): Record<string, unknown> {
  const { Name: _name, ...rest } = props;
  return { ...(camel(rest) as Record<string, unknown>), name };
}

export const codeBuildProject: ResourceMapper = {
  type: 'AWS::CodeBuild::Project',
  service: 'codebuild',
  failureStyle: { kind: 'legacy', serviceLabel: 'AWSCodeBuild' },
  replaceOn: ['Name'],
  required: ['Artifacts', 'Environment', 'ServiceRole', 'Source'],
  attributes: ['Arn'],
  async create(ctx, props) {
    const name = text(props, 'Name') ?? ctx.generatedName({ max: 150 });
    const { CreateProject$ } = await codebuildModel();
    const input = coerceInput<CreateProjectCommandInput>(CreateProject$, projectInput(name, props), { wire: 'json', typeError: jsonTypeError });
    const out = await ctx.call<Out<CreateProjectCommandOutput>>('codebuild', 'CreateProject', input);
    ctx.created(name);
    return { physicalId: name, attributes: { Arn: out.project!.arn! } };
  },
  async update(ctx, name, props) {
    const { UpdateProject$ } = await codebuildModel();
    const input = coerceInput<UpdateProjectCommandInput>(UpdateProject$, projectInput(name, props), { wire: 'json', typeError: jsonTypeError });
    const out = await ctx.call<Out<CreateProjectCommandOutput>>('codebuild', 'UpdateProject', input);
    return { physicalId: name, attributes: { Arn: out.project!.arn! } };
  },
  async delete(ctx, name) {
    await ctx.call('codebuild', 'DeleteProject', { name });
  },
};
