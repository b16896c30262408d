/**
 * `xacct run` as users call it: exit status, the last line, the three reporters, an unmet expectation's diff, bad
 * input, and a user's own stacks and scenarios from another directory.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

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
    expect(report.summary).toEqual({ passed: 1, failed: 0, notProvable: 0, errors: 0, total: 1 });
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
