/**
 * Who a deploy plan deploys as. By default an administrator of the account: xacct creates the IAM user
 * `xacct-deployer` with AdministratorAccess in each account the plan deploys to (the credentials a team runs
 * `aws cloudformation deploy` or `cdk deploy` with). A deployment made `as` a role is made by that user assuming the
 * role (sts:AssumeRole), so the role's trust policy decides, as in AWS; a role that does not exist or does not trust
 * the account fails with STS's error. Applied again to the same world, the user is reused (its old access keys
 * deleted for a new one). The account's root user is not used to deploy: AWS refuses it AssumeRole
 * ("Roles may not be assumed by root accounts."), and a team's pipeline never deploys as root.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-api.html
 */
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { awsErrorParts } from '../errors.js';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AccountCredentialsResolver } from '../types.js';

export const DEPLOYER_USER = 'xacct-deployer';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
/**
 * A client configuration as the SDK clients take it. The resolver's `requestHandler` (the in-process transport) is
 * typed `unknown` there; it is passed on as it is, typed here as the clients' own handler option.
 */
export type ClientConfig = Omit<ReturnType<AccountCredentialsResolver['clientConfig']>, 'requestHandler'> & { requestHandler?: Record<string, unknown> };

/** Client configurations per account, region and identity, creating the administrator and sessions once each. */
export class Identities {
  private admins = new Map<string, Promise<Credentials>>();
  private sessions = new Map<string, Promise<Credentials>>();

  constructor(private readonly resolver: AccountCredentialsResolver) {}

  /** The account's root user (xacct's own set-up calls: creating the administrator). */
  root(account: string, region: string): ClientConfig {
    return { ...this.resolver.clientConfig(account), region } as ClientConfig;
  }

  /** The account's administrator (created on first use). */
  async admin(account: string, region: string): Promise<ClientConfig> {
    let creds = this.admins.get(account);
    if (!creds) {
      const iam = new IAMClient(this.root(account, region));
      creds = (async () => {
        try {
          await iam.send(new CreateUserCommand({ UserName: DEPLOYER_USER }));
        } catch (e) {
          // Applied before to this world (a plan deployed again): the user is xacct's; its old keys make way for a new one.
          if (awsErrorParts(e).code !== 'EntityAlreadyExists') throw e;
          const keys = await iam.send(new ListAccessKeysCommand({ UserName: DEPLOYER_USER }));
          for (const k of keys.AccessKeyMetadata ?? []) await iam.send(new DeleteAccessKeyCommand({ UserName: DEPLOYER_USER, AccessKeyId: k.AccessKeyId }));
        }
        await iam.send(new AttachUserPolicyCommand({ UserName: DEPLOYER_USER, PolicyArn: ADMIN_POLICY }));
        const key = await iam.send(new CreateAccessKeyCommand({ UserName: DEPLOYER_USER }));
        return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
      })();
      this.admins.set(account, creds);
    }
    return { ...this.root(account, region), credentials: await creds };
  }

  /** `as` a role, assumed by `from` (default: the administrator of the role's account). Errors are STS's. */
  async as(roleArn: string | undefined, account: string, region: string, sessionName = 'xacct-deploy'): Promise<ClientConfig> {
    if (!roleArn) return this.admin(account, region);
    const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? account;
    let creds = this.sessions.get(roleArn);
    if (!creds) {
      creds = (async () => {
        const sts = new STSClient(await this.admin(roleAccount, region));
        const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
        const c = out.Credentials!;
        return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
      })();
      this.sessions.set(roleArn, creds);
      creds.catch(() => this.sessions.delete(roleArn));
    }
    return { ...this.root(account, region), credentials: await creds };
  }
}
