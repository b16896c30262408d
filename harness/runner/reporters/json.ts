/** Machine-readable report: every scenario with its step, AWS's error code, status and message, and the fix. */
import type { ScenarioResult } from '../scenario.js';
import { summarize } from './summary.js';

export function renderJson(results: ScenarioResult[]): string {
  return JSON.stringify({ summary: summarize(results), scenarios: results }, null, 2);
}
