/**
 * aws_codestarconnections_connection -> CodeStar connections CreateConnection
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codestarconnections_connection):
 * `id` and `arn` are the connection's ARN, `connection_status` what GetConnection reports.
 * Deviations: the connection is AVAILABLE at once (in AWS it is PENDING until its handshake is completed in the
 * console; harness/services/codestar-connections/connections.ts); `tags_all` is the resource's own tags (no provider
 * default tags).
 */
import { CreateConnectionCommand, GetConnectionCommand, type ProviderType } from '@aws-sdk/client-codestar-connections';
import { reqStr, str, tagList } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsCodestarconnectionsConnection: ResourceMapper = {
  type: 'aws_codestarconnections_connection',
  schema: { name: 'value', provider_type: 'value', host_arn: 'value', tags: 'value', tags_all: 'ignored' },
  required: ['name'],
  computed: ['arn', 'id', 'connection_status', 'tags_all'],
  async create(args, ctx) {
    const tags = tagList(args);
    const created = (await ctx.clients.codestarConnections.send(
      new CreateConnectionCommand({
        ConnectionName: reqStr(args, 'name'),
        ProviderType: str(args, 'provider_type') as ProviderType | undefined,
        HostArn: str(args, 'host_arn'),
        ...(tags ? { Tags: tags } : {}),
      }),
    )) as { ConnectionArn: string };
    const got = (await ctx.clients.codestarConnections.send(new GetConnectionCommand({ ConnectionArn: created.ConnectionArn }))) as {
      Connection: { ConnectionStatus: string };
    };
    return {
      arn: created.ConnectionArn,
      id: created.ConnectionArn,
      connection_status: got.Connection.ConnectionStatus,
      tags_all: Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value])),
    };
  },
};
