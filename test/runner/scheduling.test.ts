/**
 * Scenarios whose setup is already synthesized start before those still waiting for synthesis, and the results
 * still come back in the order the scenarios were given.
 */
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../harness/runner/backends/embedded.js';
import { defineScenario, handoff } from '../../harness/runner/index.js';
import { runScenarios, type ProgressEvent } from '../../harness/runner/runner.js';
import { isSynthesized, synthesize } from '../../harness/runner/setup.js';

const scenario = (name: string, setup: Parameters<typeof defineScenario>[0]['setup']) =>
  defineScenario({
    name,
    title: name,
    source: { title: 'test fixture' },
    setup,
    steps: [handoff.assumePipelineRole()],
    expect: { outcome: 'success' },
  });

describe('the order scenarios start in', () => {
  it('starts a scenario whose setup is synthesized before one whose setup is not, and reports in the given order', async () => {
    const waiting = { names: { pipeline: 'scheduling-not-yet-synthesized' } };
    const ready = { names: { pipeline: 'scheduling-synthesized' } };
    await synthesize(ready);
    expect(isSynthesized(ready)).toBe(true);
    expect(isSynthesized(waiting)).toBe(false);

    const started: string[] = [];
    const results = await runScenarios([{ scenario: scenario('first-given', waiting) }, { scenario: scenario('second-given', ready) }], {
      backend: embeddedBackend(),
      concurrency: 1,
      onProgress: (e: ProgressEvent) => {
        if (e.type === 'start') started.push(e.name);
      },
    });
    expect(started).toEqual(['second-given', 'first-given']);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['first-given', 'passed'],
      ['second-given', 'passed'],
    ]);
  });
});
