/**
 * Where the request path finds the policies IAM holds: a user's (or the federating user's, for a federated user) or a
 * role session's role's inline and attached managed policies and permissions boundary, and a role's trust policy.
 * A user's identity-based policies include the inline and attached policies of every group it is in
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html: "You can attach an identity-based policy to a
 * user group so that all of the users in the user group receive the policy's permissions."); a group has no
 * permissions boundary, the user's applies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * Registered with the catalog (services/registry.ts) so core never reads IAM's store itself.
 */
import type { NamedPolicy } from '../../iam/types.js';
import type { Principal } from '../../world/principal.js';
import type { World } from '../../world/world.js';
import type { PolicySource, PrincipalPolicies } from '../types.js';
import { defaultVersionDocument, findManagedPolicy, findRoleByArn, groupsOfUser, iamStore, type GroupRecord, type RoleRecord, type UserRecord } from './store.js';

const EMPTY_POLICY = { Version: '2012-10-17', Statement: [] };

interface Attachable {
  inline: Map<string, string>;
  attached: Set<string>;
  PermissionsBoundary?: string;
}

/**
 * A managed policy attached to the user and to one of its groups is named once (by its ARN), so taking a grant away
 * (check/grants.ts) takes it from the policy wherever it is attached.
 */
function identityOf(world: World, entities: Array<{ entity: Attachable; label: string }>): NamedPolicy[] {
  const identity: NamedPolicy[] = [];
  const seen = new Set<string>();
  for (const { entity, label } of entities) {
    for (const [name, doc] of entity.inline) identity.push({ name: `${label} inline policy ${name}`, document: doc });
    for (const arn of entity.attached) {
      const p = findManagedPolicy(world, arn);
      if (p && !seen.has(arn)) identity.push({ name: arn, document: defaultVersionDocument(p) });
      seen.add(arn);
    }
  }
  return identity;
}

function policiesOf(world: World, entity: Attachable, label: string, groups: GroupRecord[]): PrincipalPolicies {
  const identity = identityOf(world, [{ entity, label }, ...groups.map((g) => ({ entity: g, label: `group ${g.GroupName}` }))]);
  let boundary: NamedPolicy | undefined;
  if (entity.PermissionsBoundary) {
    const p = findManagedPolicy(world, entity.PermissionsBoundary);
    // A boundary that no longer exists allows nothing, as an empty policy would.
    boundary = { name: entity.PermissionsBoundary, document: p ? defaultVersionDocument(p) : EMPTY_POLICY };
  }
  return { identity, boundary };
}

function entityOf(world: World, principal: Principal): { entity: RoleRecord | UserRecord; label: string; groups: GroupRecord[] } | undefined {
  const account = principal.account ? world.account(principal.account) : undefined;
  if (!account) return undefined;
  const iam = iamStore(account);
  if (principal.type === 'AssumedRole' && principal.roleName) {
    const entity = iam.roles.get(principal.roleName);
    return entity && { entity, label: `role ${principal.roleName}`, groups: [] };
  }
  if (principal.type === 'User' && principal.username) {
    const entity = iam.users.get(principal.username);
    return entity && { entity, label: `user ${principal.username}`, groups: groupsOfUser(iam, entity.UserName) };
  }
  // A federated user holds the policies of the IAM user that called GetFederationToken (its session policy is the
  // other half of the intersection): API_GetFederationToken.html, "Permissions".
  if (principal.type === 'FederatedUser' && principal.federatedBy) {
    const entity = iam.users.get(principal.federatedBy);
    return entity && { entity, label: `user ${principal.federatedBy}`, groups: groupsOfUser(iam, entity.UserName) };
  }
  return undefined;
}

/** A federated user the account root created holds the root's access, capped by its session policy. */
const ROOT_ACCESS: PrincipalPolicies = {
  identity: [{ name: 'account root (implicit full access in its own account)', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
  boundary: undefined,
};

export const iamPolicySource: PolicySource = {
  principalPolicies(world, principal) {
    if (principal.type === 'FederatedUser' && !principal.federatedBy) return ROOT_ACCESS;
    const found = entityOf(world, principal);
    return found && policiesOf(world, found.entity, found.label, found.groups);
  },
  trustPolicyOf(world, roleArn) {
    const role = findRoleByArn(world, roleArn);
    return { kind: 'trust', name: `trust policy of ${roleArn}`, document: role ? role.AssumeRolePolicyDocument : EMPTY_POLICY };
  },
};
