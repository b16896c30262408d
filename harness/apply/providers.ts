/**
 * Maps each `provider "aws"` configuration (default or alias) to the account and region its resources are
 * created in (https://developer.hashicorp.com/terraform/language/providers/configuration).
 * Account, in order: an explicit mapping passed by the caller (by alias, `aws.<alias>`, or `aws`/`default`),
 * access_key when it is a 12-digit account id (the emulator's convention), a single allowed_account_ids entry,
 * the account of assume_role.role_arn.
 * assume_role is performed by the applier (apply-providers.ts). Deviation: provider endpoints are ignored in favour
 * of the endpoint the applier is given.
 */
import type { Value } from './expressions.js';

export interface ProviderInfo {
  /** `aws` or `aws.<alias>`. */
  key: string;
  account: string;
  region: string;
  /** `assume_role`: the role the provider deploys as (the applier creates it when the world lacks it). */
  assumeRole?: { roleArn: string; sessionName?: string; externalId?: string };
}

/** The provider configuration's assume_role block, when it names a role. */
export function assumeRoleOf(config: Record<string, Value>): ProviderInfo['assumeRole'] {
  const assume = Array.isArray(config.assume_role) ? config.assume_role[0] : config.assume_role;
  if (!assume || typeof assume !== 'object' || Array.isArray(assume)) return undefined;
  const a = assume as Record<string, Value>;
  if (typeof a.role_arn !== 'string' || !a.role_arn) return undefined;
  return {
    roleArn: a.role_arn,
    ...(typeof a.session_name === 'string' ? { sessionName: a.session_name } : {}),
    ...(typeof a.external_id === 'string' ? { externalId: a.external_id } : {}),
  };
}

const ACCOUNT = /^\d{12}$/;

export function providerKeyOf(alias: string | undefined): string {
  return alias ? `aws.${alias}` : 'aws';
}

/** Returns the provider's account or an explanation of why none can be found. */
export function providerAccount(
  key: string,
  config: Record<string, Value>,
  explicit: Record<string, string> | undefined,
): { account: string } | { problem: string } {
  const alias = key === 'aws' ? undefined : key.slice(4);
  const mapped = explicit?.[key] ?? (alias ? explicit?.[alias] : (explicit?.default ?? explicit?.aws));
  if (mapped !== undefined) {
    return ACCOUNT.test(mapped) ? { account: mapped } : { problem: `providerAccounts maps ${key} to "${mapped}", which is not a 12-digit account id` };
  }
  const accessKey = config.access_key;
  if (typeof accessKey === 'string' && ACCOUNT.test(accessKey)) return { account: accessKey };
  const allowed = config.allowed_account_ids;
  if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === 'string' && ACCOUNT.test(allowed[0])) return { account: allowed[0] };
  const assume = Array.isArray(config.assume_role) ? config.assume_role[0] : config.assume_role;
  if (assume && typeof assume === 'object' && !Array.isArray(assume)) {
    const arn = (assume as Record<string, Value>).role_arn;
    const m = typeof arn === 'string' ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn) : null;
    if (m) return { account: m[1] };
  }
  return {
    problem:
      'cannot tell which account this provider targets: set access_key to the 12-digit account id, a single allowed_account_ids entry or assume_role.role_arn, or pass providerAccounts',
  };
}

export function providerRegion(config: Record<string, Value>): string {
  return typeof config.region === 'string' && config.region ? config.region : 'us-east-1';
}
