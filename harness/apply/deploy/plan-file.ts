/**
 * Reads a CloudFormation deploy plan, `xacct.deploy.yaml`: the ordered deployments a team makes with
 * `aws cloudformation deploy` (https://docs.aws.amazon.com/cli/latest/reference/cloudformation/deploy/), one file for
 * a rollout in several calls (the same stack deployed again with other parameters) or one template deployed to
 * several accounts (`account: [test, prod]`). Example:
 *
 *   accounts: { tools: '111111111111', test: '333333333333', prod: '444444444444' }   # optional names
 *   region: us-east-1                                                                  # default us-east-1
 *   deployments:
 *     - stack: pre-reqs
 *       template: ToolsAcct/pre-reqs.yaml            # relative to this file
 *       account: tools
 *       parameters: { TestAccount: '333333333333' }
 *     - stack: cross-account-role
 *       template: TestAccount/deployer.yaml
 *       account: [test, prod]                       # one deployment per account, in this order
 *       capabilities: [CAPABILITY_NAMED_IAM]
 *       parameters: { CMKARN: { output: pre-reqs.CMK } }   # an output of the stack deployed earlier
 *       role: arn:aws:iam::333333333333:role/cfn-service-role   # CloudFormation's service role (RoleARN)
 *       as: arn:aws:iam::333333333333:role/deployer              # who deploys (default: an administrator)
 *
 * Parsed with the `yaml` package; every problem is one line naming the file and the entry, never a stack trace.
 * Deviations: no `--s3-bucket` (a template over CloudFormation's 51,200-byte TemplateBody limit is refused by
 * CloudFormation as it is refused to the CLI without one); parameter values are strings (numbers and booleans are
 * written as strings, lists comma-joined, as the CLI's --parameter-overrides passes them).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { PlanError, type DeployDocument, type PlanValue, type StackStep } from './types.js';

export const PLAN_FILE = 'xacct.deploy.yaml';

const ENTRY_KEYS = ['stack', 'template', 'account', 'region', 'parameters', 'capabilities', 'role', 'as', 'tags'];
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (StackName)
const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The plan file a path names: the file itself, or xacct.deploy.yaml in the directory. */
export function planFileOf(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, PLAN_FILE) : path;
}

export function readDeployPlan(path: string): DeployDocument {
  const file = resolve(planFileOf(path));
  const name = basename(file);
  const fail = (where: string, message: string): never => {
    throw new PlanError(`${name}${where ? ` ${where}` : ''}: ${message}`);
  };
  if (!existsSync(file)) fail('', `no such file ${file}`);
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length) fail('', `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const top = doc.toJS() as Json;
  if (!isObject(top)) return fail('', 'expected a mapping with `deployments:` (a list)');
  for (const k of Object.keys(top)) if (!['accounts', 'region', 'deployments'].includes(k)) fail('', `unknown key "${k}" (expected accounts, region, deployments)`);

  const names = new Map<string, string>();
  if (top.accounts !== undefined) {
    if (!isObject(top.accounts)) fail('accounts', 'expected a mapping of names to 12-digit account ids');
    for (const [k, v] of Object.entries(top.accounts as Record<string, Json>)) names.set(k, accountId(v, `accounts.${k}`, fail));
  }
  const defaultRegion = top.region === undefined ? 'us-east-1' : text(top.region, 'region', fail);
  if (!REGION.test(defaultRegion)) fail('region', `"${defaultRegion}" is not a region name (e.g. us-east-1)`);
  if (!Array.isArray(top.deployments) || top.deployments.length === 0) return fail('', 'expected `deployments:`, a list of at least one deployment');

  const steps: StackStep[] = [];
  const accounts: string[] = [];
  top.deployments.forEach((entry, i) => {
    const stackName = isObject(entry) && typeof entry.stack === 'string' ? entry.stack : undefined;
    const where = `deployment ${i + 1}${stackName ? ` (stack ${stackName})` : ''}`;
    if (!isObject(entry)) return fail(where, 'expected a mapping with stack, template and account');
    for (const k of Object.keys(entry)) if (!ENTRY_KEYS.includes(k)) fail(where, `unknown key "${k}" (expected ${ENTRY_KEYS.join(', ')})`);
    if (!stackName) return fail(where, '`stack` (the stack name) is required');
    if (!STACK_NAME.test(stackName)) fail(where, `stack name "${stackName}" must start with a letter and hold only letters, digits and hyphens (at most 128)`);
    if (entry.template === undefined) fail(where, '`template` (a path relative to the plan) is required');
    const template = text(entry.template, `${where} template`, fail);
    const templateFile = isAbsolute(template) ? template : resolve(dirname(file), template);
    if (!existsSync(templateFile) || !statSync(templateFile).isFile()) fail(where, `template ${template}: no such file (${templateFile})`);
    if (entry.account === undefined) fail(where, '`account` (a 12-digit id, a name under `accounts:`, or a list of them) is required');
    const targets = (Array.isArray(entry.account) ? entry.account : [entry.account]).map((a) =>
      typeof a === 'string' && names.has(a) ? names.get(a)! : accountId(a, `${where} account`, fail, names),
    );
    if (targets.length === 0) fail(where, '`account` lists no account');
    const region = entry.region === undefined ? defaultRegion : text(entry.region, `${where} region`, fail);
    if (!REGION.test(region)) fail(where, `region "${region}" is not a region name (e.g. us-east-1)`);
    const parameters = params(entry.parameters, where, fail, steps);
    const capabilities = entry.capabilities === undefined ? [] : list(entry.capabilities, `${where} capabilities`, fail);
    for (const c of capabilities) if (!CAPABILITIES.includes(c)) fail(where, `capability "${c}" is none of ${CAPABILITIES.join(', ')}`);
    const roleArn = entry.role === undefined ? undefined : text(entry.role, `${where} role`, fail);
    if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) fail(where, `role "${roleArn}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), CloudFormation's service role`);
    const as = entry.as === undefined ? undefined : text(entry.as, `${where} as`, fail);
    if (as !== undefined && !ROLE_ARN.test(as)) fail(where, `as "${as}" is not an IAM role ARN (the role the deployment is made as)`);
    let tags: Record<string, string> | undefined;
    if (entry.tags !== undefined) {
      if (!isObject(entry.tags)) fail(where, '`tags` must be a mapping of keys to values');
      tags = Object.fromEntries(Object.entries(entry.tags as Record<string, Json>).map(([k, v]) => [k, scalar(v, `${where} tags.${k}`, fail)]));
    }
    for (const account of targets) {
      if (!accounts.includes(account)) accounts.push(account);
      steps.push({
        type: 'stack',
        label: `${name} deployment ${i + 1} (stack ${stackName} in ${account} ${region})`,
        account,
        region,
        stackName,
        templateFile,
        parameters,
        capabilities,
        ...(roleArn ? { roleArn } : {}),
        ...(as ? { as } : {}),
        ...(tags ? { tags } : {}),
        noChangeIsSuccess: true,
      });
    }
  });
  return { kind: 'xacct-deploy', source: file, accounts, steps, notes: [] };
}

type Fail = (where: string, message: string) => never;

function text(v: Json | undefined, where: string, fail: Fail): string {
  if (typeof v !== 'string' || v === '') return fail(where, 'expected a non-empty string');
  return v;
}

function accountId(v: Json | undefined, where: string, fail: Fail, names?: Map<string, string>): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s === 'string' && /^\d{12}$/.test(s)) return s;
  if (typeof v === 'number') return fail(where, `${v} is not a 12-digit account id (quote account ids in YAML: '012345678901' read as a number loses its leading zero)`);
  const known = names?.size ? ` or a name under accounts: (${[...names.keys()].join(', ')})` : '';
  return fail(where, `${JSON.stringify(v)} is not a 12-digit account id${known}`);
}

function scalar(v: Json, where: string, fail: Fail): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fail(where, 'expected a string, number or boolean');
}

function list(v: Json, where: string, fail: Fail): string[] {
  const items = Array.isArray(v) ? v : [v];
  return items.map((x) => (typeof x === 'string' ? x : fail(where, 'expected a list of strings')));
}

function params(v: Json | undefined, where: string, fail: Fail, earlier: StackStep[]): Record<string, PlanValue> {
  if (v === undefined) return {};
  if (!isObject(v)) return fail(where, '`parameters` must be a mapping of parameter names to values');
  const out: Record<string, PlanValue> = {};
  for (const [k, value] of Object.entries(v)) {
    const at = `${where} parameter ${k}`;
    if (Array.isArray(value)) out[k] = value.map((x) => scalar(x, at, fail)).join(',');
    else if (isObject(value)) {
      const ref = value.output;
      const m = typeof ref === 'string' ? /^([a-zA-Z][-a-zA-Z0-9]*)\.([A-Za-z0-9]+)$/.exec(ref) : null;
      if (Object.keys(value).length !== 1 || !m) return fail(at, 'a mapping value must be { output: STACK.OUTPUT }, an output of a stack deployed earlier in the plan');
      if (!earlier.some((s) => s.stackName === m[1])) fail(at, `output ${ref}: no stack ${m[1]} is deployed before this one in the plan`);
      out[k] = { output: { stack: m[1]!, key: m[2]! } };
    } else if (value === null) return fail(at, 'has no value');
    else out[k] = scalar(value, at, fail);
  }
  return out;
}
