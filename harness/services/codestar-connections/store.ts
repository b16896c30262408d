/**
 * CodeStar connections' state: connections, kept per account and Region.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/connections.html
 * A connection has one id and two ARN forms: `arn:aws:codestar-connections:…:connection/<id>` (the API this service
 * speaks) and `arn:aws:codeconnections:…:connection/<id>` (the renamed service, which creates its connections under
 * the new prefix; "Actions and resources for the codestar-connections service prefix remain available. When
 * specifying a resource in the IAM policy, the service prefix needs to match that of the resource."
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html). Either form finds the connection here.
 * Maps, never plain objects, so a name from a request cannot reach a prototype.
 * Known deviation: a connection is found by its id under either prefix, whichever API created it (the emulator
 * creates connections only through codestar-connections).
 */
import type { Connection as SdkConnection, ProviderType, Tag } from '@aws-sdk/client-codestar-connections';
import type { Account, World } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service of the API served here. */
export const SERVICE = 'codestar-connections';
/** The renamed service's prefix: ARNs and IAM actions of connections created through CodeConnections. */
export const CODECONNECTIONS = 'codeconnections';

export interface ConnectionRecord {
  id: string;
  account: string;
  region: string;
  ConnectionName: string;
  ConnectionArn: string;
  ProviderType?: ProviderType;
  HostArn?: string;
  Tags: Tag[];
}

export interface ConnectionsStore {
  connections: Map<string, ConnectionRecord>;
}

export function connectionsStore(account: Account, region: string): ConnectionsStore {
  return account.store<ConnectionsStore>(SERVICE, region, () => ({ connections: new Map() }));
}

export function connectionArn(region: string, account: string, id: string): string {
  return `arn:aws:${SERVICE}:${region}:${account}:connection/${id}`;
}

const CONNECTION_ARN = /^arn:aws:(codestar-connections|codeconnections):([a-z0-9-]+):(\d{12}):connection\/(.+)$/;

export interface ParsedConnectionArn {
  /** The ARN's service prefix, which is also the prefix of the IAM actions that authorize it. */
  prefix: typeof SERVICE | typeof CODECONNECTIONS;
  region: string;
  account: string;
  id: string;
}

export function parseConnectionArn(arn: string): ParsedConnectionArn | undefined {
  const m = CONNECTION_ARN.exec(arn);
  if (!m) return undefined;
  return { prefix: m[1] as ParsedConnectionArn['prefix'], region: m[2]!, account: m[3]!, id: m[4]! };
}

/** The connection an ARN (of either prefix) names, in whichever account and Region holds it. */
export function connectionByArn(world: World, arn: string): ConnectionRecord | undefined {
  const parsed = parseConnectionArn(arn);
  const account = parsed ? world.account(parsed.account) : undefined;
  return account ? connectionsStore(account, parsed!.region).connections.get(parsed!.id) : undefined;
}

/** The connection as the API describes it: always AVAILABLE here (see connections.ts). */
export function describe(c: ConnectionRecord): SdkConnection {
  return {
    ConnectionName: c.ConnectionName,
    ConnectionArn: c.ConnectionArn,
    ProviderType: c.ProviderType,
    OwnerAccountId: c.account,
    ConnectionStatus: 'AVAILABLE',
    ...(c.HostArn ? { HostArn: c.HostArn } : {}),
  };
}
