/**
 * Build/AWS/CodeBuild and Test/AWS/CodeBuild: the action starts a build of Configuration.ProjectName as the action's
 * principal (codebuild:StartBuild, then codebuild:BatchGetBuilds while it runs), through CodeBuild's own operations,
 * and the build itself runs as the project's service role (harness/services/codebuild/build-run.ts).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html
 * - Input artifacts become the build's sources: PrimarySource (or the first input) the primary source, the others
 *   secondary sources identified by their artifact names (CODEBUILD_SRC_DIR_<name>).
 * - Output artifacts are written by the build into the pipeline's artifact store, laid out as CodePipeline lays
 *   them out (../artifacts.ts): one output artifact from the buildspec's `artifacts`, several from its
 *   `secondary-artifacts` whose identifiers are the output artifact names (action-reference-CodeBuild.html,
 *   "Output artifacts"). They are encrypted with the project's EncryptionKey, not the store's key.
 * - EnvironmentVariables (a JSON array of {name, value, type}) override the project's.
 * Failures, worded as the console and GetPipelineState show them:
 * - StartBuild refused: "Error calling startBuild: <message> (Service: AWSCodeBuild; Status Code: 400; Error Code:
 *   <code>; Request ID: <id>)" (recorded for a missing project in https://ncona.com/2020/05/aws-code-pipeline);
 * - a failed build: "Build terminated with state: FAILED. Phase: <phase>, Code: <context code>, Message: <context
 *   message>" (recorded in CodePipeline summaries, e.g. "Build terminated with state: FAILED. Phase: BUILD, Code:
 *   COMMAND_EXECUTION_ERROR, Message: Error while executing command: …", quoted in public repositories found with
 *   the search tool).
 * Known deviations: a refused BatchGetBuilds is worded as StartBuild's refusal with "batchGetBuilds" (no recorded
 * text); the build's initiator is the action principal's session, not "codepipeline/<pipeline>".
 */
import type * as sdk from '@aws-sdk/client-codebuild';
import type { Build, EnvironmentVariable, ProjectArtifacts, ProjectSource } from '@aws-sdk/client-codebuild';
import { randomUUID } from 'node:crypto';
import { isAwsError, type AwsError } from '../../../core/errors.js';
import { sdkInvoke, type SdkInput, type SdkOperationName, type SdkOutput } from '../../sdk-model.js';
import type { Out } from '../../types.js';
import { artifactKey } from '../artifacts.js';
import { ActionFailure } from '../failures.js';
import { isNotEmulated } from '../sessions.js';
import type { S3Location } from '../store.js';
import type { ActionEnv, ActionHandler } from './types.js';

type CodeBuildOperation = SdkOperationName<typeof sdk>;

export const CODEBUILD_NOT_EMULATED = 'CodeBuild is not emulated yet';
const POLL_MS = 2;
const MAX_WAIT_MS = 600_000;

function codeBuildError(operation: string, e: AwsError): ActionFailure {
  return new ActionFailure(`Error calling ${operation}: ${e.message} (Service: AWSCodeBuild; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${randomUUID()})`);
}

async function call<Op extends CodeBuildOperation>(env: ActionEnv, operation: Op, input: SdkInput<typeof sdk, Op>): Promise<Out<SdkOutput<typeof sdk, Op>>> {
  try {
    return await sdkInvoke<typeof sdk>(env.invoke, 'codebuild')(operation, input, { as: env.principal });
  } catch (e) {
    if (isNotEmulated(e, 'codebuild')) throw new ActionFailure(CODEBUILD_NOT_EMULATED);
    if (isAwsError(e)) throw codeBuildError(operation.charAt(0).toLowerCase() + operation.slice(1), e);
    throw e;
  }
}

function environmentVariables(env: ActionEnv): EnvironmentVariable[] | undefined {
  const text = env.declaration.configuration?.['EnvironmentVariables'];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as EnvironmentVariable[];
    if (!Array.isArray(parsed)) throw new Error('not an array');
    return parsed.map((v) => ({ name: String(v.name), value: String(v.value ?? ''), type: v.type ?? 'PLAINTEXT' }));
  } catch {
    throw new ActionFailure('EnvironmentVariables is not a valid JSON array of name, value and type');
  }
}

function sourceOf(location: S3Location, identifier?: string): ProjectSource {
  return { type: 'S3', location: `${location.bucket}/${location.key}`, ...(identifier ? { sourceIdentifier: identifier } : {}) };
}

/** Where CodePipeline has the build write each output artifact. */
function outputTargets(env: ActionEnv): Array<{ name: string; location: S3Location; target: ProjectArtifacts }> {
  const outputs = (env.declaration.outputArtifacts ?? []).map((a) => a.name!);
  return outputs.map((name) => {
    const key = artifactKey(env.pipelineName, name);
    const slash = key.lastIndexOf('/');
    const target: ProjectArtifacts = {
      type: 'S3',
      location: env.artifactStore.location!,
      path: key.slice(0, slash),
      name: key.slice(slash + 1),
      namespaceType: 'NONE',
      packaging: 'ZIP',
      ...(outputs.length > 1 ? { artifactIdentifier: name } : {}),
    };
    return { name, location: { bucket: env.artifactStore.location!, key }, target };
  });
}

function failureOf(build: Build): ActionFailure {
  const failed = build.phases?.find((p) => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED');
  const context = failed?.contexts?.[0];
  const failure = new ActionFailure(`Build terminated with state: ${build.buildStatus}. Phase: ${failed?.phaseType ?? build.currentPhase}, Code: ${context?.statusCode ?? ''}, Message: ${context?.message ?? ''}`);
  failure.externalExecutionId = build.id;
  return failure;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const codeBuildAction: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const inputs = (env.declaration.inputArtifacts ?? []).map((a) => a.name!);
  const primary = config['PrimarySource'] ?? inputs[0]!;
  const located = (name: string): S3Location => {
    const location = env.inputs.get(name);
    if (!location) throw new ActionFailure(`Artifact ${name} is not an input artifact of action ${env.declaration.name}`);
    return location;
  };
  const outputs = outputTargets(env);
  const { build: started } = await call(env, 'StartBuild', {
    projectName: config['ProjectName']!,
    sourceTypeOverride: 'S3',
    sourceLocationOverride: sourceOf(located(primary)).location,
    secondarySourcesOverride: inputs.filter((n) => n !== primary).map((n) => sourceOf(located(n), n)),
    artifactsOverride: outputs.length === 1 ? outputs[0]!.target : { type: 'NO_ARTIFACTS' },
    secondaryArtifactsOverride: outputs.length > 1 ? outputs.map((o) => o.target) : undefined,
    environmentVariablesOverride: environmentVariables(env),
  });
  const id = started!.id!;
  const deadline = performance.now() + MAX_WAIT_MS;
  let build = started!;
  while (!build.buildComplete) {
    if (performance.now() > deadline) throw new ActionFailure(`Build ${id} did not complete in time`);
    await sleep(POLL_MS);
    build = (await call(env, 'BatchGetBuilds', { ids: [id] })).builds![0]!;
  }
  if (build.buildStatus !== 'SUCCEEDED') throw failureOf(build);
  return { externalExecutionId: id, outputs: outputs.map(({ name, location }) => ({ name, location })) };
};
