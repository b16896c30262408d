/**
 * The templates a pipeline's CloudFormation actions last deployed, read where CodePipeline left them: the action's
 * latest execution names its input artifacts' S3 locations (ListActionExecutions), and the artifact is the zip its
 * TemplatePath (`Artifact::file`) points into. From a template, the Parameter Store names its SSM-typed parameters
 * resolve (`AWS::SSM::Parameter::Value<…>`, CDK's BootstrapVersion), which CloudFormation reads as the stack's role:
 * a hop the pipeline's definition alone does not show (aws-samples/aws-cross-account-cicd-pipeline#38, "AccessDenied.
 * User doesn't have permission to call ssm:GetParameters").
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html (TemplatePath,
 * ParameterOverrides); https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 * (SSM parameter types).
 * A pipeline that has not run a CloudFormation action yet has no such template: no hop is derived for it.
 */
import type { ActionExecutionDetail } from '@aws-sdk/client-codepipeline';
import { strFromU8 } from 'fflate';
import type { Emulator } from '../core/emulator.js';
import { artifactFileRef, getObject, unzip } from '../services/codepipeline/artifacts.js';
import { parseTemplate } from '../services/cloudformation/template/index.js';
import { ssmParameterNames } from '../services/cloudformation/template/parameters.js';
import { rootPrincipal } from '../world/principal.js';
import type { PipelineRef } from './hops.js';
import { invokeFor } from './run-hops.js';

/** The parameter names by `<pipeline account>/<pipeline>/<stage>/<action>`. */
export async function deployedTemplateParameters(emulator: Emulator, pipelines: PipelineRef[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (!emulator.services.has('codepipeline') || !emulator.services.has('s3')) return found;
  for (const p of pipelines) {
    const root = rootPrincipal(p.account);
    const invoke = invokeFor(emulator, root, 'xacct-check-templates');
    let details: ActionExecutionDetail[] | undefined;
    for (const stage of p.declaration.stages ?? []) {
      for (const action of stage.actions ?? []) {
        const ref = action.actionTypeId?.provider === 'CloudFormation' ? action.configuration?.['TemplatePath'] : undefined;
        const { artifact, path } = artifactFileRef(ref ?? '');
        if (!artifact) continue;
        details ??= await actionExecutions(invoke, p.declaration.name!);
        const latest = details
          .filter((d) => d.stageName === stage.name && d.actionName === action.name)
          .sort((a, b) => (b.startTime?.valueOf() ?? 0) - (a.startTime?.valueOf() ?? 0))[0];
        const location = latest?.input?.inputArtifacts?.find((a) => a.name === artifact)?.s3location;
        if (!location?.bucket || !location.key) continue;
        const names = await templateNames(invoke, root, location.bucket, location.key, path, action.configuration?.['ParameterOverrides']);
        if (names.length > 0) found.set(`${p.account}/${p.declaration.name}/${stage.name}/${action.name}`, names);
      }
    }
  }
  return found;
}

/** The pipeline's action executions (none when CodePipeline cannot list them). */
async function actionExecutions(invoke: ReturnType<typeof invokeFor>, pipelineName: string): Promise<ActionExecutionDetail[]> {
  try {
    return (await invoke<{ actionExecutionDetails?: ActionExecutionDetail[] }>('codepipeline', 'ListActionExecutions', { pipelineName })).actionExecutionDetails ?? [];
  } catch {
    return [];
  }
}

/** The SSM names of the template at `file` in the zip at bucket/key (none when it cannot be read or parsed). */
async function templateNames(invoke: ReturnType<typeof invokeFor>, as: ReturnType<typeof rootPrincipal>, bucket: string, key: string, file: string, overrides: string | undefined): Promise<string[]> {
  try {
    const zip = await getObject(invoke, as, bucket, key);
    const body = unzip(zip.bytes)[file];
    if (!body) return [];
    return ssmParameterNames(parseTemplate(strFromU8(body)), givenValues(overrides));
  } catch {
    return [];
  }
}

/** The action's ParameterOverrides that are plain strings (a JSON object; Fn::GetArtifactAtt values are left out). */
function givenValues(overrides: string | undefined): Record<string, string> {
  if (!overrides) return {};
  try {
    const parsed = JSON.parse(overrides) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}
