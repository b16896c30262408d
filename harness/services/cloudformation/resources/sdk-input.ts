/**
 * A service's input built from resolved template properties, typed as the SDK's `XCommandInput` says: CloudFormation
 * converts each scalar property value to the type the resource's schema declares before it calls the service, so an
 * unquoted YAML `Version: 1` reaches CodePipeline as "1", a RunOrder given through a String parameter as 2, and
 * `PollForSourceChanges: false` in a map of strings as "false".
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-type-schemas.html (property types)
 * The types come from the SDK's model of the operation (the same plans harness/protocols/coerce.ts reads, through
 * @smithy/core's NormalizedSchema), never from a list of property names; the result is then coerced as the JSON
 * protocol coerces a request, so members the model does not declare are dropped and a value that cannot be
 * converted (an object where a string is due) is refused as the service refuses it.
 * Known deviation: numbers are read as decimals only ("1e3" stays text), as the SDK's schemas do not say which
 * numbers are integers.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { coerceInput } from '../../../protocols/coerce.js';
import { jsonTypeError } from '../../../protocols/coerce-errors.js';
import { inputSchemaOf, planOf, type Plan, type SchemaRef } from '../../../protocols/coerce-plan.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `value` with each scalar converted to the type its place in `plan` declares, where the conversion is lossless. */
function typed(plan: Plan, value: unknown): unknown {
  switch (plan.kind) {
    case 'structure': {
      if (!isRecord(value)) return value;
      const members = plan.byName();
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Object.hasOwn(members, k) ? typed(members[k]!.plan, v) : v]));
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => typed(plan.item, v)) : value;
    case 'map':
      return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typed(plan.value, v)])) : value;
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'number':
      return typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/** The input of `operation` (its SDK schema, `CreatePipeline$`) from template-shaped values, as `T` (`XCommandInput`). */
export function sdkInput<T>(operation: SchemaRef, value: Record<string, unknown>): T {
  const schema: NormalizedSchema = inputSchemaOf(operation);
  return coerceInput<T>(schema, typed(planOf(schema), value), { wire: 'json', typeError: jsonTypeError });
}
