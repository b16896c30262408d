/**
 * `xacct run` as users call it: exit status, the last line, the three reporters, an unmet expectation's diff, bad
 * input, and a user's own stacks and scenarios from another directory.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { SITE_FILES, TEMPLATE } from '../../harness/runner/artifact.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/xacct.js');
const run = promisify(execFile);

async function xacct(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const lastLine = (s: string) => s.trimEnd().split('\n').pop();

describe('xacct run', () => {
  it('passes scenarios, shows progress and the table, and ends with "N passed, M failed"', async () => {
    const r = await xacct(['run', 'scenarios/s3-deploy.scenario.ts', 'scenarios/bucket-policy-missing-target-account.scenario.ts']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[1\/2\] pass /);
    expect(r.stdout).toContain('s3-deploy');
    expect(r.stdout).toContain('AWS said: AccessDenied (HTTP 403) at step read-artifact: Access Denied');
    expect(r.stdout).toMatch(/fix: +add arn:aws:iam::222222222222:root \(or arn:aws:iam::222222222222:role\/cross-account-action-role\) to the bucket policy/);
    expect(lastLine(r.stdout)).toBe('2 passed, 0 failed');
  }, 60_000);

  it('runs with --concurrency 1 (one scenario at a time)', async () => {
    const files = ['scenarios/s3-deploy.scenario.ts', 'scenarios/bucket-policy-missing-target-account.scenario.ts', 'scenarios/cloudformation-deploy.scenario.ts'];
    const r = await xacct(['run', ...files, '--concurrency', '1', '--reporter', 'json']);
    expect(r.code).toBe(0);
    const progress = r.stderr.split('\n').filter((l) => l.startsWith('['));
    expect(progress.map((l) => l.replace(/^\[\d\/3\] /, '').replace(/ \(\d+ ms\)$/, '')).sort()).toEqual([
      'pass bucket-policy-missing-target-account',
      'pass cloudformation-deploy',
      'pass s3-deploy',
    ]);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('3 passed, 0 failed');
  }, 60_000);

  it('fails the run with a diff when an expectation is wrong', async () => {
    const r = await xacct(['run', 'test/fixtures/wrong-expectation.scenario.ts']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('expectation not met');
    expect(r.stdout).toContain('expected: step "read-artifact" refused with AccessDenied (403)');
    expect(r.stdout).toContain('actual:   every step succeeded');
    expect(lastLine(r.stdout)).toBe('0 passed, 1 failed');
  }, 60_000);

  it('writes JSON with each scenario\'s step, code, status and message', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xacct-json-')), 'report.json');
    const r = await xacct(['run', 'scenarios/cloudformation-role-in-other-account.scenario.ts', '--reporter', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe('1 passed, 0 failed');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.summary).toEqual({ passed: 1, failed: 0, notProvable: 0, notEmulated: 0, notApplicable: 0, errors: 0, total: 1 });
    expect(report.scenarios[0]).toMatchObject({
      name: 'cloudformation-role-in-other-account',
      status: 'passed',
      stoppedAt: 'deploy-cloudformation',
      error: { code: 'AccessDenied', status: 403, message: 'Cross-account pass role is not allowed.' },
    });
  }, 60_000);

  it('writes JUnit XML a CI system reads, with a failure element for an unmet expectation', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xacct-junit-')), 'report.xml');
    const r = await xacct(['run', 'scenarios/s3-deploy.scenario.ts', 'test/fixtures/wrong-expectation.scenario.ts', '--reporter', 'junit', '--out', out]);
    expect(r.code).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(out, 'utf8'));
    const suite = xml.testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0' });
    const cases = suite.testcase as Array<Record<string, unknown>>;
    expect(cases.map((c) => c['name'])).toEqual(['s3-deploy', 'wrong-expectation']);
    expect(cases[0]!['failure']).toBeUndefined();
    expect((cases[1]!['failure'] as Record<string, string>)['message']).toBe('expected: step "read-artifact" refused with AccessDenied (403)');
  }, 60_000);

  it('names the file and the problem for bad input, with exit status 2 and no stack trace', async () => {
    const missing = await xacct(['run', 'no/such/dir/*.scenario.ts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('xacct: no scenario files match "no/such/dir/*.scenario.ts"');
    const invalid = await xacct(['run', 'test/fixtures/not-a-scenario.scenario.ts']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr.trim()).toBe('xacct: test/fixtures/not-a-scenario.scenario.ts: "title" must be a non-empty string');
    const reporter = await xacct(['run', '--reporter', 'html']);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr).toContain("error: option '--reporter <name>' argument 'html' is invalid. Allowed choices are table, json, junit.");
    const concurrency = await xacct(['run', '--concurrency', '0']);
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr.trim()).toBe('xacct: --concurrency must be a whole number of at least 1, got "0"');
    for (const r of [missing, invalid, reporter, concurrency]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("JUnit reports a pipeline action's failure with the action's status, not an HTTP status it never had", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xacct-junit-')), 'report.xml');
    const r = await xacct(['run', 'scenarios/pipeline-run-bucket-policy-missing-target.scenario.ts', '--reporter', 'junit', '--out', out]);
    expect(r.code).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(out, 'utf8'));
    const text = xml.testsuites.testsuite.testcase['system-out'] as string;
    expect(text.split('\n')[0]).toMatch(/^CodePipeline said: action Failed \(JobFailed\) at step run-pipeline: Access Denied \(Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; /);
    expect(text).not.toContain('HTTP ?');
  }, 60_000);

  it('gives a folder as the repository of a connection source with --source, and refuses a path that is neither', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'xacct-repo-'));
    writeFileSync(join(repo, 'template.yaml'), TEMPLATE);
    for (const [name, body] of Object.entries(SITE_FILES)) writeFileSync(join(repo, name), body);
    mkdirSync(join(repo, '.git'));
    const r = await xacct(['run', 'test/fixtures/connection-source.scenario.ts', '--source', `octo/app@main=${repo}`]);
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe('1 passed, 0 failed');
    const bad = await xacct(['run', 'test/fixtures/connection-source.scenario.ts', '--source', join(repo, 'template.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(`xacct: --source ${join(repo, 'template.yaml')}: give a folder or a .zip file`);
  }, 60_000);

  it('checks --out before running anything', async () => {
    const r = await xacct(['run', 'scenarios/s3-deploy.scenario.ts', '--out', '/dev/null/x.xml', '--reporter', 'junit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('xacct: --out /dev/null/x.xml: cannot write the report there: /dev/null is not a directory\n');
    const dir = mkdtempSync(join(tmpdir(), 'xacct-out-'));
    const isDir = await xacct(['run', 'scenarios/s3-deploy.scenario.ts', '--out', dir]);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toBe(`xacct: --out ${dir}: cannot write the report there: it is a directory\n`);
  }, 60_000);

  it('--shard i/n splits the scenarios into n disjoint shares that together are all of them, the same on every run', async () => {
    const files = ['scenarios/s3-deploy.scenario.ts', 'scenarios/cloudformation-deploy.scenario.ts', 'scenarios/bucket-policy-missing-target-account.scenario.ts', 'scenarios/key-policy-missing-target-account.scenario.ts', 'scenarios/cloudformation-role-in-other-account.scenario.ts'];
    const names = async (shard: string) => {
      const r = await xacct(['run', ...files, '--shard', shard, '--reporter', 'json']);
      expect(r.code).toBe(0);
      return { stderr: r.stderr, names: (JSON.parse(r.stdout) as { scenarios: Array<{ name: string }> }).scenarios.map((s) => s.name) };
    };
    const [a, b, again] = await Promise.all([names('1/2'), names('2/2'), names('1/2')]);
    expect(a.stderr.split('\n')[0]).toBe('xacct: running 2 of 5 scenarios (shard 1/2) on the embedded backend');
    expect(a.names).toEqual(['bucket-policy-missing-target-account', 'cloudformation-deploy']);
    expect(b.names).toEqual(['cloudformation-role-in-other-account', 'key-policy-missing-target-account', 's3-deploy']);
    expect(again.names).toEqual(a.names);
  }, 60_000);

  it('refuses a bad --shard with a usage error', async () => {
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b']) {
      const r = await xacct(['run', '--shard', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`xacct: --shard must be i/n with 1 <= i <= n (e.g. --shard 1/3), got "${bad}"\n`);
    }
  }, 60_000);

  it('refuses --run-builds on a backend whose builds it cannot run, with a usage error', async () => {
    const r = await xacct(['run', '--run-builds', '--backend', 'endpoint', '--endpoint', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('xacct: --run-builds runs build commands against the embedded backend only\n');
  }, 60_000);

  it('--version prints the package version', async () => {
    const r = await xacct(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it("runs a user's own stacks and scenarios from any directory", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'xacct-user-'));
    const r = await xacct(['run', '--stacks', join(ROOT, 'test/fixtures/user-stacks/main.ts'), join(ROOT, 'test/fixtures/user-stacks/scenarios')], cwd);
    expect(r.stderr).toContain('running 2 scenarios');
    expect(r.stdout).toContain('team-pipeline-deploys');
    expect(r.stdout).toContain('team-bucket-policy-missing-target');
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe('2 passed, 0 failed');
  }, 60_000);
});
