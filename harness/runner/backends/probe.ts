/**
 * Finds out whether an AWS-compatible endpoint enforces IAM, the way AWS would refuse: a role whose trust policy
 * names another account is assumed by a user whose own policy allows sts:AssumeRole. AWS refuses it with
 * 403 AccessDenied ("... is not authorized to perform: sts:AssumeRole on resource: ...", errors.jsonl E048,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html#troubleshoot_roles_cant-assume-role);
 * an endpoint that does not enforce IAM (LocalStack without ENFORCE_IAM, moto) hands out credentials.
 * The probe's user and role have unique names and are deleted afterwards.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';
import type { ClientConfig, Credentials } from '../../index.js';

export interface ProbeAccounts {
  /** Account of the probe's user (the caller). */
  caller: string;
  /** Account of the probe's role. */
  owner: string;
  /** The only account the role trusts (neither of the above). */
  trusted: string;
}

export const PROBE_ACCOUNTS: ProbeAccounts = { caller: '111111111111', owner: '222222222222', trusted: '333333333333' };

export interface ProbeResult {
  enforcesIam: boolean;
  /** What the endpoint answered, for the report. */
  detail: string;
}

export async function probeEnforcement(
  clientConfig: (accountId: string) => ClientConfig,
  configFor: (credentials: Credentials) => ClientConfig,
  accounts: ProbeAccounts = PROBE_ACCOUNTS,
): Promise<ProbeResult> {
  const name = `xacct-probe-${randomBytes(4).toString('hex')}`;
  const ownerIam = new IAMClient(clientConfig(accounts.owner));
  const callerIam = new IAMClient(clientConfig(accounts.caller));
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accounts.trusted}:root` }, Action: 'sts:AssumeRole' }] };
  const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
  const role = await ownerIam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  let keyId: string | undefined;
  try {
    await callerIam.send(new CreateUserCommand({ UserName: name }));
    await callerIam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'assume-any-role', PolicyDocument: JSON.stringify(allow) }));
    const key = await callerIam.send(new CreateAccessKeyCommand({ UserName: name }));
    keyId = key.AccessKey!.AccessKeyId!;
    const sts = new STSClient(configFor({ accessKeyId: keyId, secretAccessKey: key.AccessKey!.SecretAccessKey! }));
    try {
      await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: name }));
      return { enforcesIam: false, detail: `a user of ${accounts.caller} assumed a role that trusts only ${accounts.trusted}` };
    } catch (e) {
      const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      if (err.name === 'AccessDenied' && err.$metadata?.httpStatusCode === 403) {
        return { enforcesIam: true, detail: `AssumeRole against a trust policy naming another account was refused: ${err.message}` };
      }
      throw e;
    }
  } finally {
    const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
    if (keyId) await quiet(callerIam.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: keyId })));
    await quiet(callerIam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'assume-any-role' })));
    await quiet(callerIam.send(new DeleteUserCommand({ UserName: name })));
    await quiet(ownerIam.send(new DeleteRoleCommand({ RoleName: name })));
  }
}
