/**
 * AWS::CodeStarConnections::Connection: CreateConnection as the stack's acting principal; Ref returns the
 * connection's ARN; Fn::GetAtt ConnectionArn, ConnectionName, ConnectionStatus, OwnerAccountId. Any change of
 * ConnectionName, ProviderType or HostArn replaces the connection.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codestarconnections-connection.html
 * Failure wording: registry handler form ("Resource handler returned message: …", errors.jsonl E072/E081), the
 * type being a registry (Cloud Control) resource.
 * Known deviations: the connection is AVAILABLE at once (in AWS it stays PENDING until its handshake is completed
 * in the console, ../../codestar-connections/connections.ts); a change of Tags alone replaces the connection (the
 * emulated service has no tag operations).
 */
import type { CreateConnectionCommandInput, CreateConnectionCommandOutput, GetConnectionCommandOutput, ProviderType } from '@aws-sdk/client-codestar-connections';
import type { Out } from '../../types.js';
import type { ResourceMapper } from './types.js';
import { requiredText, tagList, text } from './values.js';

export const codeStarConnectionsConnection: ResourceMapper = {
  type: 'AWS::CodeStarConnections::Connection',
  service: 'codestar-connections',
  failureStyle: { kind: 'handler', serviceLabel: 'CodeStarConnections' },
  replaceOn: ['ConnectionName', 'ProviderType', 'HostArn', 'Tags'],
  required: ['ConnectionName'],
  attributes: ['ConnectionArn', 'ConnectionName', 'ConnectionStatus', 'OwnerAccountId'],
  async create(ctx, props) {
    const tags = tagList(props);
    const input: CreateConnectionCommandInput = {
      ConnectionName: requiredText(props, 'ConnectionName'),
      ProviderType: text(props, 'ProviderType') as ProviderType | undefined,
      HostArn: text(props, 'HostArn'),
      ...(tags.length > 0 ? { Tags: tags } : {}),
    };
    const { ConnectionArn } = await ctx.call<Out<CreateConnectionCommandOutput>>('codestar-connections', 'CreateConnection', input);
    ctx.created(ConnectionArn!);
    const { Connection } = await ctx.call<Out<GetConnectionCommandOutput>>('codestar-connections', 'GetConnection', { ConnectionArn });
    return {
      physicalId: ConnectionArn!,
      attributes: {
        ConnectionArn: ConnectionArn!,
        ConnectionName: Connection!.ConnectionName!,
        ConnectionStatus: Connection!.ConnectionStatus!,
        OwnerAccountId: Connection!.OwnerAccountId!,
      },
    };
  },
  async delete(ctx, ConnectionArn) {
    await ctx.call('codestar-connections', 'DeleteConnection', { ConnectionArn });
  },
};
