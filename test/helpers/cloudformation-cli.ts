/**
 * Test helper: deploys CloudFormation templates into an xacct endpoint (`xacct serve` or the library's HTTP
 * transport) as their authors do, with Debian's AWS CLI v2 (/usr/bin/aws) running `aws cloudformation deploy`, and
 * reads the stack back as DescribeStacks, DescribeStackEvents and DescribeStackResources show it.
 * Shared by the corpus deployments (test/corpus-deployments.test.ts) and the held-out set (test/held-out.test.ts).
 * The CLI's deploy waiter polls DescribeStacks every 30 seconds (awscli/customizations/cloudformation/deployer.py),
 * so each deployment takes about half a minute.
 */
import { execFile } from 'node:child_process';
import { expect } from 'vitest';
import { isolatedEnv, type CliResult } from './aws-cli.js';

export type { CliResult } from './aws-cli.js';

export interface Endpoint {
  endpoint: string;
}

/** The reason xacct gives a resource it stands in for with a placeholder (DescribeStackResources). */
export const NOT_EMULATED = 'Not emulated by xacct:';

/** The suffix CloudFormation gives a resource's failure from a classic (non-registry) handler; ids vary. */
export const classicSuffix = (service: string, code: string) => `\\(Service: ${service}; Status Code: 400; Error Code: ${code}; Request ID: [0-9a-f-]+; Proxy: null\\)`;
export const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs the real CLI as `account` (access key = account id) with no config file; the deploy waiter needs minutes, not aws-cli.ts's 30 s. */
export function cli(server: Endpoint, account: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/aws',
      ['--endpoint-url', server.endpoint, '--output', 'json', ...args],
      { env: isolatedEnv({ accessKeyId: account, secretAccessKey: 'test' }), timeout: 240_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

export async function json<T>(server: Endpoint, account: string, args: string[]): Promise<T> {
  const r = await cli(server, account, args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
}

export interface StackView {
  status: string;
  outputs: Record<string, string>;
  /** "<logical id>: <reason>" of each *_FAILED event. */
  failed: string[];
  /** Logical ids of the resources standing in as placeholders (DescribeStackResources, for a stack that stands). */
  notEmulated: string[];
  /** Logical ids whose events said "Not emulated by xacct" (also for a stack that rolled back). */
  placeholderEvents: string[];
}

interface Event {
  LogicalResourceId: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
}

export async function view(server: Endpoint, account: string, stack: string): Promise<StackView> {
  const { Stacks } = await json<{ Stacks: Array<{ StackStatus: string; Outputs?: Array<{ OutputKey: string; OutputValue: string }> }> }>(server, account, ['cloudformation', 'describe-stacks', '--stack-name', stack]);
  const { StackEvents } = await json<{ StackEvents: Event[] }>(server, account, ['cloudformation', 'describe-stack-events', '--stack-name', stack]);
  const resources = Stacks[0]!.StackStatus.endsWith('_COMPLETE') && !Stacks[0]!.StackStatus.includes('ROLLBACK')
    ? (await json<{ StackResources: Event[] }>(server, account, ['cloudformation', 'describe-stack-resources', '--stack-name', stack])).StackResources
    : [];
  return {
    status: Stacks[0]!.StackStatus,
    outputs: Object.fromEntries((Stacks[0]!.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue])),
    failed: StackEvents.filter((e) => e.ResourceStatus.endsWith('_FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`),
    notEmulated: resources.filter((r) => r.ResourceStatusReason?.startsWith(NOT_EMULATED)).map((r) => r.LogicalResourceId).sort(),
    placeholderEvents: [...new Set(StackEvents.filter((e) => e.ResourceStatusReason?.startsWith(NOT_EMULATED)).map((e) => e.LogicalResourceId))].sort(),
  };
}

/** `aws cloudformation deploy --stack-name <stack> --template-file <template> <rest>` as `account`, then the stack as DescribeStacks/Events/Resources show it. */
export async function deployTemplate(server: Endpoint, account: string, stack: string, template: string, ...rest: string[]): Promise<StackView & { cli: CliResult }> {
  const result = await cli(server, account, ['cloudformation', 'deploy', '--stack-name', stack, '--template-file', template, ...rest]);
  return { ...(await view(server, account, stack)), cli: result };
}

export const succeeded = (stack: string) => ({ code: 0, stdout: expect.stringMatching(new RegExp(`Successfully created/updated stack - ${stack}\\n$`)) });
/** The CLI's words when the waiter sees the stack fail (awscli/customizations/cloudformation/exceptions.py DeployFailedError). */
export const deployFailed = (stack: string) => ({
  code: 255,
  stderr: expect.stringContaining(`Failed to create/update the stack. Run the following command\nto fetch the list of events leading up to the failure\naws cloudformation describe-stack-events --stack-name ${stack}`),
});
