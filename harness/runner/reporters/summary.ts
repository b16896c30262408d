/** Counts shared by every reporter: "N passed, M failed" (+ not provable, errors). */
import type { ScenarioResult } from '../scenario.js';

export interface Summary {
  passed: number;
  failed: number;
  notProvable: number;
  errors: number;
  total: number;
}

export function summarize(results: ScenarioResult[]): Summary {
  const count = (s: ScenarioResult['status']) => results.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), notProvable: count('not-provable'), errors: count('error'), total: results.length };
}

/** The run's last line. Errors count as failures: a scenario that could not run proved nothing. */
export function summaryLine(s: Summary): string {
  const extra = s.notProvable > 0 ? `, ${s.notProvable} not provable` : '';
  return `${s.passed} passed, ${s.failed + s.errors} failed${extra}`;
}
