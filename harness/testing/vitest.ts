/**
 * Vitest helpers for users who write scenarios as tests:
 *
 *     import { expect, it } from 'vitest';
 *     import { startEmulator } from 'xacct';
 *     import { xacctMatchers, runScenarioTest } from 'xacct/vitest';
 *
 *     await using emu = await startEmulator();
 *     expect.extend(xacctMatchers(emu));
 *     await expect(s3.send(new GetObjectCommand({ Bucket, Key }))).toBeDeniedWith('kms:Decrypt');
 *
 * `toPassCheck(options?)` (from `checkMatchers`) passes when an `xacct check` report (or its promise) has every hop
 * allowed, every must-refuse held and no "not emulated" placeholder, and, with `{ unneeded: 'fail' }`, no grant that no hop needs; `allow` names
 * findings to accept (a hop id, a must-refuse id, or a grant as the reports label it):
 *
 *     expect.extend(checkMatchers);
 *     await expect(check({ stacks })).toPassCheck({ allow: ['bystander-assumes/arn:aws:iam::222222222222:role/deployer'] });
 *
 * `toBeDeniedWith(action, expected?)` passes when the call fails with an AWS error whose deciding authorization
 * (recorded by the emulator under the request id the client saw) was `action`; `expected` may also pin the code,
 * the HTTP status and the message (a string for equality or a RegExp).
 */
import { resolve } from 'node:path';
import { embeddedBackend } from '../runner/backends/embedded.js';
import { runScenario } from '../runner/runner.js';
import type { Scenario, ScenarioResult } from '../runner/scenario.js';
import type { StacksSource } from '../runner/setup.js';
import type { RunningEmulator } from '../index.js';
import { grantLabel } from '../check/report-text.js';
import type { CheckReport } from '../check/types.js';
// The augmentation below extends vitest's types; vitest itself is the user's (never loaded by this module).
import type {} from 'vitest';

export interface DeniedExpectation {
  code?: string;
  status?: number;
  message?: string | RegExp;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export function xacctMatchers(emu: RunningEmulator) {
  return {
    async toBeDeniedWith(received: unknown, action: string, expected: DeniedExpectation = {}): Promise<MatcherResult> {
      let error: SdkError | undefined;
      try {
        await received;
      } catch (e) {
        error = e as SdkError;
      }
      if (!error) return { pass: false, message: () => `expected the call to be denied with ${action}, but it succeeded` };
      const requestId = error.$metadata?.requestId;
      const record = requestId ? emu.emulator.explain(requestId) : undefined;
      const problems: string[] = [];
      if (!record) problems.push(`no denial was recorded for request ${requestId ?? '(no request id)'}: ${error.name}: ${error.message}`);
      else if (record.request.action.toLowerCase() !== action.toLowerCase()) problems.push(`denied action was ${record.request.action}, not ${action}`);
      if (expected.code !== undefined && error.name !== expected.code) problems.push(`code was ${error.name}, not ${expected.code}`);
      if (expected.status !== undefined && error.$metadata?.httpStatusCode !== expected.status) {
        problems.push(`status was ${error.$metadata?.httpStatusCode}, not ${expected.status}`);
      }
      const m = expected.message;
      if (m !== undefined && !(typeof m === 'string' ? error.message === m : m.test(error.message ?? ''))) {
        problems.push(`message was ${JSON.stringify(error.message)}, not ${String(m)}`);
      }
      const why = record ? ` (${record.decision.explanation})` : '';
      return {
        pass: problems.length === 0,
        message: () => (problems.length === 0 ? `expected the call not to be denied with ${action}${why}` : problems.join('; ')),
      };
    },
  };
}

export interface CheckExpectation {
  /** Findings to accept: hop ids, must-refuse ids, grant labels (`<policy> › <statement>[ › …]`). */
  allow?: string[];
  /** 'fail': a grant no hop needs fails the match (least privilege); default: unneeded grants are reported only. */
  unneeded?: 'fail' | 'report';
}

export const checkMatchers = {
  async toPassCheck(received: CheckReport | Promise<CheckReport>, expected: CheckExpectation = {}): Promise<MatcherResult> {
    const report = await received;
    const allowed = new Set(expected.allow ?? []);
    const problems: string[] = [];
    for (const h of report.hops) {
      if (h.outcome !== 'allowed' && !allowed.has(h.id)) problems.push(`hop ${h.id} was ${h.outcome}: ${h.error?.code ?? ''} ${h.error?.message ?? ''}${h.fix ? ` (fix: ${h.fix})` : ''}`);
    }
    for (const p of report.mustRefuse) if (p.outcome === 'open' && !allowed.has(p.id)) problems.push(`must stay refused but was allowed: ${p.title}${p.fix ? ` (fix: ${p.fix})` : ''}`);
    if (expected.unneeded === 'fail') {
      for (const g of report.grants) if (g.verdict === 'not-needed' && !allowed.has(grantLabel(g))) problems.push(`grant not needed by any hop: ${grantLabel(g)}`);
    }
    if (report.pipelines.length === 0) problems.push('the setup has no pipeline to check');
    // A setup holding placeholders is never a pass (check.ts names each in a note of that state).
    for (const n of report.notes) if (n.startsWith('not emulated: ')) problems.push(n);
    return {
      pass: problems.length === 0,
      message: () => (problems.length === 0 ? `expected the check not to pass, but every hop was allowed, every must-refuse held and nothing was a placeholder` : problems.join('\n')),
    };
  },
};

let backend: ReturnType<typeof embeddedBackend> | undefined;

/**
 * Runs one scenario on a fresh embedded world and returns its result; assert `result.status === 'passed'`. Tests in
 * one file share a backend, so a setup is applied once and later scenarios with it start from a copy. `stacks` is
 * the path of your stacks module (as `xacct run --stacks` takes it, relative to the working directory) or a source;
 * without it, the bundled reference setup.
 */
export function runScenarioTest(scenario: Scenario, stacks?: StacksSource | string): Promise<ScenarioResult> {
  backend ??= embeddedBackend();
  return runScenario({ scenario }, backend, typeof stacks === 'string' ? { kind: 'module', file: resolve(stacks) } : stacks);
}

declare module 'vitest' {
  interface Assertion<T> {
    toBeDeniedWith(action: string, expected?: DeniedExpectation): Promise<T>;
    toPassCheck(expected?: CheckExpectation): Promise<T>;
  }
  interface AsymmetricMatchersContaining {
    toBeDeniedWith(action: string, expected?: DeniedExpectation): unknown;
  }
}
