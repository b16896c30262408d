/**
 * The `xacct` command line. Each command lives in its own module and is loaded only when used, so
 * `xacct serve` starts without loading CDKTF or the SDK clients it does not need.
 * Errors the user can fix are one line on stderr (exit 2); nothing prints a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../runtime.js';
import { processIo, UsageError, type Io } from './io.js';

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function program(io: Io, setExit: (code: number) => void): Command {
  const cli = new Command('xacct')
    .description('Test cross-account AWS CodePipeline setups locally: an IAM-enforcing multi-account AWS emulator, CDKTF stacks and scenarios.')
    .version(packageVersion(), '-V, --version', 'print the version of xacct')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run xacct --help for usage)');

  cli
    .command('serve')
    .description('run the emulator on a loopback port for the AWS CLI, SDKs and `xacct apply`')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'HTTP port', '4566')
    .option('--https-port <port>', 'also serve HTTPS on this port (certificate generated at start)')
    .option('--accounts <list>', 'accounts as name=id,... (default pipeline=111111111111,target=222222222222)')
    .option('--region <region>', 'default region', 'us-east-1')
    .option('--public', "state that a non-loopback --host is deliberate (every account's keys are public to whoever reaches it)")
    .option('--allow-host <names>', 'host names, comma-separated, that /_xacct/ admin requests may be addressed to besides loopback and --host')
    .option('--max-body-mib <MiB>', 'MiB of request bodies held at once across all requests; beyond it S3 answers 503 SlowDown (default 256)')
    .option('--quiet', 'no line on stderr for each denied request (by default: time, request id, caller, action, resource, why)')
    .action(async (opts) => {
      const { serveCommand } = await import('./serve.js');
      setExit(await serveCommand(opts, io));
    });

  cli
    .command('init')
    .description('scaffold your project: a stacks module, a positive and a negative scenario, a vitest example and a CI workflow')
    .argument('[dir]', 'where to write them', '.')
    .option('--from <form>', 'the form of your infrastructure: cdktf (for terraform, cdk and cloudformation init says how --stacks runs them as they are)', 'cdktf')
    .action(async (dir: string, opts) => {
      const { initCommand } = await import('./init.js');
      setExit(await initCommand(dir, opts, io));
    });

  const policy = cli.command('policy').description('work with IAM policies without starting anything');
  policy
    .command('simulate')
    .description('evaluate requests described in JSON files and explain each decision')
    .argument('<file...>', 'request files: {"principal","action","resource","identityPolicies","resourcePolicy",...}')
    .option('--json', 'one JSON object per file, one per line')
    .option('--no-fail-on-deny', 'exit 0 even when a decision is a deny (by default any deny exits 1)')
    .action(async (files: string[], opts: { json?: boolean; failOnDeny?: boolean }) => {
      const { policySimulateCommand } = await import('./policy-simulate.js');
      setExit(await policySimulateCommand(files, opts, io));
    });

  cli
    .command('synth')
    .description('synthesize the CDKTF stacks to Terraform JSON')
    .option('--out <dir>', 'output directory', 'cdktf.out')
    .option('--stacks <path>', 'a CDKTF app module of your own (default: the bundled reference setup); a CDK cloud assembly or a deploy plan is checked and its steps printed')
    .action(async (opts) => {
      const { synthCommand } = await import('./synth.js');
      setExit(await synthCommand(opts, io));
    });

  cli
    .command('apply')
    .description('apply a Terraform configuration (HCL or JSON, or synthesized stacks), a CDK cloud assembly or a CloudFormation deploy plan to a running `xacct serve`')
    .argument('[dir]', 'a Terraform directory (*.tf, *.tf.json), synthesized stacks, a cdk.out or an xacct.deploy.yaml', 'cdktf.out')
    .option('--endpoint <url>', 'emulator endpoint', 'http://127.0.0.1:4566')
    .option('--var <name=value>', 'a value for a root variable, as terraform apply -var (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--var-file <file>', 'a .tfvars or .tfvars.json file, as terraform apply -var-file (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--provider-account <provider=id>', 'the account a provider configuration (aws, aws.<alias>) deploys to when its block does not say (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--stack <name>', 'with a CDK cloud assembly: deploy this stack and those it depends on, as `cdk deploy NAME` (repeatable; default all)', (v: string, all: string[] = []) => [...all, v])
    .option('--cdk-account <id>', "with a CDK cloud assembly: the account the CDK CLI runs as, where environment-agnostic stacks deploy (default the server's first account)")
    .option('--cdk-region <region>', 'with a CDK cloud assembly: the Region the CDK CLI runs in, where region-agnostic stacks deploy (default us-east-1)')
    .action(async (dir: string, opts) => {
      const { applyCommand } = await import('./apply.js');
      setExit(await applyCommand(dir, opts, io));
    });

  cli
    .command('run')
    .description('apply the setup and run the scenarios; exit non-zero when an expectation is not met')
    .argument('[glob...]', 'scenario files or globs (default: the bundled scenarios)')
    .addOption(new Option('--reporter <name>', 'report format').choices(['table', 'json', 'junit']).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--stacks <path>', 'your own setup: a CDKTF app module, a Terraform directory, a CDK cloud assembly (cdk.out) or a CloudFormation deploy plan (xacct.deploy.yaml)')
    .option('--var <name=value>', 'with a Terraform directory: a value for a root variable (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--var-file <file>', 'with a Terraform directory: a .tfvars file (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--provider-account <provider=id>', 'with a Terraform directory: the account a provider configuration deploys to when its block does not say (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--stack <name>', 'with a CDK cloud assembly: deploy this stack and those it depends on, as `cdk deploy NAME` (repeatable; default all)', (v: string, all: string[] = []) => [...all, v])
    .option('--cdk-account <id>', 'with a CDK cloud assembly: the account the CDK CLI runs as, where environment-agnostic stacks deploy (default 111111111111)')
    .addOption(new Option('--backend <name>', 'where to run').choices(['embedded', 'endpoint', 'localstack']).default('embedded'))
    .option('--endpoint <url>', 'with --backend endpoint: the AWS-compatible endpoint; with --backend localstack: a LocalStack already running (no Docker)')
    .option('--endpoint-ca <file>', "with --backend endpoint: PEM of the CA that signed the endpoint's certificate (xacct serve prints it)")
    .option('--no-enforcement', 'declare that the backend does not enforce IAM (negative scenarios become "not provable")')
    .option('--no-reset', 'with --backend endpoint: act on the world a running xacct serve holds, built by hand (no reset, no apply)')
    .option('--localstack-image <image>', 'with --backend localstack: the image (default $XACCT_LOCALSTACK_IMAGE or localstack/localstack:4.14.0)')
    .option('--concurrency <n>', 'scenarios in flight at once on a backend whose worlds are independent (1: one at a time)', '4')
    .option('--shard <i/n>', 'run the i-th of n deterministic shares of the scenarios (one per parallel CI job)')
    .option('--run-builds', "run CodeBuild builds' buildspec commands with bash, as the build role, against the emulator")
    .option(
      '--build-output <project=dir>',
      "without --run-builds: a folder holding what a CodeBuild project's buildspec commands make, packaged by its builds (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option(
      '--source <[owner/repo[@branch]=]path>',
      'repository content (a folder or a .zip) for connection and GitHub sources, for one repository or any (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .action(async (globs: string[], opts) => {
      // CDKTF synthesis starts on its worker thread before this thread loads the runner, the SDK and the scenarios.
      if (!opts.stacks) (await import('../runner/setup.js')).warmUp();
      const { runCommand } = await import('./run.js');
      setExit(await runCommand(globs, opts, io));
    });

  cli
    .command('check')
    .description('prove every hop of every pipeline in the setup, each grant needed or not, and what must stay refused')
    .option('--stacks <path>', 'your own setup: a CDKTF app module, a Terraform directory, a CDK cloud assembly or a CloudFormation deploy plan (default: the bundled reference setup)')
    .option('--var <name=value>', 'with a Terraform directory: a value for a root variable (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--var-file <file>', 'with a Terraform directory: a .tfvars file (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--provider-account <provider=id>', 'with a Terraform directory: the account a provider configuration deploys to when its block does not say (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--stack <name>', 'with a CDK cloud assembly: deploy this stack and those it depends on, as `cdk deploy NAME` (repeatable; default all)', (v: string, all: string[] = []) => [...all, v])
    .option('--cdk-account <id>', 'with a CDK cloud assembly: the account the CDK CLI runs as, where environment-agnostic stacks deploy (default the first of --accounts)')
    .option('--region <region>', "the Region the emulator serves (default us-east-1): the one the setup's providers name")
    .option('--pipeline <name...>', 'only these pipelines (default: every pipeline the setup creates)')
    .option('--accounts <list>', 'accounts as name=id,... (default pipeline=111111111111,target=222222222222, plus any the setup names)')
    .addOption(new Option('--reporter <name>', 'report format').choices(['table', 'json', 'junit']).default('table'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--html <file>', 'also write a self-contained HTML report that draws the hand-off as a graph')
    .option('--fail-on-unneeded', 'exit 1 when a grant is not needed by any hop (least privilege)')
    .action(async (opts) => {
      const { checkCommand } = await import('./check.js');
      setExit(await checkCommand(opts, io));
    });

  return cli;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const cli = program(io, (c) => {
    code = c;
  });
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      io.err(`xacct: ${e.message}`);
      return e.exitCode;
    }
    io.err(`xacct: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
