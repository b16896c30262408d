/** Counts shared by every reporter: "N passed, M failed" (+ not provable, not emulated, errors). */
import type { ScenarioResult } from '../scenario.js';

export interface Summary {
  passed: number;
  failed: number;
  notProvable: number;
  notEmulated: number;
  notApplicable: number;
  errors: number;
  total: number;
}

export function summarize(results: ScenarioResult[]): Summary {
  const count = (s: ScenarioResult['status']) => results.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), notProvable: count('not-provable'), notEmulated: count('not-emulated'), notApplicable: count('not-applicable'), errors: count('error'), total: results.length };
}

/** The run's last line. Errors count as failures: a scenario that could not run proved nothing. */
export function summaryLine(s: Summary): string {
  const extra = (s.notProvable > 0 ? `, ${s.notProvable} not provable` : '') + (s.notEmulated > 0 ? `, ${s.notEmulated} not emulated` : '') + (s.notApplicable > 0 ? `, ${s.notApplicable} not applicable` : '');
  return `${s.passed} passed, ${s.failed + s.errors} failed${extra}`;
}

/**
 * What AWS answered where the hand-off stopped. A pipeline action's failure has no HTTP status: CodePipeline reports
 * the action's status (Failed) and its errorDetails code (JobFailed), as GetPipelineState and the console show them.
 */
export function awsSaid(r: ScenarioResult): string | undefined {
  const e = r.error;
  if (!e) return undefined;
  if (e.status === undefined) return `CodePipeline said: action Failed (${e.code}) at step ${r.stoppedAt}: ${e.message}`;
  return `AWS said: ${e.code} (HTTP ${e.status}) at step ${r.stoppedAt}: ${e.message}`;
}
