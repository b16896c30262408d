/**
 * Test and bench helper: runs the bundled scenarios on a peer through the endpoint backend and sums the results up
 * the way the README's backends table states them (passed, not provable, failing and why).
 * Not an AWS behaviour.
 */
import { BUNDLED_SCENARIOS, findScenarioFiles, loadScenarios } from '../../harness/runner/load.js';
import { runScenarios, type LoadedScenario } from '../../harness/runner/runner.js';
import type { ScenarioResult } from '../../harness/runner/scenario.js';
import type { Backend } from '../../harness/runner/backends/backend.js';

export interface PeerSummary {
  total: number;
  passed: string[];
  notProvable: string[];
  /** Every other status (failed, error, not emulated), with the first line of why. */
  failing: Record<string, string>;
  results: ScenarioResult[];
}

export async function bundledScenarios(filter: (l: LoadedScenario) => boolean = () => true): Promise<LoadedScenario[]> {
  return (await loadScenarios(await findScenarioFiles([BUNDLED_SCENARIOS]))).filter(filter);
}

/** A positive scenario: the hand-off is expected to succeed. */
export const positive = (l: LoadedScenario) => l.scenario.expect.outcome === 'success';

function why(r: ScenarioResult): string {
  const e = r.error;
  const step = r.stoppedAt ? ` at ${r.stoppedAt}` : '';
  const text = e ? `${r.status}${step}: ${e.code ?? ''}${e.status ? ` (${e.status})` : ''} ${e.message ?? ''}` : `${r.status}${step}: ${[...r.diff, ...r.notes].join('; ')}`;
  return text.split('\n')[0]!.trim();
}

export async function runOnPeer(loaded: LoadedScenario[], backend: Backend): Promise<PeerSummary> {
  const results = await runScenarios(loaded, { backend });
  const failing: Record<string, string> = {};
  for (const r of results) if (r.status !== 'passed' && r.status !== 'not-provable') failing[r.name] = why(r);
  return {
    total: results.length,
    passed: results.filter((r) => r.status === 'passed').map((r) => r.name),
    notProvable: results.filter((r) => r.status === 'not-provable').map((r) => r.name),
    failing,
    results,
  };
}
