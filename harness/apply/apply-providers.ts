/**
 * The identity each provider configuration deploys as. A provider with `assume_role` deploys as that role, as the
 * AWS provider does (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#assume-role-configuration).
 * The role is infrastructure outside the configuration: when the world lacks it (a fresh world always does), xacct
 * creates it in its account as an administrator role trusting that account, and says so, the way `cdk bootstrap`
 * prepares an account (https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html). When it exists it is assumed
 * as it is, and a role that does not trust the caller fails with the provider's "Cannot assume IAM Role" error and
 * STS's own error inside it (wording: terraform-provider-aws internal/conns/config.go via aws-sdk-go-base,
 * "IAM Role (%s) cannot be assumed.").
 * The caller: AWS refuses AssumeRole to an account's root user (STS "Roles may not be assumed by root accounts."),
 * so xacct assumes the role as the IAM user `xacct-terraform` of the role's account, which it creates with a policy
 * allowing sts:AssumeRole, standing for the credentials a user runs Terraform with.
 * Known deviations: a role in an account other than the provider's (an explicit providerAccounts mapping wins) is
 * not assumed; the caller is always in the role's own account.
 */
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { sdkClientFactory } from './clients.js';
import { ApplyResourceError, awsErrorParts } from './errors.js';
import type { ProviderInfo } from './providers.js';
import type { AccountCredentialsResolver, AwsClients, ClientFactory } from './types.js';

export const DEPLOYER_USER = 'xacct-terraform';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** Terraform's name for a provider configuration in its errors. */
const providerName = (key: string) => `provider["registry.terraform.io/hashicorp/aws"]${key === 'aws' ? '' : `.${key.slice(4)}`}`;

function roleParts(arn: string): { account: string; name: string; path: string } | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):role(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  return m ? { account: m[1]!, path: m[2]!, name: m[3]! } : undefined;
}

const isNoSuchEntity = (e: unknown) => awsErrorParts(e).code === 'NoSuchEntity' || awsErrorParts(e).code === 'NoSuchEntityException';

/** Clients per provider configuration: the account's root for plain ones, the assumed role's session otherwise. */
export async function providerClients(
  providers: ProviderInfo[],
  resolver: AccountCredentialsResolver,
  note: (message: string) => void,
): Promise<(p: ProviderInfo) => AwsClients> {
  const root = sdkClientFactory(resolver);
  const sessions = new Map<string, ClientFactory>();
  const callers = new Map<string, Promise<{ accessKeyId: string; secretAccessKey: string }>>();

  const callerIn = (account: string, region: string) => {
    let c = callers.get(account);
    if (!c) {
      const iam = root(account, region).iam;
      c = (async () => {
        await iam.send(new CreateUserCommand({ UserName: DEPLOYER_USER }));
        await iam.send(
          new PutUserPolicyCommand({
            UserName: DEPLOYER_USER,
            PolicyName: 'assume-roles',
            PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
          }),
        );
        const key = await iam.send(new CreateAccessKeyCommand({ UserName: DEPLOYER_USER }));
        return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
      })();
      callers.set(account, c);
    }
    return c;
  };

  for (const p of providers) {
    const assume = p.assumeRole;
    const role = assume && roleParts(assume.roleArn);
    if (!assume || !role || role.account !== p.account || sessions.has(assume.roleArn)) continue;
    const admin = root(p.account, p.region);
    const fail = (e: unknown): never => {
      const { code, message, statusCode } = awsErrorParts(e);
      throw new ApplyResourceError(
        providerName(p.key),
        code,
        `Cannot assume IAM Role: IAM Role (${assume.roleArn}) cannot be assumed. There are a number of possible causes of this - the most common are: The credentials used in order to assume the role are invalid; The credentials do not have appropriate permission to assume the role; The role ARN is not valid. Error: operation error STS: AssumeRole, https response error StatusCode: ${statusCode ?? 0}, api error ${code}: ${message}`,
        statusCode,
        [],
      );
    };
    try {
      await admin.iam.send(new GetRoleCommand({ RoleName: role.name }));
    } catch (e) {
      if (!isNoSuchEntity(e)) fail(e);
      await admin.iam.send(
        new CreateRoleCommand({
          RoleName: role.name,
          Path: role.path,
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${p.account}:root` }, Action: 'sts:AssumeRole' }] }),
          Description: 'Created by xacct: the role a Terraform provider assumes (assume_role), as an administrator',
        }),
      );
      await admin.iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: ADMIN_POLICY }));
      note(`created role ${assume.roleArn} (AdministratorAccess, trusting account ${p.account}) for ${providerName(p.key)} assume_role: the world lacked it; Terraform deploys as it`);
    }
    const caller = await callerIn(p.account, p.region);
    const sts = sdkClientFactory({ clientConfig: (id) => ({ ...resolver.clientConfig(id), credentials: caller }) })(p.account, p.region).sts;
    let creds;
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: assume.roleArn,
          RoleSessionName: assume.sessionName ?? 'xacct-terraform',
          ...(assume.externalId ? { ExternalId: assume.externalId } : {}),
        }),
      );
      creds = out.Credentials!;
    } catch (e) {
      fail(e);
    }
    const session = { accessKeyId: creds!.AccessKeyId!, secretAccessKey: creds!.SecretAccessKey!, sessionToken: creds!.SessionToken! };
    sessions.set(assume.roleArn, sdkClientFactory({ clientConfig: (id) => ({ ...resolver.clientConfig(id), credentials: session }) }));
  }
  return (p) => {
    const s = p.assumeRole && sessions.get(p.assumeRole.roleArn);
    return s ? s(p.account, p.region) : root(p.account, p.region);
  };
}
