/**
 * Every bundled scenario, run by the runner's engine on the embedded backend: each must meet its expectation
 * (AWS's code, HTTP status and message at the named step). A failure prints the scenario's diff.
 */
import { describe, expect, it } from 'vitest';
import { embeddedBackend } from '../harness/runner/backends/embedded.js';
import { findScenarioFiles, loadScenarios } from '../harness/runner/load.js';
import { runScenarios } from '../harness/runner/runner.js';

const loaded = await loadScenarios(await findScenarioFiles([]));

describe('bundled scenarios', () => {
  it('has at least 25 scenarios, each citing its source', () => {
    expect(loaded.length).toBeGreaterThanOrEqual(25);
    for (const { scenario } of loaded) expect(scenario.source.seed ?? scenario.source.url, scenario.name).toBeTruthy();
  });

  it('meets every expectation', async () => {
    const results = await runScenarios(loaded, { backend: embeddedBackend() });
    const unmet = results.filter((r) => r.status !== 'passed').map((r) => `${r.name} (${r.status}):\n  ${r.diff.join('\n  ')}`);
    expect(unmet, unmet.join('\n')).toEqual([]);
  }, 120_000);
});
