/**
 * `xacct check` on the command line (harness/cli/check.ts): the exit status a CI step reads (0 when every hop is
 * allowed and every must-refuse holds, 1 otherwise or with --fail-on-unneeded and an unneeded grant, 2 on usage
 * errors), progress on stderr, and the table, JSON, JUnit and HTML reports.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const WALKTHROUGH_TRUST = 'test/fixtures/walkthrough-trust-stacks/main.ts';

async function xacct(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Each JUnit suite's name and failure count. */
function junitFailures(xml: string): string[][] {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: { testsuite: Array<Record<string, string>> } };
  return parsed.testsuites.testsuite.map((s) => [s['@_name']!, s['@_failures']!]);
}

describe('xacct check', () => {
  it('exits 1 on a setup whose action role trusts the whole pipeline account, and says why', async () => {
    const r = await xacct(['check', '--stacks', WALKTHROUGH_TRUST]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^xacct: applying the setup\nxacct: making 10 hops of 1 pipeline\(s\)\nxacct: proving grants: 1\/\d+/);
    expect(r.out).toContain('OPEN  An administrator of 111111111111 that is not the pipeline role assumes arn:aws:iam::222222222222:role/cross-account-action-role');
    expect(r.out).toMatch(/\n10 hops: 10 allowed, 0 refused, 0 blocked · \d+ grants: \d+ needed, \d+ not needed, 1 administration · 6 must-refuse: 5 held, 1 open$/);
  });

  it('exits 0 on the reference setup, whose action role trusts only the pipeline role, and writes JSON, JUnit and HTML reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-check-cli-'));
    const json = await xacct(['check', '--reporter', 'json', '--out', join(dir, 'check.json'), '--html', join(dir, 'check.html')]);
    expect(json.code).toBe(0);
    expect(json.out).toMatch(/^10 hops: 10 allowed, 0 refused, 0 blocked · /);
    const report = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8')) as { passed: boolean; mustRefuse: Array<{ outcome: string }> };
    expect(report.passed).toBe(true);
    expect(report.mustRefuse.every((p) => p.outcome === 'held')).toBe(true);
    expect(readFileSync(join(dir, 'check.html'), 'utf8')).toMatch(/^<!doctype html>/);

    // Every grant of the reference setup is needed or administration: least privilege holds.
    const junit = await xacct(['check', '--reporter', 'junit', '--fail-on-unneeded']);
    expect(junit.code).toBe(0);
    expect(junitFailures(junit.out)).toEqual([
      ['hops', '0'],
      ['grants', '0'],
      ['must-refuse', '0'],
    ]);
  });

  it('with --fail-on-unneeded, exits 1 on grants no hop needs and lists them as JUnit failures', async () => {
    const junit = await xacct(['check', '--stacks', WALKTHROUGH_TRUST, '--reporter', 'junit', '--fail-on-unneeded']);
    expect(junit.code).toBe(1);
    // kms:DescribeKey, kms:GenerateDataKey*, kms:Encrypt, kms:ReEncrypt* granted to the target account; the bystander.
    expect(junitFailures(junit.out)).toEqual([
      ['hops', '0'],
      ['grants', '4'],
      ['must-refuse', '1'],
    ]);
  });

  it('takes a Terraform directory with --var and --region: the corpus configuration as published lacks the OAuthToken the pre-3.0 provider added', async () => {
    // AWS's wording as a Terraform user met it: github.com/hashicorp/terraform/issues/26488. harness/check/real-configs.test.ts
    // checks the configuration with the token supplied.
    const dir = '/work/shared/corpus/real-configs/scalefactory-terraform-codepipeline-crossaccount-example';
    const r = await xacct(['check', '--stacks', dir, '--var', 'github={ owner = "o", repo = "r", branch = "main" }', '--region', 'eu-west-1']);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toContain(
      "xacct: module.pipeline.aws_codepipeline.pipeline (on pipeline-account/codepipeline.tf line 1): InvalidActionDeclarationException (HTTP 400): Action configuration for action 'Source' is missing required configuration 'OAuthToken'",
    );
  }, 60_000);

  it.each([
    [['check', '--accounts', 'pipeline=1'], 'xacct: --accounts: account id for pipeline must be 12 digits, got "1" (expected e.g. pipeline=111111111111,target=222222222222)'],
    [['check', '--stacks', 'no/such/main.ts'], 'xacct: --stacks no/such/main.ts: no such file'],
    [['check', '--reporter', 'yaml'], "error: option '--reporter <name>' argument 'yaml' is invalid. Allowed choices are table, json, junit."],
    [['check', '--pipeline', 'nope'], 'xacct: --pipeline: no pipeline named nope in the applied setup (it has: xacct-pipeline)'],
    [['check', '--stack', 'Repo'], 'xacct: --stack and --cdk-account are for a CDK cloud assembly given with --stacks'],
    [['check', '--stacks', WALKTHROUGH_TRUST, '--cdk-account', '222222222222'], 'xacct: --stack and --cdk-account are for a CDK cloud assembly given with --stacks'],
    [['check', '--cdk-account', '22'], 'xacct: --cdk-account must be a 12-digit account id, got "22"'],
  ])('exits 2 with one line for %j', async (argv, line) => {
    const r = await xacct(argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toContain(line);
    expect(r.out).toBe('');
  });

  it('refuses an --out it cannot write before it applies anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xacct-check-out-'));
    const r = await xacct(['check', '--out', dir]);
    expect(r).toEqual({ code: 2, out: '', err: `xacct: --out ${dir}: cannot write the report there: it is a directory` });
    expect(existsSync(join(dir, 'check.json'))).toBe(false);
  });
});
