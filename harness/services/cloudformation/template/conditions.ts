/**
 * The Conditions section: each condition evaluated once per stack, from parameters, pseudo parameters,
 * mappings and other conditions (never resources).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
 *
 * Deviation: the wording of the circular-condition error is not recorded from AWS.
 */
import { ValidationError } from '../errors.js';
import { evaluate, type EvalContext } from './intrinsics.js';
import type { Template } from './types.js';

type BaseContext = Omit<EvalContext, 'condition' | 'block'>;

/** Evaluates every condition; returns name → boolean in template order. */
export function evaluateConditions(template: Template, base: BaseContext): Record<string, boolean> {
  const values = new Map<string, boolean>();
  const inProgress: string[] = [];
  const condition = (name: string): boolean => {
    const known = values.get(name);
    if (known !== undefined) return known;
    if (!Object.hasOwn(template.Conditions, name)) throw ValidationError(`Template error: unresolved condition dependency ${name} in Fn::If`);
    if (inProgress.includes(name)) {
      throw ValidationError(`Template error: Found circular condition dependency: [${[...inProgress.slice(inProgress.indexOf(name)), name].join(', ')}]`);
    }
    inProgress.push(name);
    const v = evaluate(template.Conditions[name]!, { ...base, condition, block: 'Conditions' });
    inProgress.pop();
    if (typeof v !== 'boolean') {
      throw ValidationError(`Template format error: Conditions can only be boolean operations on parameters and other conditions`);
    }
    values.set(name, v);
    return v;
  };
  const out: Record<string, boolean> = {};
  for (const name of Object.keys(template.Conditions)) out[name] = condition(name);
  return out;
}
