/**
 * Finds and loads scenario files: `*.scenario.ts` (or .mts/.cts/.js/.mjs/.cjs) under the given files, folders or globs, each
 * default-exporting a scenario or a list of them. A file that does not load or does not describe a scenario is
 * an error naming the file and the problem.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { importUserModule, UserModuleError } from '../cli/typescript.js';
import { runnablePath } from '../runtime.js';
import type { LoadedScenario } from './runner.js';
import type { Scenario } from './scenario.js';

export const BUNDLED_SCENARIOS = runnablePath('scenarios');
/** The naming rule a folder's scenario files follow; "no scenarios found" quotes it. */
export const SCENARIO_FILES = '*.scenario.{ts,mts,cts,js,mjs,cjs}';
const PATTERN = `**/${SCENARIO_FILES}`;

export class ScenarioLoadError extends Error {}

export async function findScenarioFiles(inputs: string[], cwd = process.cwd()): Promise<string[]> {
  const targets = inputs.length > 0 ? inputs : [BUNDLED_SCENARIOS];
  const files = new Set<string>();
  for (const input of targets) {
    const abs = isAbsolute(input) ? input : resolve(cwd, input);
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      for (const f of await glob(PATTERN, { cwd: abs, absolute: true, ignore: ['**/node_modules/**'] })) files.add(f);
    } else if (existsSync(abs)) {
      files.add(abs);
    } else {
      const matched = await glob(input, { cwd, absolute: true, ignore: ['**/node_modules/**'] });
      if (matched.length === 0) throw new ScenarioLoadError(`no scenario files match "${input}"`);
      for (const f of matched) files.add(f);
    }
  }
  return [...files].sort();
}

function check(s: unknown, file: string, index: number): Scenario {
  const where = `${file}${index > 0 ? ` (scenario #${index + 1})` : ''}`;
  const sc = s as Partial<Scenario> | undefined;
  if (!sc || typeof sc !== 'object') throw new ScenarioLoadError(`${where}: the default export is not a scenario (use defineScenario({...}))`);
  for (const field of ['name', 'title'] as const) {
    if (typeof sc[field] !== 'string' || sc[field] === '') throw new ScenarioLoadError(`${where}: "${field}" must be a non-empty string`);
  }
  if (!sc.source || typeof sc.source.title !== 'string') throw new ScenarioLoadError(`${where}: "source" must name the document the case comes from ({ title, seed?, url? })`);
  if (!Array.isArray(sc.steps) || sc.steps.length === 0) throw new ScenarioLoadError(`${where}: "steps" must be a non-empty list of steps`);
  const ids = new Set(sc.steps.map((st) => st?.id));
  if (!sc.expect || (sc.expect.outcome !== 'success' && sc.expect.outcome !== 'denied')) {
    throw new ScenarioLoadError(`${where}: "expect" must be { outcome: 'success' } or { outcome: 'denied', step, code, status, message }`);
  }
  if (sc.expect.outcome === 'denied') {
    if (!ids.has(sc.expect.step) && sc.expect.step !== 'apply') {
      throw new ScenarioLoadError(`${where}: expect.step "${sc.expect.step}" is not "apply" or one of the steps (${[...ids].join(', ')})`);
    }
    if (typeof sc.expect.code !== 'string' || !('status' in sc.expect) || (typeof sc.expect.status !== 'number' && sc.expect.status !== undefined) || sc.expect.message === undefined) {
      throw new ScenarioLoadError(`${where}: a denial expectation needs code (string), status (number, or undefined for a pipeline action's failure) and message`);
    }
  }
  return sc as Scenario;
}

export async function loadScenarios(files: string[], cwd = process.cwd()): Promise<LoadedScenario[]> {
  const loaded: LoadedScenario[] = [];
  const names = new Map<string, string>();
  for (const file of files) {
    let exported: unknown;
    try {
      exported = await importUserModule(file, cwd);
    } catch (e) {
      if (e instanceof UserModuleError) throw new ScenarioLoadError(e.message);
      throw e;
    }
    const list = Array.isArray(exported) ? exported : [exported];
    list.forEach((s, i) => {
      const scenario = check(s, relative(cwd, file) || file, i);
      const seen = names.get(scenario.name);
      if (seen) throw new ScenarioLoadError(`scenario name "${scenario.name}" is used twice: ${seen} and ${file}`);
      names.set(scenario.name, file);
      loaded.push({ scenario, file: relative(cwd, file) || file });
    });
  }
  return loaded;
}
