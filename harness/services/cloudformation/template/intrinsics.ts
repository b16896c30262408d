/**
 * Evaluation of intrinsic functions and condition functions, as CloudFormation resolves them when it builds
 * a resource's properties or an output: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split,
 * Fn::FindInMap, Fn::GetAZs, Fn::Base64, Fn::Cidr, Fn::ImportValue, Fn::If, Fn::Equals/And/Or/Not, Condition,
 * and the removal of AWS::NoValue.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 *
 * Deviations: Fn::GetAZs returns `<region>a`, `<region>b`, `<region>c` for every region; Fn::Transform
 * (macros) and the Rules-only functions (Fn::Contains, Fn::EachMemberEquals, Fn::ValueOf ...) are refused.
 */
import { getAttTarget } from './dependencies.js';
import { ValidationError } from '../errors.js';
import { NO_VALUE, PSEUDO_PARAMETER_NAMES, pseudoValue } from './pseudo.js';
import type { PseudoParameters, Template, TemplateValue } from './types.js';
import { asIntrinsic, isObject } from './walk.js';

/** Marker for a value removed by `Ref: AWS::NoValue`. */
export const REMOVED: unique symbol = Symbol('AWS::NoValue');
export type Evaluated = TemplateValue | typeof REMOVED;

export interface EvalContext {
  template: Template;
  parameters: ReadonlyMap<string, string | string[]>;
  pseudo: PseudoParameters;
  /** Condition name → value; evaluated lazily when a Condition/Fn::If names one. */
  condition(name: string): boolean;
  /** Resources that exist in this stack (their Condition is true). */
  resources: ReadonlySet<string>;
  /** Physical id of a created resource (what Ref returns). */
  ref?(logicalId: string): string;
  getAtt?(logicalId: string, attribute: string): TemplateValue;
  importValue?(name: string): string | undefined;
  /** Template block being evaluated, for CloudFormation's "in the <block> block" wording. */
  block: 'Resources' | 'Outputs' | 'Conditions';
}

/** Resolves every intrinsic in `value`; properties and list items that resolve to AWS::NoValue are dropped. */
export function evaluate(value: TemplateValue, ctx: EvalContext): Evaluated {
  const fn = asIntrinsic(value);
  if (fn) return evaluateFunction(fn.name, fn.arg, ctx);
  if (Array.isArray(value)) {
    return value.map((item) => evaluate(item, ctx)).filter((item): item is TemplateValue => item !== REMOVED);
  }
  if (isObject(value)) {
    // Defined, not assigned: a property named `__proto__` stays an ordinary property of the result.
    const out: Array<[string, TemplateValue]> = [];
    for (const [key, child] of Object.entries(value)) {
      const v = evaluate(child, ctx);
      if (v !== REMOVED) out.push([key, v]);
    }
    return Object.fromEntries(out);
  }
  return value;
}

function present(v: Evaluated): TemplateValue {
  return v === REMOVED ? '' : v;
}

function asString(v: Evaluated, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw ValidationError(`Template error: ${what} must resolve to a string`);
}

function asList(v: Evaluated): TemplateValue[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function evaluateFunction(name: string, arg: TemplateValue, ctx: EvalContext): Evaluated {
  switch (name) {
    case 'Ref': return ref(arg, ctx);
    case 'Fn::GetAtt': return getAtt(arg, ctx);
    case 'Fn::Sub': return sub(arg, ctx);
    case 'Fn::Join': return join(arg, ctx);
    case 'Fn::Select': return select(arg, ctx);
    case 'Fn::Split': return split(arg, ctx);
    case 'Fn::FindInMap': return findInMap(arg, ctx);
    case 'Fn::GetAZs': return getAZs(arg, ctx);
    case 'Fn::Base64': return Buffer.from(asString(evaluate(arg, ctx), 'Fn::Base64'), 'utf8').toString('base64');
    case 'Fn::Cidr': return cidr(arg, ctx);
    case 'Fn::ImportValue': return importValue(arg, ctx);
    case 'Fn::If': return fnIf(arg, ctx);
    case 'Fn::Equals': return equals(arg, ctx);
    case 'Fn::And': return andOr(arg, ctx, 'Fn::And');
    case 'Fn::Or': return andOr(arg, ctx, 'Fn::Or');
    case 'Fn::Not': return not(arg, ctx);
    case 'Condition': return ctx.condition(asString(arg, 'Condition'));
    case 'Fn::Transform':
      throw ValidationError('Template format error: Fn::Transform (CloudFormation macros) is not supported by xacct');
    default:
      throw ValidationError(`Template error: ${name} is not supported by xacct outside the Rules section`);
  }
}

function unresolved(name: string, ctx: EvalContext): never {
  if (ctx.block === 'Conditions') {
    throw ValidationError(
      `Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`,
    );
  }
  throw ValidationError(`Template format error: Unresolved resource dependencies [${name}] in the ${ctx.block} block of the template`);
}

/** Value of a name in Ref / Fn::Sub: parameter, pseudo parameter or created resource. */
function lookup(name: string, ctx: EvalContext): Evaluated {
  if (name === NO_VALUE) return REMOVED;
  const param = ctx.parameters.get(name);
  if (param !== undefined) return param;
  if (PSEUDO_PARAMETER_NAMES.has(name)) return pseudoValue(name, ctx.pseudo)!;
  if (ctx.block !== 'Conditions' && ctx.resources.has(name) && ctx.ref) return ctx.ref(name);
  return unresolved(name, ctx);
}

function ref(arg: TemplateValue, ctx: EvalContext): Evaluated {
  if (typeof arg !== 'string') throw ValidationError('Template format error: Every Ref object must have a single String value.');
  return lookup(arg, ctx);
}

function getAtt(arg: TemplateValue, ctx: EvalContext): Evaluated {
  const target = getAttTarget(arg);
  if (!target) {
    throw ValidationError(
      'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    );
  }
  const attribute = asString(evaluate(target.attribute, ctx), 'Fn::GetAtt attribute');
  return attributeOf(target.resource, attribute, ctx);
}

function attributeOf(resource: string, attribute: string, ctx: EvalContext): TemplateValue {
  if (ctx.block === 'Conditions') unresolved(resource, ctx);
  if (!ctx.resources.has(resource) || !ctx.getAtt) {
    throw ValidationError(`Template error: instance of Fn::GetAtt references undefined resource ${resource}`);
  }
  return ctx.getAtt(resource, attribute);
}

const SUB_VARIABLE = /^[A-Za-z0-9_.:]+$/;

function sub(arg: TemplateValue, ctx: EvalContext): Evaluated {
  const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  if (typeof text !== 'string' || (Array.isArray(arg) && (arg.length !== 2 || !isObject(vars)))) {
    throw ValidationError(
      'Template error: One or more Fn::Sub intrinsic functions don\'t specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string',
    );
  }
  const local = new Map<string, Evaluated>();
  if (isObject(vars)) for (const [k, v] of Object.entries(vars)) local.set(k, evaluate(v, ctx));
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (!SUB_VARIABLE.test(name)) {
      throw ValidationError(
        'Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons',
      );
    }
    let v: Evaluated;
    if (local.has(name)) v = local.get(name)!;
    else if (name.includes('.') && !ctx.parameters.has(name)) {
      const dot = name.indexOf('.');
      v = attributeOf(name.slice(0, dot), name.slice(dot + 1), ctx);
    } else v = lookup(name, ctx);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw ValidationError(`Template error: variable ${name} in Fn::Sub expression does not resolve to a string`);
  });
}

/** CloudFormation's words for an Fn::Join whose arguments are not a delimiter and a list (also template/list-arguments.ts). */
export const JOIN_SHAPE =
  'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.';

function join(arg: TemplateValue, ctx: EvalContext): Evaluated {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') throw ValidationError(JOIN_SHAPE);
  const list = asList(evaluate(arg[1]!, ctx));
  if (!list) throw ValidationError(JOIN_SHAPE);
  return list.map((item) => {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw ValidationError(JOIN_SHAPE);
  }).join(arg[0]);
}

function select(arg: TemplateValue, ctx: EvalContext): Evaluated {
  const shape = 'Template error: every Fn::Select object requires two parameters, (1) an index into the list of values and (2) a list of values';
  if (!Array.isArray(arg) || arg.length !== 2) throw ValidationError(shape);
  const index = Number(asString(evaluate(arg[0]!, ctx), 'Fn::Select index'));
  const list = asList(evaluate(arg[1]!, ctx));
  if (!list || !Number.isInteger(index)) throw ValidationError(shape);
  if (index < 0 || index >= list.length) throw ValidationError(`Template error: Fn::Select cannot select nonexistent value at index ${index}`);
  return list[index]!;
}

/** CloudFormation's words for an Fn::Split whose arguments are not a delimiter and a string (also template/list-arguments.ts). */
export const SPLIT_SHAPE =
  'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.';

function split(arg: TemplateValue, ctx: EvalContext): Evaluated {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') throw ValidationError(SPLIT_SHAPE);
  return asString(evaluate(arg[1]!, ctx), 'Fn::Split source').split(arg[0]);
}

function findInMap(arg: TemplateValue, ctx: EvalContext): Evaluated {
  if (!Array.isArray(arg) || arg.length < 3) {
    throw ValidationError('Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value');
  }
  const [mapName, topKey, secondKey] = arg.slice(0, 3).map((a, i) => asString(evaluate(a, ctx), `Fn::FindInMap argument ${i + 1}`));
  const mapping = Object.hasOwn(ctx.template.Mappings, mapName!) ? ctx.template.Mappings[mapName!] : undefined;
  if (!mapping) throw ValidationError(`Template error: Mapping named '${mapName}' is not present in the 'Mappings' section of template.`);
  const top = Object.hasOwn(mapping, topKey!) ? mapping[topKey!] : undefined;
  const value = top && Object.hasOwn(top, secondKey!) ? top[secondKey!] : undefined;
  if (value === undefined) throw ValidationError(`Template error: Unable to get mapping for ${mapName}::${topKey}::${secondKey}`);
  return value;
}

function getAZs(arg: TemplateValue, ctx: EvalContext): Evaluated {
  const region = asString(evaluate(arg, ctx), 'Fn::GetAZs') || ctx.pseudo.region;
  return [`${region}a`, `${region}b`, `${region}c`];
}

function cidr(arg: TemplateValue, ctx: EvalContext): Evaluated {
  const shape = 'Template error: every Fn::Cidr object requires three parameters, (1) an IP block, (2) a count of subnets and (3) the subnet size in bits';
  if (!Array.isArray(arg) || arg.length !== 3) throw ValidationError(shape);
  const block = asString(evaluate(arg[0]!, ctx), 'Fn::Cidr ipBlock');
  const count = Number(asString(evaluate(arg[1]!, ctx), 'Fn::Cidr count'));
  const bits = Number(asString(evaluate(arg[2]!, ctx), 'Fn::Cidr cidrBits'));
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block);
  if (!m || !Number.isInteger(count) || !Number.isInteger(bits) || count < 1 || count > 256 || bits < 0 || bits > 32) throw ValidationError(shape);
  const prefix = Number(m[5]);
  const subnetPrefix = 32 - bits;
  if (subnetPrefix < prefix || count > 2 ** (subnetPrefix - prefix)) throw ValidationError(shape);
  const base = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const network = prefix === 0 ? 0 : (base & ((~0 << (32 - prefix)) >>> 0)) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const addr = (network + i * 2 ** bits) >>> 0;
    out.push(`${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}/${subnetPrefix}`);
  }
  return out;
}

function importValue(arg: TemplateValue, ctx: EvalContext): Evaluated {
  const name = asString(evaluate(arg, ctx), 'Fn::ImportValue');
  const value = ctx.importValue?.(name);
  if (value === undefined) throw ValidationError(`No export named ${name} found`);
  return value;
}

function fnIf(arg: TemplateValue, ctx: EvalContext): Evaluated {
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
    throw ValidationError('Template error: Fn::If requires a list argument with three elements');
  }
  return evaluate(ctx.condition(arg[0]) ? arg[1]! : arg[2]!, ctx);
}

function equals(arg: TemplateValue, ctx: EvalContext): Evaluated {
  if (!Array.isArray(arg) || arg.length !== 2) throw ValidationError('Template error: Fn::Equals requires a list argument with two elements');
  const [a, b] = arg.map((x) => present(evaluate(x, ctx)));
  return JSON.stringify(normalise(a!)) === JSON.stringify(normalise(b!));
}

/** CloudFormation compares values as strings: `!Equals [!Ref Count, 1]` holds when Count is "1". */
function normalise(v: TemplateValue): TemplateValue {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(normalise);
  return v;
}

function booleanOf(v: Evaluated, fn: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw ValidationError(`Template error: every ${fn} member must be a condition function or a Condition reference`);
}

function andOr(arg: TemplateValue, ctx: EvalContext, fn: 'Fn::And' | 'Fn::Or'): Evaluated {
  if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) {
    throw ValidationError(`Template error: ${fn} requires a list argument with between 2 and 10 elements`);
  }
  const values = arg.map((item) => booleanOf(evaluate(item, ctx), fn));
  return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
}

function not(arg: TemplateValue, ctx: EvalContext): Evaluated {
  if (!Array.isArray(arg) || arg.length !== 1) throw ValidationError('Template error: Fn::Not requires a list argument with one element');
  return !booleanOf(evaluate(arg[0]!, ctx), 'Fn::Not');
}
