/**
 * CreateStack, UpdateStack and DeleteStack: validate synchronously (template, parameters, capabilities, the
 * service role), answer with the StackId at once, and provision in the background as AWS does. cloudformation:<Op>
 * is authorized before anything the call names is read; `resolve` then reads and plans the template and makes the
 * validations AWS answers before iam:PassRole (the service role's own refusals too), and iam:PassRole is declared
 * after it, so its refusal is recorded and explained; the handler provisions what `resolve` planned.
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
import { callerAccount, capabilities, newStackName, parameters, parameterValues, roleArn, stackDoesNotExist, stackRef, tags, templateSource } from './input.js';
import type { CloudFormationOperations } from './operation-names.js';
import { planStack } from './plan.js';
import { ssmParameterValues } from './ssm-parameter-values.js';
import { runCreate, runDelete, runUpdate, startOperation, type OnFailure, type Plan } from './provision.js';
import { actingPrincipal, passableRole, passRoleOf } from './service-role.js';
import { assertUpdatable, log, newStackId, newStackRecord, provisionEnv, stackResource, storeOf } from './stacks.js';
import type { StackRecord, StackTag } from './store.js';
import { templateBody } from './template-source.js';
import { assertDeletable } from './termination-protection.js';
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

interface CreateStackPlan {
  name: string;
  stackId: string;
  failure: OnFailure;
  notificationArns: string[];
  plan: Plan;
  passRole?: string;
}

const CreateStack: Operation<CreateStackCommandInput, Out<CreateStackCommandOutput>, CreateStackPlan> = {
  authorizeCall: check('CreateStack'),
  async resolve(ctx, input) {
    const account = callerAccount(ctx);
    const name = newStackName(input);
    const store = storeOf(ctx);
    if (store.find(name)) throw AlreadyExistsException(`Stack [${name}] already exists`);
    const failure = onFailure(input);
    const role = roleArn(input);
    const body = await templateBody(ctx, templateSource(input));
    const stackId = newStackId(ctx, name);
    const notificationArns = [...(input.NotificationARNs ?? [])];
    const plan = await planStack({
      ctx,
      templateBody: body,
      parameters: parameterValues(parameters(input)),
      capabilities: capabilities(input),
      pseudo: { accountId: account, region: ctx.region, stackName: name, stackId, notificationArns },
      store,
      ssmParameters: await ssmParameterValues(ctx, body, parameterValues(parameters(input)), role && passableRole(role, account)),
    });
    return { name, stackId, failure, notificationArns, plan, ...(role ? { passRole: passableRole(role, account) } : {}) };
  },
  authorize: (_ctx, _input, resolved) => passRoleOf(resolved),
  async handler(ctx, input, { name, stackId, failure, notificationArns, plan, passRole: role }) {
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
      ...(input.EnableTerminationProtection ? { terminationProtection: true } : {}),
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

interface UpdateStackPlan {
  stack: StackRecord;
  plan: Plan;
  tags: StackTag[];
  passRole?: string;
}

const UpdateStack: Operation<UpdateStackCommandInput, Out<UpdateStackCommandOutput>, UpdateStackPlan> = {
  authorizeCall: check('UpdateStack'),
  async resolve(ctx, input) {
    const account = callerAccount(ctx);
    const store = storeOf(ctx);
    const ref = stackRef(input);
    const stack = store.find(ref);
    if (!stack) throw stackDoesNotExist(ref);
    assertUpdatable(stack);
    const usePrevious = input.UsePreviousTemplate ?? false;
    const source = templateSource(input);
    if (usePrevious && (source.TemplateBody !== undefined || source.TemplateURL !== undefined)) {
      throw ValidationError('You cannot specify both usePreviousTemplate and Template Body/Template URL.');
    }
    const body = usePrevious ? stack.templateBody : await templateBody(ctx, source);
    const plan = await planStack({
      ctx,
      templateBody: body,
      parameters: parameterValues(parameters(input), stack.givenParameters),
      capabilities: capabilities(input),
      pseudo: { accountId: account, region: ctx.region, stackName: stack.stackName, stackId: stack.stackId, notificationArns: stack.notificationArns },
      store,
      ssmParameters: await ssmParameterValues(ctx, body, parameterValues(parameters(input), stack.givenParameters), roleArn(input) ? passableRole(roleArn(input)!, account) : stack.roleArn),
    });
    const newTags = input.Tags !== undefined ? tags(input) : stack.tags;
    const givenRole = roleArn(input);
    if (
      body === stack.templateBody &&
      sameParameters(plan.definition.givenParameters, stack.givenParameters) &&
      // An SSM-typed parameter naming the same parameter may resolve to a new value: that is an update.
      JSON.stringify(plan.definition.parameters.map((p) => p.resolved)) === JSON.stringify(stack.parameters.map((p) => p.resolved)) &&
      JSON.stringify(newTags) === JSON.stringify(stack.tags) &&
      (givenRole === undefined || givenRole === stack.roleArn)
    ) {
      throw ValidationError('No updates are to be performed.');
    }
    return { stack, plan, tags: newTags, ...(givenRole ? { passRole: passableRole(givenRole, account) } : {}) };
  },
  authorize: (_ctx, _input, resolved) => passRoleOf(resolved),
  async handler(ctx, _input, { stack, plan, tags: newTags, passRole }) {
    const role = passRole ?? stack.roleArn;
    const as = await actingPrincipal(ctx, role);
    if (role) stack.roleArn = role;
    stack.tags = newTags;
    const env = provisionEnv(ctx);
    stack.status = 'UPDATE_IN_PROGRESS';
    startOperation(stack, 'UPDATE_ROLLBACK_FAILED', () => runUpdate(env, stack, plan, as), log);
    return { StackId: stack.stackId };
  },
};

/** The stack DeleteStack deletes; undefined when there is none to delete. */
interface StackDeletion {
  stack: StackRecord;
  retain: Set<string>;
  passRole?: string;
}

const DeleteStack: Operation<DeleteStackCommandInput, Out<DeleteStackCommandOutput>, StackDeletion | undefined> = {
  authorizeCall: check('DeleteStack'),
  resolve(ctx, input) {
    const account = callerAccount(ctx);
    const store = storeOf(ctx);
    const ref = stackRef(input);
    const stack = store.find(ref);
    // AWS answers DeleteStack for a stack that does not exist (or is already deleted) with success.
    if (!stack || stack.status === 'DELETE_COMPLETE' || stack.status === 'DELETE_IN_PROGRESS') return undefined;
    assertDeletable(stack, ref);
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
    return { stack, retain, ...(givenRole ? { passRole: passableRole(givenRole, account) } : {}) };
  },
  authorize: (_ctx, _input, resolved) => passRoleOf(resolved),
  async handler(ctx, _input, deletion) {
    if (!deletion) return {};
    const { stack, retain, passRole } = deletion;
    const as = await actingPrincipal(ctx, passRole ?? stack.roleArn);
    const env = provisionEnv(ctx);
    // Pollers that describe the stack right after DeleteStack must already see it in progress.
    if (!stack.status.endsWith('_IN_PROGRESS')) stack.status = 'DELETE_IN_PROGRESS';
    startOperation(stack, 'DELETE_FAILED', () => runDelete(env, stack, as, retain), log);
    return {};
  },
};

export const stackOperations = { CreateStack, UpdateStack, DeleteStack } satisfies CloudFormationOperations<'CreateStack' | 'UpdateStack' | 'DeleteStack'>;
