/**
 * `xacct check [--stacks PATH] [--var k=v] [--var-file F] [--provider-account p=id] [--stack NAME] [--cdk-account ID] [--region R] [--pipeline NAME...]
 * [--accounts LIST] [--reporter table|json|junit] [--out FILE] [--html FILE] [--fail-on-unneeded]`: applies the setup, makes every hop of every pipeline as its principal,
 * proves each grant needed or not, and probes what must stay refused. Progress goes to stderr, the report to stdout
 * or --out. Exit status: 0 when every hop is allowed and every must-refuse holds (and, with --fail-on-unneeded, no
 * grant is unneeded), 1 otherwise, 2 on usage errors.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { shutdown } from '../runner/setup.js';
import { accountsOption, UsageError, type Io } from './io.js';
import { reportPath, stacksSource } from './run.js';

export interface CheckCommandOptions {
  stacks?: string;
  /** With a Terraform directory: root variables, .tfvars files, and the account a provider deploys to. */
  var?: string[];
  varFile?: string[];
  providerAccount?: string[];
  /** With a CDK cloud assembly: `--stack NAME` (as `cdk deploy NAME`), and `--cdk-account ID` the CDK CLI runs as. */
  stack?: string[];
  cdkAccount?: string;
  /** The Region the emulator serves (a configuration's providers name theirs). */
  region?: string;
  pipeline?: string[];
  accounts?: string;
  reporter: 'table' | 'json' | 'junit';
  out?: string;
  html?: string;
  failOnUnneeded?: boolean;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}

export async function checkCommand(opts: CheckCommandOptions, io: Io): Promise<number> {
  try {
    return await checkWith(opts, io);
  } finally {
    shutdown();
  }
}

async function checkWith(opts: CheckCommandOptions, io: Io): Promise<number> {
  const accounts = opts.accounts === undefined ? undefined : accountsOption(opts.accounts);
  const outPath = opts.out === undefined ? undefined : reportPath(opts.out);
  const htmlPath = opts.html === undefined ? undefined : reportPath(opts.html);
  const stacks = await stacksSource(opts.stacks, { vars: opts.var, varFiles: opts.varFile, providerAccounts: opts.providerAccount }, { stacks: opts.stack, account: opts.cdkAccount });
  const { check } = await import('../check/check.js');
  let last = '';
  const report = await check({
    stacks,
    pipelines: opts.pipeline,
    accounts,
    ...(opts.region ? { region: opts.region } : {}),
    onProgress: (message) => {
      // One line per phase, and the grant proof's count every tenth grant: enough to see it move.
      const phase = message.replace(/\d+\/\d+$/, '');
      const count = /(\d+)\/(\d+)$/.exec(message);
      if (phase !== last || (count && (Number(count[1]) % 10 === 0 || count[1] === count[2]))) io.err(`xacct: ${message}`);
      last = phase;
    },
  }).catch((e: unknown) => {
    if (e instanceof Error && /^no pipeline named /.test(e.message)) throw new UsageError(`--pipeline: ${e.message}`);
    throw e;
  });
  const { renderCheckJunit, renderCheckTable, summaryLine } = await import('../check/report-text.js');
  const text = opts.reporter === 'json' ? JSON.stringify(report, null, 2) : opts.reporter === 'junit' ? renderCheckJunit(report, { failOnUnneeded: opts.failOnUnneeded }) : renderCheckTable(report);
  if (outPath) {
    write(outPath, text);
    io.err(`xacct: ${opts.reporter} report written to ${outPath}`);
    io.out(summaryLine(report));
  } else {
    io.out(text);
    if (opts.reporter !== 'table') io.err(summaryLine(report));
  }
  if (htmlPath) {
    const { renderCheckHtml } = await import('../check/report-html.js');
    write(htmlPath, renderCheckHtml(report));
    io.err(`xacct: HTML report written to ${htmlPath}`);
  }
  const unneeded = report.grants.some((g) => g.verdict === 'not-needed');
  return report.passed && !(opts.failOnUnneeded && unneeded) ? 0 : 1;
}
