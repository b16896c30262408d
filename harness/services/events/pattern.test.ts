/**
 * The event-pattern matcher against AWS's own answers: every case of pattern-cases.json was run against AWS's
 * TestEventPattern by LocalStack's AWS-validated suite (github.com/localstack/localstack
 * tests/aws/services/events/test_events_patterns.py, snapshot test_events_patterns.snapshot.json): a match, no match
 * (_NEG), or InvalidEventPatternException (_EXC) with AWS's message. AWS's message goes on with the parser's location
 * ("\n at [Source: …]"), which the emulator does not word (errors.ts): the first line is compared.
 */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../core/errors.js';
import cases from './pattern-cases.json' with { type: 'json' };
import { compilePattern, matches } from './pattern.js';

interface Case {
  name: string;
  expect: 'match' | 'no-match' | 'error';
  event: unknown;
  pattern: unknown;
  code?: string;
  message?: string;
}

/** Cases the emulator does not judge as AWS does, each a known deviation named in pattern.ts's header. */
const DEVIATIONS = new Set(['content_wildcard_complex_EXC']);

describe('event patterns, against the cases AWS answered', () => {
  const all = (cases as { cases: Case[] }).cases.filter((c) => !DEVIATIONS.has(c.name));

  it.each(all.filter((c) => c.expect !== 'error').map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(matches(compilePattern(JSON.stringify(c.pattern)), c.event)).toBe(c.expect === 'match');
  });

  it.each(all.filter((c) => c.expect === 'error').map((c) => [c.name, c] as const))('%s is refused', (_name, c) => {
    let caught: unknown;
    try {
      compilePattern(JSON.stringify(c.pattern));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AwsError);
    const e = caught as AwsError;
    expect({ code: e.code, status: e.status, message: e.message }).toEqual({ code: c.code, status: 400, message: c.message!.split('\n')[0] });
  });
});
