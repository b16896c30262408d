/**
 * Change sets: CreateChangeSet (CREATE makes a REVIEW_IN_PROGRESS stack), DescribeChangeSet, ExecuteChangeSet,
 * DeleteChangeSet, ListChangeSets. The change list compares the planned properties with what the stack's
 * resources were provisioned with; Replacement follows each type's replace-on properties.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html
 * Wordings: "The submitted information didn't contain changes. Submit different information to create a change
 * set." (FAILED change set), "ChangeSet [<name>] does not exist" (ChangeSetNotFound, 404), and for a change set named
 * on a stack that does not exist "Stack [<name>] does not exist" (ValidationError, 400), all recorded against AWS
 * (LocalStack's AWS-validated test_changesets.snapshot.json, cited in recorded-answers.test.ts).
 * A template with a transform is processed after CreateChangeSet answers: its template errors (a transform's, an
 * intrinsic's) fail the change set (Status FAILED, ExecutionStatus UNAVAILABLE, the error as StatusReason, no
 * changes), as recorded against AWS in LocalStack's test_change_sets.snapshot.json (test_describe_failed_change_set,
 * "Transform AWS::Include failed with: …") and reported for a SAM template in aws/aws-sam-cli#2887 ("Waiter
 * ChangeSetCreateComplete failed: … Status: FAILED. Reason: Template error: every Fn::Join object …"); without a
 * transform they refuse the call (ValidationError, 400).
 * Known deviations: change sets are computed synchronously (CREATE_COMPLETE at once, never CREATE_PENDING);
 * IMPORT change sets and nested stacks are not supported; Details lists are empty.
 */
import { randomUUID } from 'node:crypto';
import type {
  Change,
  CreateChangeSetCommandInput,
  CreateChangeSetCommandOutput,
  DeleteChangeSetCommandInput,
  DeleteChangeSetCommandOutput,
  DescribeChangeSetCommandInput,
  DescribeChangeSetCommandOutput,
  ExecuteChangeSetCommandInput,
  ExecuteChangeSetCommandOutput,
  ListChangeSetsCommandInput,
  ListChangeSetsCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { isAwsError } from '../../core/errors.js';
import { str } from '../params.js';
import type { AuthCheck, Operation, OperationContext, Out } from '../types.js';
import { callerAccount, capabilities, parameters, parameterValues, roleArn, stackDoesNotExist, stackRef, tags, templateSource } from './input.js';
import type { CloudFormationOperations } from './operation-names.js';
import { planStack } from './plan.js';
import { ssmParameterValues } from './ssm-parameter-values.js';
import { runCreate, runUpdate, startOperation, type Plan } from './provision.js';
import { adopt } from './update-stack.js';
import { changesFor } from './change-list.js';
import { actingPrincipal, passableRole, passRoleOf } from './service-role.js';
import { stackStatus, USER_INITIATED } from './events.js';
import type { ChangeSetRecord, StackDefinition, StackRecord } from './store.js';
import { assertUpdatable, log, newStackId, newStackRecord, provisionEnv, stackResource, storeOf } from './stacks.js';
import { templateBody } from './template-source.js';
import { hasTransform, parseTemplate } from './template/index.js';
import type { TemplateObject } from './template/walk.js';
import { AlreadyExistsException, ChangeSetNotFound, InvalidChangeSetStatus, ValidationError } from './errors.js';

const CHANGE_SET_NAME = { min: 1, max: 128, pattern: /^[a-zA-Z][-a-zA-Z0-9]*$/, patternText: '[a-zA-Z][-a-zA-Z0-9]*' };
const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

function check(action: string) {
  return (ctx: OperationContext, input: ChangeSetReference & { RoleARN?: string; TemplateURL?: string }): AuthCheck => {
    const context: Record<string, string> = {};
    const csName = input.ChangeSetName;
    if (csName !== undefined && !csName.startsWith('arn:')) context['cloudformation:ChangeSetName'] = csName;
    if (input.RoleARN !== undefined) context['cloudformation:RoleArn'] = input.RoleARN;
    if (input.TemplateURL !== undefined) context['cloudformation:TemplateUrl'] = input.TemplateURL;
    let stack = input.StackName;
    if (stack === undefined && csName?.startsWith('arn:')) stack = storeOf(ctx).changeSets.get(csName)?.stackId;
    return { action: `cloudformation:${action}`, resource: stackResource(ctx, stack) };
  };
}

/** How DescribeChangeSet, ExecuteChangeSet and DeleteChangeSet name a change set: its ARN, or its name and stack. */
interface ChangeSetReference {
  ChangeSetName?: string;
  StackName?: string;
}

export function findChangeSet(ctx: OperationContext, input: ChangeSetReference): ChangeSetRecord {
  const name = str('ValidationError', input, 'ChangeSetName', { required: true, min: 1, max: 1600 });
  const stackName = str('ValidationError', input, 'StackName');
  const store = storeOf(ctx);
  if (name.startsWith('arn:')) {
    const cs = store.changeSets.get(name);
    if (!cs) throw ChangeSetNotFound(name);
    return cs;
  }
  if (stackName === undefined) {
    throw ValidationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
  }
  // A stack that does not exist is named as such, before the change set is looked for.
  const stack = store.find(stackName);
  if (!stack) throw stackDoesNotExist(stackName);
  const cs = [...store.changeSets.values()].find((c) => c.stackId === stack.stackId && c.changeSetName === name);
  if (!cs) throw ChangeSetNotFound(name);
  return cs;
}

/** What CreateChangeSet validated and planned before the caller passes its role. */
interface ChangeSetPlan {
  account: string;
  stack: StackRecord | undefined;
  stackName: string;
  stackId: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  body: string;
  notificationArns: string[];
  /** The plan, or for a template with a transform the template error that fails the change set. */
  plan: Plan | { failure: string; definition: StackDefinition };
  passRole?: string;
}

/** The error that fails a change set of a template with a transform (see the header); undefined when the call fails. */
function processingFailure(e: unknown, body: string): { failure: string; definition: StackDefinition } | undefined {
  if (!isAwsError(e) || e.code !== 'ValidationError') return undefined;
  let template;
  try {
    template = parseTemplate(body);
  } catch {
    return undefined;
  }
  if (!hasTransform(template as unknown as TemplateObject)) return undefined;
  return { failure: e.message, definition: { templateBody: body, template, givenParameters: {}, parameters: [], capabilities: [] } };
}

async function planChangeSet(ctx: OperationContext, input: CreateChangeSetCommandInput): Promise<ChangeSetPlan> {
  const account = callerAccount(ctx);
  const store = storeOf(ctx);
  const stackName = stackRef(input);
  const changeSetName = str('ValidationError', input, 'ChangeSetName', { required: true, ...CHANGE_SET_NAME });
  const type = str('ValidationError', input, 'ChangeSetType', { pattern: /^(CREATE|UPDATE|IMPORT)$/, patternText: '[CREATE, UPDATE, IMPORT]' }) ?? 'UPDATE';
  if (type === 'IMPORT') throw ValidationError('ChangeSetType IMPORT is not supported by xacct');
  const stack = store.find(stackName);
  if (type === 'CREATE') {
    if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw ValidationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`);
    }
  } else {
    if (!stack || stack.status === 'REVIEW_IN_PROGRESS') throw stackDoesNotExist(stackName);
    assertUpdatable(stack);
  }
  if (stack && [...store.changeSets.values()].some((c) => c.stackId === stack.stackId && c.changeSetName === changeSetName)) {
    throw AlreadyExistsException(`ChangeSet [${changeSetName}] already exists`);
  }
  const usePrevious = input.UsePreviousTemplate ?? false;
  if (usePrevious && !stack) throw ValidationError('UsePreviousTemplate can only be used with an existing stack.');
  const body = usePrevious ? stack!.templateBody : await templateBody(ctx, templateSource(input));
  const stackId = stack?.stackId ?? newStackId(ctx, stackName);
  const notificationArns = input.NotificationARNs !== undefined ? [...input.NotificationARNs] : (stack?.notificationArns ?? []);
  const given = parameterValues(parameters(input), stack?.givenParameters);
  const givenRole = roleArn(input);
  const ssmParameters = await ssmParameterValues(ctx, body, given, givenRole ? passableRole(givenRole, account) : stack?.roleArn);
  let plan: ChangeSetPlan['plan'];
  try {
    plan = await planStack({
      ctx,
      templateBody: body,
      parameters: given,
      capabilities: capabilities(input),
      changeSet: true,
      pseudo: { accountId: account, region: ctx.region, stackName, stackId, notificationArns },
      store,
      ssmParameters,
    });
  } catch (e) {
    const failed = processingFailure(e, body);
    if (!failed) throw e;
    plan = failed;
  }
  const role = roleArn(input);
  return {
    account,
    stack,
    stackName,
    stackId,
    changeSetName,
    type: type as 'CREATE' | 'UPDATE',
    body,
    notificationArns,
    plan,
    ...(role ? { passRole: passableRole(role, account) } : {}),
  };
}

const CreateChangeSet: Operation<CreateChangeSetCommandInput, Out<CreateChangeSetCommandOutput>, ChangeSetPlan> = {
  authorizeCall: check('CreateChangeSet'),
  resolve: planChangeSet,
  authorize: (_ctx, _input, resolved) => passRoleOf(resolved),
  async handler(ctx, input, planned) {
    const { account, stackName, stackId, changeSetName, type, body, notificationArns, plan, passRole: role } = planned;
    let stack = planned.stack;
    if (role) await actingPrincipal(ctx, role);
    if (!stack) {
      // Until a change set is executed the stack shows no parameters, capabilities or description (recorded in
      // LocalStack's AWS-validated test_stacks.snapshot.json, test_stack_description_lifecycle, "stack-pre-execute").
      stack = newStackRecord(ctx, {
        stackId,
        stackName,
        definition: { ...plan.definition, parameters: [], capabilities: [] },
        ...(role ? { roleArn: role } : {}),
        tags: tags(input),
        notificationArns,
        disableRollback: false,
        imports: 'imports' in plan ? plan.imports : [],
        status: 'REVIEW_IN_PROGRESS',
      });
      delete stack.description;
      stackStatus(stack, 'REVIEW_IN_PROGRESS', ctx.now(), USER_INITIATED);
    }
    const failure = 'failure' in plan ? plan.failure : undefined;
    const changes = 'failure' in plan ? [] : type === 'CREATE' ? changesFor(undefined, plan) : changesFor(stack, plan);
    const unchanged =
      failure === undefined &&
      type === 'UPDATE' &&
      changes.length === 0 &&
      body === stack.templateBody &&
      JSON.stringify(plan.definition.givenParameters) === JSON.stringify(stack.givenParameters);
    const changeSetId = `arn:aws:cloudformation:${ctx.region}:${account}:changeSet/${changeSetName}/${randomUUID()}`;
    const description = str('ValidationError', input, 'Description', { min: 1, max: 1024 });
    const record: ChangeSetRecord = {
      ...plan.definition,
      changeSetId,
      changeSetName,
      stackId,
      stackName,
      changeSetType: type,
      status: unchanged || failure !== undefined ? 'FAILED' : 'CREATE_COMPLETE',
      executionStatus: unchanged || failure !== undefined ? 'UNAVAILABLE' : 'AVAILABLE',
      creationTime: ctx.now(),
      ...(description !== undefined ? { description } : {}),
      ...(role ? { roleArn: role } : {}),
      tags: input.Tags !== undefined ? tags(input) : stack.tags,
      notificationArns,
      changes,
      callerArn: ctx.principal.arn,
    };
    if (unchanged) record.statusReason = NO_CHANGES;
    if (failure !== undefined) record.statusReason = failure;
    storeOf(ctx).changeSets.set(changeSetId, record);
    return { Id: changeSetId, StackId: stackId };
  },
};

function changeSetShape(cs: ChangeSetRecord): Out<DescribeChangeSetCommandOutput> {
  return {
    ChangeSetName: cs.changeSetName,
    ChangeSetId: cs.changeSetId,
    StackId: cs.stackId,
    StackName: cs.stackName,
    ...(cs.description !== undefined ? { Description: cs.description } : {}),
    // Parameters and Tags are omitted when there are none, Capabilities is always present (recorded in LocalStack's
    // AWS-validated test_changesets.snapshot.json: test_create_change_set_no_changes, test_describe_changeset_after_delete).
    ...(cs.parameters.length > 0 ? { Parameters: cs.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.noEcho ? '****' : p.value })) } : {}),
    CreationTime: cs.creationTime,
    ExecutionStatus: cs.executionStatus as never,
    Status: cs.status as never,
    ...(cs.statusReason !== undefined ? { StatusReason: cs.statusReason } : {}),
    NotificationARNs: cs.notificationArns,
    RollbackConfiguration: {},
    Capabilities: cs.capabilities as never,
    ...(cs.tags.length > 0 ? { Tags: cs.tags } : {}),
    Changes: cs.changes as Change[],
    IncludeNestedStacks: false,
  };
}

const DescribeChangeSet: Operation<DescribeChangeSetCommandInput, Out<DescribeChangeSetCommandOutput>> = {
  authorize: check('DescribeChangeSet'),
  handler: (ctx, input) => changeSetShape(findChangeSet(ctx, input)),
};

const ExecuteChangeSet: Operation<ExecuteChangeSetCommandInput, Out<ExecuteChangeSetCommandOutput>> = {
  authorize: check('ExecuteChangeSet'),
  async handler(ctx, input) {
    const cs = findChangeSet(ctx, input);
    const store = storeOf(ctx);
    const stack = store.stacks.get(cs.stackId);
    if (!stack || stack.status === 'DELETE_COMPLETE') throw stackDoesNotExist(cs.stackName);
    if (cs.executionStatus !== 'AVAILABLE') {
      throw InvalidChangeSetStatus(`ChangeSet [${cs.changeSetId}] cannot be executed in its current status of [${cs.status}]`);
    }
    if (cs.changeSetType === 'UPDATE') assertUpdatable(stack);
    const plan = await planStack({
      ctx,
      templateBody: cs.templateBody,
      parameters: cs.givenParameters,
      capabilities: cs.capabilities,
      changeSet: true,
      pseudo: { accountId: stack.account, region: stack.region, stackName: stack.stackName, stackId: stack.stackId, notificationArns: cs.notificationArns },
      store,
      ssmParameters: await ssmParameterValues(ctx, cs.templateBody, cs.givenParameters, cs.roleArn ?? stack.roleArn),
    });
    const role = cs.roleArn ?? stack.roleArn;
    const as = await actingPrincipal(ctx, role);
    if (role) stack.roleArn = role;
    stack.tags = cs.tags;
    stack.changeSetId = cs.changeSetId;
    // "When you execute a change set, CloudFormation deletes all other change sets associated with the stack because
    // they aren't valid for the updated stack." (API_ExecuteChangeSet.html)
    for (const [id, other] of store.changeSets) {
      if (other.stackId === stack.stackId && other !== cs) store.changeSets.delete(id);
    }
    cs.executionStatus = 'EXECUTE_IN_PROGRESS';
    const env = provisionEnv(ctx);
    const disableRollback = input.DisableRollback ?? false;
    // The change set reports how its execution ended, whatever ended it.
    const executed = (run: () => Promise<void>) => async () => {
      try {
        await run();
      } finally {
        cs.executionStatus = /_COMPLETE$/.test(stack.status) && !/ROLLBACK/.test(stack.status) ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
      }
    };
    if (cs.changeSetType === 'CREATE') {
      // A stack created through a change set shows when it was executed as LastUpdatedTime (recorded in LocalStack's
      // AWS-validated test_stacks.snapshot.json, test_stack_description_lifecycle: absent before, present after).
      stack.lastUpdatedTime = ctx.now();
      // The stack is built from the change set executed, whichever change set created it in review.
      adopt(stack, plan.definition);
      stack.imports = plan.imports;
      stack.disableRollback = disableRollback;
      stack.status = 'CREATE_IN_PROGRESS';
      startOperation(stack, 'CREATE_FAILED', executed(() => runCreate(env, stack, plan, as, disableRollback ? 'DO_NOTHING' : 'ROLLBACK')), log);
    } else {
      stack.status = 'UPDATE_IN_PROGRESS';
      startOperation(stack, 'UPDATE_ROLLBACK_FAILED', executed(() => runUpdate(env, stack, plan, as)), log);
    }
    return {};
  },
};

const DeleteChangeSet: Operation<DeleteChangeSetCommandInput, Out<DeleteChangeSetCommandOutput>> = {
  authorize: check('DeleteChangeSet'),
  handler(ctx, input) {
    const cs = findChangeSet(ctx, input);
    if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') {
      throw InvalidChangeSetStatus(`Cannot delete ChangeSet in status ${cs.executionStatus}`);
    }
    storeOf(ctx).changeSets.delete(cs.changeSetId);
    return {};
  },
};

const ListChangeSets: Operation<ListChangeSetsCommandInput, Out<ListChangeSetsCommandOutput>> = {
  authorize: check('ListChangeSets'),
  handler(ctx, input) {
    const store = storeOf(ctx);
    const ref = stackRef(input);
    const stack = store.find(ref);
    if (!stack) throw stackDoesNotExist(ref);
    const summaries = [...store.changeSets.values()]
      .filter((c) => c.stackId === stack.stackId)
      .map((c) => ({
        StackId: c.stackId,
        StackName: c.stackName,
        ChangeSetId: c.changeSetId,
        ChangeSetName: c.changeSetName,
        ExecutionStatus: c.executionStatus as never,
        Status: c.status as never,
        ...(c.statusReason !== undefined ? { StatusReason: c.statusReason } : {}),
        CreationTime: c.creationTime,
        ...(c.description !== undefined ? { Description: c.description } : {}),
        IncludeNestedStacks: false,
      }));
    return { Summaries: summaries };
  },
};

export const changeSetOperations = { CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets } satisfies CloudFormationOperations<
  'CreateChangeSet' | 'DescribeChangeSet' | 'ExecuteChangeSet' | 'DeleteChangeSet' | 'ListChangeSets'
>;
