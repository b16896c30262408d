/**
 * The request context as policies see it: case-insensitive key names, every value a list.
 * Keys that follow from the principal or the request are derived when the caller did not supply them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * aws:SourceArn and aws:SourceAccount are the resource a service principal acts for (a service-to-service request
 * "on behalf of the resource", condition-keys.html#condition-keys-sourcearn), when the caller names one.
 * aws:PrincipalTag/<key> comes from the principal's session tags (id_session-tags.html). Deviation: the tags of the
 * IAM user or role itself are not among them yet.
 * An anonymous request carries aws:PrincipalType `Anonymous` and aws:userid `anonymous` and no other principal key
 * (the aws:PrincipalType and aws:userid tables of that page).
 * aws:CurrentTime and aws:EpochTime follow each other: given one, the other says the same instant. The emulator
 * passes both from its clock. Deviation: given neither (the engine used on its own), they are the wall clock at
 * evaluation; callers that need reproducible answers pass them.
 */
import type { AuthorizationRequest, PrincipalInfo } from './types.js';

export interface RequestContext {
  /** Values for a lower-cased key, or undefined when the key is absent. */
  get(key: string): readonly string[] | undefined;
}

const USER_ARN = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;

export function principalArnOf(p: PrincipalInfo): string | undefined {
  if (p.type === 'Service' || p.type === 'Anonymous') return undefined;
  if (p.type === 'AssumedRole') return p.roleArn ?? roleArnFromSession(p.arn);
  return p.arn;
}

/** arn:aws:sts::1:assumed-role/Name/session -> arn:aws:iam::1:role/Name (the session ARN carries no role path). */
export function roleArnFromSession(sessionArn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(sessionArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

export function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':', 6);
  const acct = parts[4];
  return acct && /^\d{12}$/.test(acct) ? acct : undefined;
}

const PRINCIPAL_TAG = 'aws:principaltag/';

function derive(req: AuthorizationRequest, key: string): string[] | undefined {
  const p = req.principal;
  if (key.startsWith(PRINCIPAL_TAG)) {
    const tagKey = key.slice(PRINCIPAL_TAG.length);
    const tag = p.sessionTags?.find((t) => t.Key.toLowerCase() === tagKey);
    return tag ? [tag.Value] : undefined;
  }
  switch (key) {
    case 'aws:principalarn': {
      const v = principalArnOf(p);
      return v ? [v] : undefined;
    }
    case 'aws:principalaccount':
      return p.account && p.type !== 'Anonymous' ? [p.account] : undefined;
    case 'aws:principaltype':
      return p.type === 'Service' ? undefined : [p.type];
    case 'aws:userid':
      if (p.type === 'Anonymous') return ['anonymous'];
      if (p.userId) return [p.userId];
      return p.type === 'Account' && p.account ? [p.account] : undefined;
    case 'aws:username': {
      if (p.type !== 'User') return undefined;
      if (p.username) return [p.username];
      const m = USER_ARN.exec(p.arn);
      return m?.[1] ? [m[1]] : undefined;
    }
    case 'aws:principalisawsservice':
      return p.type === 'Anonymous' ? undefined : [p.type === 'Service' ? 'true' : 'false'];
    case 'aws:principalservicename':
      return p.type === 'Service' ? [p.service ?? p.arn] : undefined;
    case 'aws:sourcearn':
      return p.type === 'Service' && p.source ? [p.source.arn] : undefined;
    case 'aws:sourceaccount':
      return p.type === 'Service' && p.source ? [p.source.account] : undefined;
    case 'aws:resourceaccount': {
      const acct = req.resourceAccount ?? accountOfArn(req.resource);
      return acct ? [acct] : undefined;
    }
    case 'aws:currenttime':
      return [requestTime(req).toISOString()];
    case 'aws:epochtime':
      return [String(Math.floor(requestTime(req).getTime() / 1000))];
    default:
      return undefined;
  }
}

/** The time the caller gave as either key (the emulator gives both, from its clock), else the wall clock. */
function requestTime(req: AuthorizationRequest): Date {
  for (const [k, v] of Object.entries(req.context ?? {})) {
    const given = Array.isArray(v) ? v[0] : v;
    if (given === undefined) continue;
    const key = k.toLowerCase();
    const d = key === 'aws:currenttime' ? new Date(given) : key === 'aws:epochtime' ? new Date(Number(given) * 1000) : undefined;
    if (d && !Number.isNaN(d.getTime())) return d;
  }
  return new Date();
}

export function buildContext(req: AuthorizationRequest): RequestContext {
  const given = new Map<string, readonly string[]>();
  if (req.context) {
    for (const k of Object.keys(req.context)) {
      const v = req.context[k];
      if (v === undefined) continue;
      given.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
    }
  }
  const derived = new Map<string, readonly string[] | undefined>();
  return {
    get(key) {
      const v = given.get(key);
      if (v !== undefined) return v;
      if (derived.has(key)) return derived.get(key);
      const d = derive(req, key);
      derived.set(key, d);
      return d;
    },
  };
}
