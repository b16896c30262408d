/**
 * Compares what happened with what the scenario expected, and says how they differ in lines a person can read.
 * Expected messages may hold `<placeholders>` for generated values (key ids, request ids, session names).
 */
import type { HandoffNames } from './names.js';
import type { ActualError, Expectation, ScenarioResult } from './scenario.js';

export function resolveExpectation(expect: Expectation, names: HandoffNames): ScenarioResult['expected'] {
  if (expect.outcome === 'success') return { outcome: 'success' };
  const message = typeof expect.message === 'function' ? expect.message(names) : expect.message;
  return { outcome: 'denied', step: expect.step, code: expect.code, status: expect.status, message };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function messageMatches(expected: string, actual: string): boolean {
  const parts = expected.split(/<[a-zA-Z][\w -]*>/);
  const pattern = parts.map(escapeRegExp).join('.+?');
  return new RegExp(`^${pattern}$`, 's').test(actual);
}

export function compare(expected: ScenarioResult['expected'], stoppedAt: string | undefined, error: ActualError | undefined): string[] {
  const diff: string[] = [];
  if (expected.outcome === 'success') {
    if (stoppedAt) {
      diff.push(`expected: every step succeeds`);
      diff.push(`actual:   step "${stoppedAt}" failed with ${error?.code ?? 'an error'} (${error?.status ?? '?'}): ${error?.message ?? ''}`);
    }
    return diff;
  }
  if (!stoppedAt) {
    diff.push(`expected: step "${expected.step}" refused with ${expected.code} (${expected.status})`);
    diff.push(`actual:   every step succeeded`);
    return diff;
  }
  if (stoppedAt !== expected.step) diff.push(`step:    expected "${expected.step}", actual "${stoppedAt}"`);
  if (error?.code !== expected.code) diff.push(`code:    expected ${expected.code}, actual ${error?.code}`);
  if (error?.status !== expected.status) diff.push(`status:  expected ${expected.status}, actual ${error?.status}`);
  if (!error || !messageMatches(expected.message, error.message)) {
    diff.push(`message: expected ${JSON.stringify(expected.message)}`);
    diff.push(`         actual   ${JSON.stringify(error?.message ?? '')}`);
  }
  return diff;
}
