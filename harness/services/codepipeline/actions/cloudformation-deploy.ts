/**
 * Deploy/AWS/CloudFormation: every ActionMode, performed as the acting principal through CloudFormation's own
 * operations (ctx.invoke('cloudformation', …)) with Configuration.RoleArn passed as RoleARN, so CloudFormation's
 * own checks apply (iam:PassRole, "Cross-account pass role is not allowed.", the role's trust policy).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-action-reference.html
 * - TemplatePath / TemplateConfiguration are `<ArtifactName>::<path in the zip>`, read as the acting principal;
 *   ParameterOverrides (JSON) win over the configuration file's Parameters.
 * - OutputFileName writes the stack outputs as JSON into the output artifact.
 * - A stack operation that ends in a failed state fails the action with "Failed to <create|update|delete> stack.
 *   Current status: <status>." (github.com/aws-solutions-library-samples/data-lakes-on-aws/issues/245). CodePipeline
 *   then calls DescribeStackEvents as the action's role: when that is denied, it adds "Status reason is not available
 *   because IAM role associated with the action does not have CloudFormation DescribeStackEvents permission" (same
 *   source); when allowed, "the details about the first failed resource will be included" (action-reference page).
 * - A mode that needs a service role (all but CHANGE_SET_EXECUTE) without Configuration.RoleArn is accepted by
 *   CreatePipeline and fails here, before CloudFormation is called: "Configuration Property RoleArn should not be
 *   empty in current ActionMode" (as a real pipeline reported it, hashicorp/terraform-provider-aws#13121).
 * Known deviations: while the CloudFormation service is not registered, the action fails with "CloudFormation is
 * not emulated yet"; the template goes as TemplateBody whatever its size; the first failed resource's details are
 * rendered as "Status reason: <its ResourceStatusReason>" (AWS's exact layout of that part is not recorded).
 */
import type * as sdk from '@aws-sdk/client-cloudformation';
import type { Capability, CreateStackCommandInput, Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import { isAwsError } from '../../../core/errors.js';
import { cloudFormationNeedsRoleArn } from '../action-types.js';
import { sdkInvoke, type SdkInput, type SdkOperationName, type SdkOutput } from '../../sdk-model.js';
import type { Out } from '../../types.js';
import { artifactFileRef, getObject, unzip, writeArtifact, zipFiles } from '../artifacts.js';
import { ActionFailure, cloudFormationError, s3Error } from '../failures.js';
import { isNotEmulated } from '../sessions.js';
import type { ActionEnv, ActionHandler } from './types.js';

type CloudFormationOperation = SdkOperationName<typeof sdk>;

const FAILED_STATES = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED', 'DELETE_FAILED', 'UPDATE_ROLLBACK_FAILED']);
const POLL_MS = 2;
const MAX_WAIT_MS = 120_000;

export const NOT_EMULATED = 'CloudFormation is not emulated yet';

/** CloudFormation's operations as the action's principal, typed by the SDK's model (internal calls are not coerced). */
function cloudFormation(env: ActionEnv) {
  const cfn = sdkInvoke<typeof sdk>(env.invoke, 'cloudformation');
  return <Op extends CloudFormationOperation>(operation: Op, input: SdkInput<typeof sdk, Op>): Promise<Out<SdkOutput<typeof sdk, Op>>> => cfn(operation, input, { as: env.principal });
}

async function call<Op extends CloudFormationOperation>(env: ActionEnv, operation: Op, input: SdkInput<typeof sdk, Op>): Promise<Out<SdkOutput<typeof sdk, Op>>> {
  try {
    return await cloudFormation(env)(operation, input);
  } catch (e) {
    if (isNotEmulated(e, 'cloudformation')) throw new ActionFailure(NOT_EMULATED);
    if (isAwsError(e)) throw cloudFormationError(e);
    throw e;
  }
}

async function describe(env: ActionEnv, name: string): Promise<Stack | undefined> {
  try {
    const out = await cloudFormation(env)('DescribeStacks', { StackName: name });
    return out.Stacks?.[0];
  } catch (e) {
    if (isNotEmulated(e, 'cloudformation')) throw new ActionFailure(NOT_EMULATED);
    if (isAwsError(e) && e.code === 'ValidationError' && /does not exist/.test(e.message)) return undefined;
    if (isAwsError(e)) throw cloudFormationError(e);
    throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polling deadlines bound real waiting (not timestamps), so they use the monotonic clock, never the emulator's. */
const deadlineIn = (ms: number) => performance.now() + ms;

async function settle(env: ActionEnv, name: string): Promise<Stack | undefined> {
  const deadline = deadlineIn(MAX_WAIT_MS);
  for (;;) {
    const stack = await describe(env, name);
    if (!stack || !stack.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    if (performance.now() > deadline) throw new ActionFailure(`Stack ${name} did not reach a final state in time`);
    await sleep(POLL_MS);
  }
}

async function readArtifactFile(env: ActionEnv, ref: string): Promise<string> {
  const { artifact, path } = artifactFileRef(ref);
  const location = env.inputs.get(artifact);
  if (!location) throw new ActionFailure(`Artifact ${artifact} is not an input artifact of action ${env.declaration.name}`);
  let bytes: Uint8Array;
  try {
    bytes = (await getObject(env.invoke, env.principal, location.bucket, location.key)).bytes;
  } catch (e) {
    if (isAwsError(e)) throw s3Error(e);
    throw e;
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzip(bytes);
  } catch {
    throw new ActionFailure(`Artifact ${artifact} is not a valid zip file`);
  }
  const file = files[path];
  if (!file) throw new ActionFailure(`File ${path} does not exist in artifact ${artifact}`);
  return Buffer.from(file).toString('utf8');
}

const NO_EVENTS_PERMISSION =
  'Status reason is not available because IAM role associated with the action does not have CloudFormation DescribeStackEvents permission';

async function stackFailure(env: ActionEnv, name: string, operation: 'create' | 'update' | 'delete', stack: Stack | undefined): Promise<ActionFailure> {
  const summary = `Failed to ${operation} stack. Current status: ${stack?.StackStatus ?? 'DELETE_COMPLETE'}.`;
  let events: StackEvent[];
  try {
    events = (await cloudFormation(env)('DescribeStackEvents', { StackName: name })).StackEvents ?? [];
  } catch (e) {
    if (isAwsError(e)) return new ActionFailure(`${summary} ${NO_EVENTS_PERMISSION}`);
    throw e;
  }
  // Events come newest first; the first failed resource is the oldest *_FAILED event of a resource.
  const failed = events.filter((ev) => ev.ResourceType !== 'AWS::CloudFormation::Stack' && ev.ResourceStatus?.endsWith('_FAILED')).at(-1);
  return new ActionFailure(failed?.ResourceStatusReason ? `${summary} Status reason: ${failed.ResourceStatusReason}` : summary);
}

/** What CreateStack, UpdateStack and CreateChangeSet take from the action's configuration. */
type StackInput = Pick<CreateStackCommandInput, 'TemplateBody' | 'Parameters' | 'Tags' | 'Capabilities' | 'RoleARN'>;

async function stackInput(env: ActionEnv): Promise<StackInput> {
  const config = env.declaration.configuration ?? {};
  const params: Record<string, string> = {};
  let tags: Array<{ Key: string; Value: string }> | undefined;
  if (config['TemplateConfiguration']) {
    const text = await readArtifactFile(env, config['TemplateConfiguration']);
    let parsed: { Parameters?: Record<string, unknown>; Tags?: Record<string, unknown> };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new ActionFailure(`The template configuration file ${config['TemplateConfiguration']} is not valid JSON`);
    }
    for (const [k, v] of Object.entries(parsed.Parameters ?? {})) params[k] = String(v);
    if (parsed.Tags) tags = Object.entries(parsed.Tags).map(([Key, v]) => ({ Key, Value: String(v) }));
  }
  if (config['ParameterOverrides']) {
    let overrides: Record<string, unknown>;
    try {
      overrides = JSON.parse(config['ParameterOverrides']) as Record<string, unknown>;
    } catch {
      throw new ActionFailure('ParameterOverrides is not valid JSON');
    }
    for (const [k, v] of Object.entries(overrides)) params[k] = String(v);
  }
  return {
    TemplateBody: config['TemplatePath'] ? await readArtifactFile(env, config['TemplatePath']) : undefined,
    Parameters: Object.entries(params).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    Tags: tags,
    // The configuration's text is passed on as it is: CloudFormation judges the capability names.
    Capabilities: config['Capabilities'] ? (config['Capabilities'].split(',').map((c) => c.trim()).filter(Boolean) as Capability[]) : undefined,
    RoleARN: config['RoleArn'],
  };
}

async function createOrUpdate(env: ActionEnv, name: string, existing: Stack | undefined): Promise<Stack | undefined> {
  const input = await stackInput(env);
  if (!existing) {
    await call(env, 'CreateStack', { StackName: name, ...input });
  } else {
    try {
      await call(env, 'UpdateStack', { StackName: name, ...input });
    } catch (e) {
      if (e instanceof ActionFailure && /No updates are to be performed/.test(e.message)) return existing;
      throw e;
    }
  }
  const stack = await settle(env, name);
  if (!stack || !['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.StackStatus ?? '')) throw await stackFailure(env, name, existing ? 'update' : 'create', stack);
  return stack;
}

async function deleteStack(env: ActionEnv, name: string, roleArn: string | undefined): Promise<void> {
  await call(env, 'DeleteStack', { StackName: name, RoleARN: roleArn });
  const stack = await settle(env, name);
  if (stack && stack.StackStatus !== 'DELETE_COMPLETE') throw await stackFailure(env, name, 'delete', stack);
}

async function replaceChangeSet(env: ActionEnv, name: string, changeSet: string, existing: Stack | undefined): Promise<void> {
  try {
    await cloudFormation(env)('DeleteChangeSet', { StackName: name, ChangeSetName: changeSet });
  } catch (e) {
    if (isNotEmulated(e, 'cloudformation')) throw new ActionFailure(NOT_EMULATED);
    if (!isAwsError(e)) throw e;
  }
  const input = await stackInput(env);
  const type = existing && existing.StackStatus !== 'REVIEW_IN_PROGRESS' ? 'UPDATE' : 'CREATE';
  await call(env, 'CreateChangeSet', { StackName: name, ChangeSetName: changeSet, ChangeSetType: type, ...input });
  const deadline = deadlineIn(MAX_WAIT_MS);
  for (;;) {
    const cs = await call(env, 'DescribeChangeSet', { StackName: name, ChangeSetName: changeSet });
    if (cs.Status === 'CREATE_COMPLETE') return;
    if (cs.Status === 'FAILED') throw new ActionFailure(cs.StatusReason ?? `Change set ${changeSet} failed`);
    if (performance.now() > deadline) throw new ActionFailure(`Change set ${changeSet} did not reach a final state in time`);
    await sleep(POLL_MS);
  }
}

async function writeOutputs(env: ActionEnv, stack: Stack | undefined) {
  const fileName = env.declaration.configuration?.['OutputFileName'];
  const output = env.declaration.outputArtifacts?.[0]?.name;
  if (!output) return [];
  const outputs: Record<string, string> = {};
  for (const o of stack?.Outputs ?? []) if (o.OutputKey) outputs[o.OutputKey] = o.OutputValue ?? '';
  const bytes = zipFiles(fileName ? { [fileName]: JSON.stringify(outputs) } : {});
  try {
    return [{ name: output, location: await writeArtifact(env.invoke, env.principal, env.artifactStore, env.pipelineName, output, bytes) }];
  } catch (e) {
    if (isAwsError(e)) throw s3Error(e);
    throw e;
  }
}

export const cloudFormationDeploy: ActionHandler = async (env) => {
  const config = env.declaration.configuration ?? {};
  const name = config['StackName']!;
  const mode = config['ActionMode'];
  if (cloudFormationNeedsRoleArn(mode) && !config['RoleArn']) throw new ActionFailure('Configuration Property RoleArn should not be empty in current ActionMode');
  let existing = await describe(env, name);
  let stack: Stack | undefined;
  switch (mode) {
    case 'CREATE_UPDATE':
      stack = await createOrUpdate(env, name, existing);
      break;
    case 'REPLACE_ON_FAILURE':
      if (existing && FAILED_STATES.has(existing.StackStatus ?? '')) {
        await deleteStack(env, name, config['RoleArn']);
        existing = undefined;
      }
      stack = await createOrUpdate(env, name, existing);
      break;
    case 'DELETE_ONLY':
      if (existing) await deleteStack(env, name, config['RoleArn']);
      break;
    case 'CHANGE_SET_REPLACE':
      await replaceChangeSet(env, name, config['ChangeSetName']!, existing);
      stack = await describe(env, name);
      break;
    case 'CHANGE_SET_EXECUTE':
      await call(env, 'ExecuteChangeSet', { StackName: name, ChangeSetName: config['ChangeSetName'] });
      stack = await settle(env, name);
      if (!stack || !['CREATE_COMPLETE', 'UPDATE_COMPLETE'].includes(stack.StackStatus ?? '')) {
        throw await stackFailure(env, name, existing?.StackStatus === 'REVIEW_IN_PROGRESS' ? 'create' : 'update', stack);
      }
      break;
    default:
      throw new ActionFailure(`ActionMode ${mode} is not valid`);
  }
  return { summary: `Stack ${name} ${mode === 'DELETE_ONLY' ? 'deleted' : 'deployed'}`, outputs: await writeOutputs(env, stack) };
};
