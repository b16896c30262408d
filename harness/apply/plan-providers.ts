/**
 * Provider configurations: only `aws`, each configuration (default or alias) placed in an emulated account and
 * Region. A resource without a provider argument uses the default `aws` configuration, which Terraform creates
 * empty when none is written; only an explicit account mapping can place that one.
 * https://developer.hashicorp.com/terraform/language/providers/configuration
 * Known deviation: providers other than aws are rejected.
 */
import { compileJson, type Value } from './expressions.js';
import { bodies, entries, type AddProblem, type Json } from './plan-blocks.js';
import type { StaticEvaluator, Warn } from './plan-values.js';
import { QUOTED_PROVIDERS } from './load-hcl.js';
import { assumeRoleOf, providerAccount, providerKeyOf, providerRegion, type ProviderInfo } from './providers.js';

/** The provider configuration a key names, or why there is none. */
export type ProviderLookup = (key: string) => ProviderInfo | string;

/**
 * A child module's provider configurations: those the module call passes (`providers = { aws = aws.target }`), the
 * module's own non-empty blocks, and, when the call passes none, the parent's default `aws`. An empty
 * `provider "aws" {}` block in a child is a proxy for the configuration passed in, as Terraform reads it.
 * https://developer.hashicorp.com/terraform/language/modules/develop/providers
 */
export function childProviders(
  call: Json,
  child: Json,
  parent: ProviderLookup,
  staticValue: StaticEvaluator,
  where: string,
  add: AddProblem,
  warn: Warn,
): ProviderLookup {
  const passed = new Map<string, string>();
  const given = bodies(call.providers)[0];
  for (const [k, v] of Object.entries(given ?? {})) {
    if (typeof v !== 'string') {
      add(where, `Invalid provider configuration reference for "${k}"`);
      continue;
    }
    const m = /^\$\{(.*)\}$/s.exec(v.trim());
    if (call[QUOTED_PROVIDERS] === true && !m) {
      warn(
        'Invalid provider configuration reference',
        `${where} passes providers = { ${k} = "${v}" }`,
        'A provider configuration reference must not be given in quotes. (Terraform 0.15 and later refuse this as an error; xacct reads it as Terraform 0.12 to 0.14 did.)',
      );
    }
    passed.set(k.replace(/^"|"$/g, ''), (m ? m[1]! : v).trim());
  }
  const own = (tf: Json): Json => {
    const blocks = entries(tf.provider).flatMap(([name, confs]) =>
      bodies(confs)
        .filter((c) => Object.keys(c).some((k) => k !== 'alias'))
        .map((c) => ({ [name]: c })),
    );
    return blocks.length ? { provider: blocks } : {};
  };
  const ownTf = own(child);
  const ownKeys = new Set(bodies(entries(ownTf.provider).map(([, c]) => c)).map((c) => providerKeyOf(typeof c.alias === 'string' ? c.alias : undefined)));
  const ownLookup = ownKeys.size ? planProviders(ownTf, staticValue, undefined, add) : undefined;
  return (key) => {
    const from = passed.get(key);
    if (from) return parent(from);
    if (ownLookup && ownKeys.has(key)) return ownLookup(key);
    if (key === 'aws' && !given) return parent('aws');
    return `provider ${key} is not configured in ${where}: pass it in the module call's providers argument`;
  };
}

export function planProviders(tf: Json, staticValue: StaticEvaluator, providerAccounts: Record<string, string> | undefined, add: AddProblem): ProviderLookup {
  const providers = new Map<string, ProviderInfo>();
  for (const [pname, confs] of entries(tf.provider)) {
    if (pname !== 'aws') {
      add(`provider.${pname}`, `unsupported provider "${pname}" (only aws)`);
      continue;
    }
    for (const conf of bodies(confs)) {
      const alias = typeof conf.alias === 'string' ? conf.alias : undefined;
      const key = providerKeyOf(alias);
      let config: Record<string, Value>;
      try {
        config = staticValue(compileJson(conf), `provider ${key}`) as Record<string, Value>;
      } catch (e) {
        add(`provider.${key}`, (e as Error).message);
        continue;
      }
      const acct = providerAccount(key, config, providerAccounts);
      if ('problem' in acct) add(`provider.${key}`, acct.problem);
      else {
        const assumeRole = assumeRoleOf(config);
        providers.set(key, { key, account: acct.account, region: providerRegion(config), ...(assumeRole ? { assumeRole } : {}) });
      }
    }
  }
  return (key) => {
    const p = providers.get(key);
    if (p) return p;
    if (key !== 'aws') return `provider ${key} is not configured`;
    const acct = providerAccount('aws', {}, providerAccounts);
    if ('problem' in acct) return `default provider aws is not configured: ${acct.problem}`;
    const info = { key: 'aws', account: acct.account, region: 'us-east-1' };
    providers.set('aws', info);
    return info;
  };
}
