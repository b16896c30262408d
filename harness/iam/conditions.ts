/**
 * The Condition element: every operator, the ...IfExists forms, ForAnyValue/ForAllValues, AND across operators
 * and keys, OR across a key's values; negated operators match an absent key.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * An unknown operator never matches (validation rejects it first). A single-valued operator applied to a
 * multivalued key matches when any value matches (negated: when none does). On an absent key, ForAllValues is
 * true, ForAnyValue false, with or without ...IfExists (the set operator decides, as the multivalued-keys page says).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { compileArnGlob, compileGlob, type Matcher } from './glob.js';
import type { RequestContext } from './context.js';
import { compileTemplate, resolveGlob, resolveParts, resolveString, type Template } from './variables.js';

type Base = 'string' | 'stringIC' | 'stringLike' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
type Cmp = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

interface OpDef {
  base: Base;
  negated: boolean;
  cmp: Cmp;
}

const OPS: Record<string, OpDef> = {};
function def(name: string, base: Base, negated = false, cmp: Cmp = 'eq'): void {
  OPS[name.toLowerCase()] = { base, negated, cmp };
}
def('StringEquals', 'string');
def('StringNotEquals', 'string', true);
def('StringEqualsIgnoreCase', 'stringIC');
def('StringNotEqualsIgnoreCase', 'stringIC', true);
def('StringLike', 'stringLike');
def('StringNotLike', 'stringLike', true);
for (const [kind, base] of [['Numeric', 'numeric'], ['Date', 'date']] as const) {
  def(`${kind}Equals`, base);
  def(`${kind}NotEquals`, base, true);
  def(`${kind}LessThan`, base, false, 'lt');
  def(`${kind}LessThanEquals`, base, false, 'le');
  def(`${kind}GreaterThan`, base, false, 'gt');
  def(`${kind}GreaterThanEquals`, base, false, 'ge');
}
def('Bool', 'bool');
def('BinaryEquals', 'binary');
def('IpAddress', 'ip');
def('NotIpAddress', 'ip', true);
def('ArnEquals', 'arn');
def('ArnLike', 'arn');
def('ArnNotEquals', 'arn', true);
def('ArnNotLike', 'arn', true);
def('Null', 'null');

export interface ParsedOperator {
  op: OpDef;
  set: 'any' | 'all' | undefined;
  ifExists: boolean;
}

/** Parses `ForAnyValue:StringLikeIfExists` and the like; undefined for an unknown operator. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ParsedOperator['set'];
  const lower = rest.toLowerCase();
  if (lower.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice(12);
  } else if (lower.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice(13);
  }
  let ifExists = false;
  let key = rest.toLowerCase();
  if (key.endsWith('ifexists')) {
    ifExists = true;
    key = key.slice(0, -8);
  }
  const op = Object.hasOwn(OPS, key) ? OPS[key] : undefined;
  if (!op || (op.base === 'null' && (ifExists || set))) return undefined;
  return { op, set, ifExists };
}

interface PreparedValue {
  template: Template;
  num?: number;
  ip?: BlockList;
  /** Precompiled matcher when a StringLike/Arn value holds no variables. */
  fixed?: Matcher;
}

export interface CompiledCondition {
  operator: string;
  key: string;
  parsed?: ParsedOperator;
  values: PreparedValue[];
}

function parseDate(s: string): number {
  if (EPOCH.test(s)) return Number(s) * 1000;
  return Date.parse(s);
}

const EPOCH = /^-?\d+(\.\d+)?$/;
/** W3C's profile of ISO 8601 (https://www.w3.org/TR/NOTE-datetime), the zone designator optional. */
const W3C_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))?)?)?)?$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PREFIX = /^\d{1,3}$/;

/** Date operators take a W3C ISO 8601 date/time or epoch seconds (condition operator reference, "Date condition operators"). */
export function isConditionDate(s: string): boolean {
  if (EPOCH.test(s)) return true;
  const m = W3C_DATE.exec(s);
  if (!m) return false;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', sec = '0', zh = '0', zm = '0'] = m;
  const daysInMonth = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  const within = (v: string, lo: number, hi: number): boolean => Number(v) >= lo && Number(v) <= hi;
  return within(mo, 1, 12) && within(d, 1, daysInMonth) && within(h, 0, 23) && within(mi, 0, 59) && within(sec, 0, 59) && within(zh, 0, 23) && within(zm, 0, 59);
}

export function isConditionNumber(s: string): boolean {
  return DECIMAL.test(s) && Number.isFinite(Number(s));
}

/** An IPv4/IPv6 address or CIDR block as IpAddress/NotIpAddress take it. */
function cidrList(value: string): BlockList | undefined {
  const parts = value.trim().split('/');
  const addr = parts[0];
  const bits = parts[1];
  if (!addr || parts.length > 2 || (bits !== undefined && !PREFIX.test(bits))) return undefined;
  const type = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : undefined;
  if (!type) return undefined;
  const prefix = bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits);
  if (prefix > (type === 'ipv4' ? 32 : 128)) return undefined;
  const list = new BlockList();
  list.addSubnet(addr, prefix, type);
  return list;
}

export function isConditionIp(s: string): boolean {
  return cidrList(s) !== undefined;
}

function toStringValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function compileCondition(operator: string, key: string, raw: unknown, substitute: boolean): CompiledCondition {
  const parsed = parseOperator(operator);
  const list = Array.isArray(raw) ? raw : [raw];
  const vars = substitute && parsed !== undefined && (parsed.op.base.startsWith('string') || parsed.op.base === 'arn');
  const values = list.map((v): PreparedValue => {
    const s = toStringValue(v);
    const pv: PreparedValue = { template: compileTemplate(s, vars) };
    if (!parsed) return pv;
    if (parsed.op.base === 'numeric') pv.num = s.trim() === '' ? NaN : Number(s);
    else if (parsed.op.base === 'date') pv.num = parseDate(s);
    else if (parsed.op.base === 'ip') pv.ip = cidrList(s);
    else if (parsed.op.base === 'arn' && !pv.template.parts) pv.fixed = compileArnGlob([{ text: s, literal: false }]);
    else if (parsed.op.base === 'stringLike' && !pv.template.parts) pv.fixed = compileGlob(s, false);
    return pv;
  });
  return { operator, key: key.toLowerCase(), parsed, values };
}

function compare(cmp: Cmp, a: number, b: number): boolean {
  switch (cmp) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

/** Does a single context value satisfy the (un-negated) operator against any policy value? */
function positiveAny(c: CompiledCondition, op: OpDef, value: string, ctx: RequestContext): boolean {
  switch (op.base) {
    case 'string':
      for (const pv of c.values) if (resolveString(pv.template, ctx) === value) return true;
      return false;
    case 'stringIC': {
      const lower = value.toLowerCase();
      for (const pv of c.values) if (resolveString(pv.template, ctx)?.toLowerCase() === lower) return true;
      return false;
    }
    case 'stringLike':
      for (const pv of c.values) if ((pv.fixed ?? resolveGlob(pv.template, ctx, false))?.(value)) return true;
      return false;
    case 'arn': {
      for (const pv of c.values) {
        let m = pv.fixed;
        if (!m) {
          const parts = resolveParts(pv.template, ctx);
          if (parts === undefined) continue;
          m = compileArnGlob(parts);
        }
        if (m(value)) return true;
      }
      return false;
    }
    case 'numeric':
    case 'date': {
      const n = op.base === 'numeric' ? (value.trim() === '' ? NaN : Number(value)) : parseDate(value);
      if (Number.isNaN(n)) return false;
      for (const pv of c.values) if (pv.num !== undefined && !Number.isNaN(pv.num) && compare(op.cmp, n, pv.num)) return true;
      return false;
    }
    case 'bool': {
      const lower = value.toLowerCase();
      for (const pv of c.values) if (pv.template.raw.toLowerCase() === lower) return true;
      return false;
    }
    case 'binary':
      for (const pv of c.values) if (pv.template.raw === value) return true;
      return false;
    case 'ip': {
      const type = isIPv4(value) ? 'ipv4' : isIPv6(value) ? 'ipv6' : undefined;
      if (!type) return false;
      for (const pv of c.values) if (pv.ip?.check(value, type)) return true;
      return false;
    }
    case 'null':
      return false;
  }
}

export function conditionMatches(c: CompiledCondition, ctx: RequestContext): boolean {
  const parsed = c.parsed;
  if (!parsed) return false;
  const { op, set, ifExists } = parsed;
  const values = ctx.get(c.key);
  const absent = values === undefined || values.length === 0;
  if (op.base === 'null') {
    return c.values.some((pv) => {
      const want = pv.template.raw.toLowerCase();
      return want === 'true' ? absent : want === 'false' ? !absent : false;
    });
  }
  if (absent) {
    // ForAnyValue wins over ...IfExists (reference_policies_condition-single-vs-multi-valued-context-keys.html,
    // ForAnyValue: "For no matching key or a null dataset, the condition returns false"); an AWS user saw the
    // same: https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w (ForAnyValue:StringEqualsIfExists, no aws:TagKeys).
    if (set === 'any') return false;
    if (ifExists || set === 'all') return true;
    return op.negated;
  }
  const single = (v: string): boolean => (op.negated ? !positiveAny(c, op, v, ctx) : positiveAny(c, op, v, ctx));
  if (set === 'all' || (set === undefined && op.negated)) return values.every(single);
  return values.some(single);
}
