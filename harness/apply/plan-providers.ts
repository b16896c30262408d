/**
 * Provider configurations: only `aws`, each configuration (default or alias) placed in an emulated account and
 * Region. A resource without a provider argument uses the default `aws` configuration, which Terraform creates
 * empty when none is written; only an explicit account mapping can place that one.
 * https://developer.hashicorp.com/terraform/language/providers/configuration
 * Known deviation: providers other than aws are rejected.
 */
import { compileJson, type Value } from './expressions.js';
import { bodies, entries, type AddProblem, type Json } from './plan-blocks.js';
import type { StaticEvaluator } from './plan-values.js';
import { providerAccount, providerKeyOf, providerRegion, type ProviderInfo } from './providers.js';

/** The provider configuration a key names, or why there is none. */
export type ProviderLookup = (key: string) => ProviderInfo | string;

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
      else providers.set(key, { key, account: acct.account, region: providerRegion(config) });
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
