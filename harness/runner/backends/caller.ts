/**
 * Who a set of credentials signs as on a remote endpoint, from STS GetCallerIdentity
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html): the ARN names the account's
 * root, an IAM user or a role session. Deviation: a session ARN does not carry the role's path, so the role ARN
 * is rebuilt without one (the reference setup's roles have none); the session policies a session carries are unknown.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ClientConfig } from '../../index.js';
import type { Principal } from '../../world/principal.js';

export function principalFromIdentity(arn: string, account: string, userId?: string): Principal {
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(arn);
  if (root) return { arn, type: 'Account', account, userId: userId ?? account };
  const user = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) return { arn, type: 'User', account, userId, username: user[2] };
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (session) {
    return { arn, type: 'AssumedRole', account, userId, roleArn: `arn:aws:iam::${session[1]}:role/${session[2]}`, roleName: session[2], sessionName: session[3] };
  }
  const federated = /^arn:aws:sts::(\d{12}):federated-user\//.exec(arn);
  if (federated) return { arn, type: 'FederatedUser', account, userId };
  throw new Error(`GetCallerIdentity returned an ARN xacct does not recognise: ${arn}`);
}

export async function callerOf(config: ClientConfig): Promise<{ account: string; principal: Principal }> {
  const out = await new STSClient(config).send(new GetCallerIdentityCommand({}));
  const account = out.Account ?? '';
  return { account, principal: principalFromIdentity(out.Arn ?? '', account, out.UserId) };
}
