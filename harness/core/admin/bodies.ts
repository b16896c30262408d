/**
 * The JSON bodies xacct's admin endpoints take (xacct's own, not AWS), read field by field: a body that is not
 * what an endpoint takes is a 400 naming the field, never a 500, and nothing from it is trusted beyond the fields
 * read (objects are rebuilt, so no inherited or unknown property reaches the engine or the world).
 */
import type { ContextValue, NamedPolicy, PrincipalInfo } from '../../iam/types.js';
import type { Principal } from '../../world/principal.js';
import type { AccountSpec } from '../../world/world.js';

/** A body that is not what the endpoint takes; the message says which field and what was expected. */
export class BadBody extends Error {}

/** The largest admin request body read (the biggest, a decide with session policies, is a few kilobytes). */
export const MAX_ADMIN_BODY = 1024 * 1024;

const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body's own fields, refusing a body that is not an object or names a field the endpoint does not take. */
function fields(v: unknown, where: string, known: readonly string[]): Map<string, unknown> {
  if (!isObject(v)) throw new BadBody(`${where} must be a JSON object`);
  const out = new Map<string, unknown>();
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) throw new BadBody(`${where} has an unknown field "${key}" (expected ${known.map((k) => `"${k}"`).join(', ')})`);
    out.set(key, v[key]);
  }
  return out;
}

function str(v: unknown, where: string, optional: true): string | undefined;
function str(v: unknown, where: string, optional?: false): string;
function str(v: unknown, where: string, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') throw new BadBody(`${where} must be a non-empty string`);
  return v;
}

export function parseBody(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BadBody(`the body is not JSON: ${(e as Error).message}`);
  }
}

export type ResetBody = { snapshot: string } | { accounts?: AccountSpec[] };

export function resetBody(v: unknown): ResetBody {
  if (v === undefined) return {};
  const f = fields(v, 'the body', ['accounts', 'snapshot']);
  const snapshot = f.get('snapshot');
  if (snapshot !== undefined) {
    if (typeof snapshot !== 'string') throw new BadBody('"snapshot" must be the id POST /_xacct/snapshot returned');
    if (f.get('accounts') !== undefined) throw new BadBody('give "accounts" or "snapshot", not both: a snapshot has its own accounts');
    return { snapshot };
  }
  const accounts = f.get('accounts');
  if (accounts === undefined) return {};
  if (!Array.isArray(accounts) || accounts.length === 0) throw new BadBody('"accounts" must be a non-empty list of {name, id}');
  return {
    accounts: accounts.map((a: unknown) => {
      const spec = isObject(a) ? fields(a, 'each account', ['name', 'id']) : undefined;
      const name = spec?.get('name');
      const id = spec?.get('id');
      if (typeof name !== 'string' || name === '' || typeof id !== 'string') throw new BadBody('each account must be {"name": string, "id": "<12 digits>"}');
      return { name, id };
    }),
  };
}

export interface AssumeAsServiceBody {
  roleArn: string;
  service: string;
  sessionName?: string;
}

const ASSUME_USAGE = 'expected {"roleArn": string, "service": "<name>.amazonaws.com", "sessionName"?: string}';

export function assumeAsServiceBody(v: unknown): AssumeAsServiceBody {
  let f: Map<string, unknown>;
  try {
    f = fields(v, 'the body', ['roleArn', 'service', 'sessionName']);
  } catch (e) {
    throw new BadBody(`${(e as Error).message}: ${ASSUME_USAGE}`);
  }
  const roleArn = f.get('roleArn');
  const service = f.get('service');
  const sessionName = f.get('sessionName');
  if (typeof roleArn !== 'string' || typeof service !== 'string') throw new BadBody(ASSUME_USAGE);
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(service)) throw new BadBody(`"${service}" is not a service principal such as codepipeline.amazonaws.com`);
  if (sessionName !== undefined && typeof sessionName !== 'string') throw new BadBody(`"sessionName" must be a string: ${ASSUME_USAGE}`);
  return { roleArn, service, sessionName };
}

const PRINCIPAL_TYPES: readonly PrincipalInfo['type'][] = ['Account', 'User', 'AssumedRole', 'FederatedUser', 'Service', 'Anonymous'];
const PRINCIPAL_STRINGS = ['arn', 'account', 'roleArn', 'userId', 'username', 'service', 'roleName', 'sessionName', 'sourceIdentity'] as const;

function principal(v: unknown): Principal {
  const f = fields(v, '"principal"', [...PRINCIPAL_STRINGS, 'type', 'sessionPolicies']);
  const type = f.get('type');
  if (typeof type !== 'string' || !(PRINCIPAL_TYPES as readonly string[]).includes(type)) throw new BadBody(`"principal.type" must be one of ${PRINCIPAL_TYPES.join(', ')}`);
  const out: Principal = { arn: str(f.get('arn'), '"principal.arn"'), type: type as PrincipalInfo['type'] };
  for (const name of PRINCIPAL_STRINGS) {
    if (name === 'arn') continue;
    const value = str(f.get(name), `"principal.${name}"`, true);
    if (value !== undefined) out[name] = value;
  }
  if (out.account !== undefined && !/^\d{12}$/.test(out.account)) throw new BadBody('"principal.account" must be a 12-digit account id');
  const policies = f.get('sessionPolicies');
  if (policies !== undefined) {
    if (!Array.isArray(policies)) throw new BadBody('"principal.sessionPolicies" must be a list of {"name": string, "document": string or object}');
    out.sessionPolicies = policies.map((p: unknown, i): NamedPolicy => {
      const pf = fields(p, `"principal.sessionPolicies[${i}]"`, ['name', 'document']);
      const document = pf.get('document');
      if (typeof document !== 'string' && !isObject(document)) throw new BadBody(`"principal.sessionPolicies[${i}].document" must be a policy document (string or object)`);
      return { name: str(pf.get('name'), `"principal.sessionPolicies[${i}].name"`), document };
    });
  }
  return out;
}

function context(v: unknown): Record<string, ContextValue> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new BadBody('"check.context" must be an object of condition keys to a string or a list of strings');
  const out: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>;
  for (const [key, value] of Object.entries(v)) {
    if (FORBIDDEN_NAMES.has(key)) throw new BadBody(`"check.context" cannot name the key "${key}"`);
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && value.every((x) => typeof x === 'string')) out[key] = [...(value as string[])];
    else throw new BadBody(`"check.context.${key}" must be a string or a list of strings`);
  }
  return out;
}

export interface DecideBody {
  principal: Principal;
  check: { action: string; resource: string; context?: Record<string, ContextValue>; trustOf?: string };
  service: string;
}

export function decideBody(v: unknown, services: readonly string[]): DecideBody {
  const f = fields(v, 'the body', ['principal', 'check', 'service']);
  const p = principal(f.get('principal'));
  const c = fields(f.get('check'), '"check"', ['action', 'resource', 'context', 'trustOf']);
  const action = str(c.get('action'), '"check.action"');
  if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) throw new BadBody(`"check.action" must be an action such as iam:PassRole, got "${action}"`);
  const service = f.get('service');
  if (typeof service !== 'string' || !services.includes(service)) throw new BadBody(`"service" must be one of ${services.map((s) => `"${s}"`).join(', ')}: the service whose words the denial takes`);
  return {
    principal: p,
    check: { action, resource: str(c.get('resource'), '"check.resource"'), context: context(c.get('context')), trustOf: str(c.get('trustOf'), '"check.trustOf"', true) },
    service,
  };
}
