/**
 * CodeStar connections: CreateConnection, GetConnection, ListConnections, DeleteConnection, and the permission-only
 * action UseConnection that a service using a connection for a caller checks.
 * https://docs.aws.amazon.com/codestar-connections/latest/APIReference/API_Operations.html
 * Authorization (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodestarconnections.html):
 * CreateConnection and ListConnections on `*` (condition keys codestar-connections:ProviderType and
 * :ProviderTypeFilter), GetConnection, DeleteConnection and UseConnection on the connection's ARN. UseConnection
 * carries the condition keys FullRepositoryId, OwnerId, RepositoryName and BranchName, and is checked with the
 * prefix of the connection's ARN (`codeconnections:UseConnection` for an arn:aws:codeconnections ARN): "When
 * specifying a resource in the IAM policy, the service prefix needs to match that of the resource"
 * (https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html).
 * Known deviations:
 * - A connection is created AVAILABLE. In AWS it is created PENDING and becomes AVAILABLE only once someone completes
 *   the handshake with the provider in the console (https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html);
 *   there is no provider here to shake hands with, and a pipeline test wants a usable connection.
 * - Hosts, repository links and sync configurations are not emulated (the SDK's other operations answer
 *   UnknownOperationException); tags are kept but have no operations of their own; connection names are not checked
 *   for uniqueness; ListConnections returns every match in one page.
 * - UseConnection is no API operation (AWS's API has none; it is a permission-only action). It is in the table so
 *   that a service (CodePipeline) checks it through the request path with `ctx.invoke`, its denial recorded and
 *   explained; service.ts keeps it off the wire, where it answers UnknownOperationException as AWS would.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateConnectionCommandInput,
  CreateConnectionCommandOutput,
  DeleteConnectionCommandInput,
  DeleteConnectionCommandOutput,
  GetConnectionCommandInput,
  GetConnectionCommandOutput,
  ListConnectionsCommandInput,
  ListConnectionsCommandOutput,
} from '@aws-sdk/client-codestar-connections';
import { ProviderType } from '@aws-sdk/client-codestar-connections';
import type { ContextValue } from '../../iam/types.js';
import { constraintError } from '../param-errors.js';
import { str } from '../params.js';
import type { AuthCheck, Operation, OperationContext, Out } from '../types.js';
import { ResourceNotFoundException } from './errors.js';
import type { ConnectionsOperations } from './operation-names.js';
import { connectionArn, connectionByArn, connectionsStore, describe, parseConnectionArn, SERVICE, type ConnectionRecord } from './store.js';

/** The SDK model's enum, in its order (the order Coral lists it in the constraint's words). */
const PROVIDER_TYPES: readonly ProviderType[] = Object.values(ProviderType);
const ARN_RULE = { required: true, min: 0, max: 256, pattern: /^arn:aws(-[\w]+)*:.+:.+:[0-9]{12}:.+$/, patternText: 'arn:aws(-[\\w]+)*:.+:.+:[0-9]{12}:.+' } as const;

function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

function providerType(value: unknown, member: string): ProviderType | undefined {
  if (value === undefined) return undefined;
  if (!PROVIDER_TYPES.includes(value as ProviderType)) {
    throw constraintError('ValidationException', member, value, `Member must satisfy enum value set: [${PROVIDER_TYPES.join(', ')}]`);
  }
  return value as ProviderType;
}

/** A check on one connection, by the ARN the caller named (either prefix), in the ARN's account. */
function onConnection(action: string, arn: string, context?: Record<string, ContextValue>): AuthCheck {
  const parsed = parseConnectionArn(arn);
  return { action: `${parsed?.prefix ?? SERVICE}:${action}`, resource: arn, resourceAccount: parsed?.account, context };
}

function existing(ctx: OperationContext, arn: string): ConnectionRecord {
  const c = connectionByArn(ctx.world, arn);
  if (!c) throw ResourceNotFoundException();
  return c;
}

interface NewConnection {
  name: string;
  provider?: ProviderType;
  hostArn?: string;
}

const CreateConnection: Operation<CreateConnectionCommandInput, Out<CreateConnectionCommandOutput>, NewConnection> = {
  resolve(_ctx, input) {
    const name = str('ValidationException', input, 'ConnectionName', { required: true, min: 1, max: 32 });
    const hostArn = str('ValidationException', input, 'HostArn', { min: 0, max: 256 });
    return { name, provider: providerType(input.ProviderType, 'ProviderType'), hostArn };
  },
  authorize: (_ctx, _input, c) => ({
    action: `${SERVICE}:CreateConnection`,
    resource: '*',
    context: c.provider ? { [`${SERVICE}:ProviderType`]: c.provider } : undefined,
  }),
  handler(ctx, input, c) {
    const account = callerAccount(ctx);
    const id = randomUUID();
    const record: ConnectionRecord = {
      id,
      account,
      region: ctx.region,
      ConnectionName: c.name,
      ConnectionArn: connectionArn(ctx.region, account, id),
      ProviderType: c.provider,
      HostArn: c.hostArn,
      Tags: (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    connectionsStore(ctx.world.account(account)!, ctx.region).connections.set(id, record);
    return { ConnectionArn: record.ConnectionArn, ...(record.Tags.length > 0 ? { Tags: record.Tags } : {}) };
  },
};

const GetConnection: Operation<GetConnectionCommandInput, Out<GetConnectionCommandOutput>, string> = {
  resolve: (_ctx, input) => str('ValidationException', input, 'ConnectionArn', ARN_RULE),
  authorize: (_ctx, _input, arn) => onConnection('GetConnection', arn),
  handler: (ctx, _input, arn) => ({ Connection: describe(existing(ctx, arn)) }),
};

const DeleteConnection: Operation<DeleteConnectionCommandInput, Out<DeleteConnectionCommandOutput>, string> = {
  resolve: (_ctx, input) => str('ValidationException', input, 'ConnectionArn', ARN_RULE),
  authorize: (_ctx, _input, arn) => onConnection('DeleteConnection', arn),
  handler(ctx, _input, arn) {
    const c = existing(ctx, arn);
    connectionsStore(ctx.world.account(c.account)!, c.region).connections.delete(c.id);
    return {};
  },
};

interface ListFilter {
  provider?: ProviderType;
  hostArn?: string;
}

const ListConnections: Operation<ListConnectionsCommandInput, Out<ListConnectionsCommandOutput>, ListFilter> = {
  resolve: (_ctx, input) => ({
    provider: providerType(input.ProviderTypeFilter, 'ProviderTypeFilter'),
    hostArn: str('ValidationException', input, 'HostArnFilter', { min: 0, max: 256 }),
  }),
  authorize: (_ctx, _input, f) => ({
    action: `${SERVICE}:ListConnections`,
    resource: '*',
    context: f.provider ? { [`${SERVICE}:ProviderTypeFilter`]: f.provider } : undefined,
  }),
  handler(ctx, _input, f) {
    const all = [...connectionsStore(ctx.world.account(callerAccount(ctx))!, ctx.region).connections.values()];
    const matching = all.filter((c) => (!f.provider || c.ProviderType === f.provider) && (!f.hostArn || c.HostArn === f.hostArn));
    return { Connections: matching.map(describe) };
  },
};

/** What a service using a connection for a caller says it uses it for (UseConnection's condition keys). */
export interface UseConnectionInput {
  ConnectionArn: string;
  /** `owner/repository`. */
  FullRepositoryId?: string;
  BranchName?: string;
}

export interface UseConnectionOutput {
  Connection: ReturnType<typeof describe>;
}

function useContext(prefix: string, input: UseConnectionInput): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  const repo = input.FullRepositoryId;
  if (repo) {
    context[`${prefix}:FullRepositoryId`] = repo;
    const slash = repo.indexOf('/');
    if (slash > 0) {
      context[`${prefix}:OwnerId`] = repo.slice(0, slash);
      context[`${prefix}:RepositoryName`] = repo.slice(slash + 1);
    }
  }
  if (input.BranchName) context[`${prefix}:BranchName`] = input.BranchName;
  return context;
}

/** The permission-only action (see the header): authorized on the connection, then the connection must exist. */
export const UseConnection: Operation<UseConnectionInput, UseConnectionOutput, string> = {
  resolve(_ctx, input) {
    if (typeof input.ConnectionArn !== 'string' || !parseConnectionArn(input.ConnectionArn)) throw ResourceNotFoundException();
    return input.ConnectionArn;
  },
  authorize: (_ctx, input, arn) => onConnection('UseConnection', arn, useContext(parseConnectionArn(arn)!.prefix, input)),
  handler: (ctx, _input, arn) => ({ Connection: describe(existing(ctx, arn)) }),
};

export const connectionOperations = { CreateConnection, GetConnection, ListConnections, DeleteConnection } satisfies ConnectionsOperations;
