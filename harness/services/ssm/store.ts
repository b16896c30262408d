/**
 * SSM Parameter Store's state: parameters, kept per account and Region, addressed by name ("/app/db/url" or "name")
 * or by ARN (arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>).
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html (parameter ARNs)
 * Known deviations: only the latest value is kept (Version counts the writes); no labels, tiers or policies.
 */
import type { Account, World } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service. */
export const SERVICE = 'ssm';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface ParameterRecord {
  Name: string;
  ARN: string;
  account: string;
  region: string;
  Type: ParameterType;
  /** The value as given (String, StringList) or, for a SecureString, the ciphertext KMS returned, in base64. */
  Value: string;
  /** SecureString: the KMS key it is encrypted under, as given; undefined for the AWS managed key aws/ssm. */
  KeyId?: string;
  Description?: string;
  DataType: string;
  Version: number;
  LastModifiedDate: Date;
}

export interface ParametersStore {
  parameters: Map<string, ParameterRecord>;
}

export function parametersStore(account: Account, region: string): ParametersStore {
  return account.store<ParametersStore>(SERVICE, region, () => ({ parameters: new Map() }));
}

export function parameterArn(region: string, account: string, name: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

const PARAMETER_ARN = /^arn:aws:ssm:([a-z0-9-]+):(\d{12}):parameter(\/.*)$/;

/** Where a name or ARN points: the account, Region and name it names (an ARN's name keeps its slash if it had one). */
export function parameterAddress(id: string, region: string, account: string): { account: string; region: string; name: string } {
  const m = PARAMETER_ARN.exec(id);
  if (!m) return { account, region, name: id };
  return { account: m[2]!, region: m[1]!, name: m[3]! };
}

/** The parameter an address names, trying the ARN's name with and without its slash ("/a" and "a" share an ARN). */
export function findParameter(world: World, address: { account: string; region: string; name: string }): ParameterRecord | undefined {
  const account = world.account(address.account);
  if (!account) return undefined;
  const params = parametersStore(account, address.region).parameters;
  return params.get(address.name) ?? (address.name.startsWith('/') ? params.get(address.name.slice(1)) : undefined);
}
