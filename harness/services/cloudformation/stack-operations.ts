/**
 * CreateStack, UpdateStack and DeleteStack: validate synchronously (template, parameters, capabilities, the
 * service role), answer with the StackId at once, and provision in the background as AWS does.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (and siblings)
 * Wordings: "Stack [<name>] already exists" (AlreadyExistsException), "No updates are to be performed." (errors.jsonl
 * E077), "Stack:<id> is in <STATUS> state and can not be updated." (practitioner reports in the search corpus),
 * "Export <name> cannot be deleted as it is in use by <stack>".
 * Known deviations: StackPolicy, RollbackConfiguration, NotificationARNs delivery and TimeoutInMinutes are
 * accepted and not acted on.
 */
import type { CreateStackCommandInput, CreateStackCommandOutput, DeleteStackCommandInput, DeleteStackCommandOutput, UpdateStackCommandInput, UpdateStackCommandOutput } from '@aws-sdk/client-cloudformation';
import { int, str } from '../params.js';
import type { AuthCheck, Operation, OperationContext, Out } from '../types.js';
import { callerAccount, capabilities, newStackName, parameters, parameterValues, roleArn, stackRef, tags, templateSource } from './input.js';
import type { CloudFormationOperations } from './operation-names.js';
import { planStack } from './plan.js';
import { runCreate, runDelete, runUpdate, startOperation, type OnFailure } from './provision.js';
import { actingPrincipal, checkPassRole } from './service-role.js';
import { assertUpdatable, log, newStackId, newStackRecord, provisionEnv, stackResource, storeOf } from './stacks.js';
import { templateBody } from './template-source.js';
import { AlreadyExistsException, ValidationError } from './errors.js';

function check(action: string) {
  return (ctx: OperationContext, input: { StackName?: string; RoleARN?: string; TemplateURL?: string }): AuthCheck => {
    const context: Record<string, string> = {};
    if (input.RoleARN !== undefined) context['cloudformation:RoleArn'] = input.RoleARN;
    if (input.TemplateURL !== undefined) context['cloudformation:TemplateUrl'] = input.TemplateURL;
    return { action: `cloudformation:${action}`, resource: stackResource(ctx, input.StackName), context };
  };
}

function onFailure(input: CreateStackCommandInput): OnFailure {
  const value = str('ValidationError', input, 'OnFailure', { pattern: /^(DO_NOTHING|ROLLBACK|DELETE)$/, patternText: '[DO_NOTHING, ROLLBACK, DELETE]' });
  const disable = input.DisableRollback;
  if (value !== undefined && disable !== undefined) {
    throw ValidationError('You cannot specify both DisableRollback and OnFailure.');
  }
  if (disable) return 'DO_NOTHING';
  return (value as OnFailure | undefined) ?? 'ROLLBACK';
}

const CreateStack: Operation<CreateStackCommandInput, Out<CreateStackCommandOutput>> = {
  authorize: check('CreateStack'),
  async handler(ctx, input) {
    const account = callerAccount(ctx);
    const name = newStackName(input);
    const store = storeOf(ctx);
    if (store.find(name)) throw AlreadyExistsException(`Stack [${name}] already exists`);
    const failure = onFailure(input);
    const role = roleArn(input);
    const body = await templateBody(ctx, templateSource(input));
    const stackId = newStackId(ctx, name);
    const notificationArns = [...(input.NotificationARNs ?? [])];
    const plan = planStack({
      templateBody: body,
      parameters: parameterValues(parameters(input)),
      capabilities: capabilities(input),
      pseudo: { accountId: account, region: ctx.region, stackName: name, stackId, notificationArns },
      store,
    });
    if (role) checkPassRole(ctx, role, account);
    const as = await actingPrincipal(ctx, role);
    const timeout = int('ValidationError', input, 'TimeoutInMinutes', { min: 1 });
    const stack = newStackRecord(ctx, {
      stackId,
      stackName: name,
      definition: plan.definition,
      ...(role ? { roleArn: role } : {}),
      tags: tags(input),
      notificationArns,
      disableRollback: failure === 'DO_NOTHING',
      ...(timeout !== undefined ? { timeoutInMinutes: timeout } : {}),
      imports: plan.imports,
      status: 'CREATE_IN_PROGRESS',
    });
    const env = provisionEnv(ctx);
    startOperation(stack, 'CREATE_FAILED', () => runCreate(env, stack, plan, as, failure), log);
    return { StackId: stackId };
  },
};

function sameParameters(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

const UpdateStack: Operation<UpdateStackCommandInput, Out<UpdateStackCommandOutput>> = {
  authorize: check('UpdateStack'),
  async handler(ctx, input) {
    const account = callerAccount(ctx);
    const store = storeOf(ctx);
    const ref = stackRef(input);
    const stack = store.find(ref);
    if (!stack) throw ValidationError(`Stack [${ref}] does not exist`);
    assertUpdatable(stack);
    const usePrevious = input.UsePreviousTemplate ?? false;
    const source = templateSource(input);
    if (usePrevious && (source.TemplateBody !== undefined || source.TemplateURL !== undefined)) {
      throw ValidationError('You cannot specify both usePreviousTemplate and Template Body/Template URL.');
    }
    const body = usePrevious ? stack.templateBody : await templateBody(ctx, source);
    const plan = planStack({
      templateBody: body,
      parameters: parameterValues(parameters(input), stack.givenParameters),
      capabilities: capabilities(input),
      pseudo: { accountId: account, region: ctx.region, stackName: stack.stackName, stackId: stack.stackId, notificationArns: stack.notificationArns },
      store,
    });
    const newTags = input.Tags !== undefined ? tags(input) : stack.tags;
    const givenRole = roleArn(input);
    if (
      body === stack.templateBody &&
      sameParameters(plan.definition.givenParameters, stack.givenParameters) &&
      JSON.stringify(newTags) === JSON.stringify(stack.tags) &&
      (givenRole === undefined || givenRole === stack.roleArn)
    ) {
      throw ValidationError('No updates are to be performed.');
    }
    if (givenRole) checkPassRole(ctx, givenRole, account);
    const role = givenRole ?? stack.roleArn;
    const as = await actingPrincipal(ctx, role);
    if (role) stack.roleArn = role;
    stack.tags = newTags;
    const env = provisionEnv(ctx);
    stack.status = 'UPDATE_IN_PROGRESS';
    startOperation(stack, 'UPDATE_ROLLBACK_FAILED', () => runUpdate(env, stack, plan, as), log);
    return { StackId: stack.stackId };
  },
};

const DeleteStack: Operation<DeleteStackCommandInput, Out<DeleteStackCommandOutput>> = {
  authorize: check('DeleteStack'),
  async handler(ctx, input) {
    const account = callerAccount(ctx);
    const store = storeOf(ctx);
    const stack = store.find(stackRef(input));
    // AWS answers DeleteStack for a stack that does not exist (or is already deleted) with success.
    if (!stack || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return {};
    const retain = new Set(input.RetainResources ?? []);
    if (retain.size > 0 && stack.status !== 'DELETE_FAILED') {
      throw ValidationError(`Invalid operation on stack ${stack.stackId}. RetainResources can only be specified when the stack is in the DELETE_FAILED state`);
    }
    for (const [name, e] of store.exports) {
      if (e.stackId !== stack.stackId) continue;
      const importer = [...store.stacks.values()].find((s) => s.status !== 'DELETE_COMPLETE' && s.stackId !== stack.stackId && s.imports.includes(name));
      if (importer) throw ValidationError(`Export ${name} cannot be deleted as it is in use by ${importer.stackName}`);
    }
    const givenRole = roleArn(input);
    if (givenRole) checkPassRole(ctx, givenRole, account);
    const role = givenRole ?? stack.roleArn;
    const as = await actingPrincipal(ctx, role);
    const env = provisionEnv(ctx);
    // Pollers that describe the stack right after DeleteStack must already see it in progress.
    if (!stack.status.endsWith('_IN_PROGRESS')) stack.status = 'DELETE_IN_PROGRESS';
    startOperation(stack, 'DELETE_FAILED', () => runDelete(env, stack, as, retain), log);
    return {};
  },
};

export const stackOperations = { CreateStack, UpdateStack, DeleteStack } satisfies CloudFormationOperations<'CreateStack' | 'UpdateStack' | 'DeleteStack'>;
