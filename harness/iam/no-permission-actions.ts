/**
 * Actions AWS documents as needing no permission at all, which no policy can deny.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: "No permissions are required to
 * perform this operation. If an administrator attaches a policy to your identity that explicitly denies access to
 * the sts:GetCallerIdentity action, you can still perform this operation."
 * Only callers with credentials qualify: an unsigned request never reaches authorization (it fails authentication).
 * The emulator's operation declares no authorization for it either; this list answers a caller of the engine alone
 * (`xacct policy simulate`, the differential test) the same way.
 */
const NO_PERMISSION_ACTIONS: ReadonlySet<string> = new Set(['sts:getcalleridentity']);

/** `action` lower-cased, as the engine holds it. */
export function needsNoPermission(action: string): boolean {
  return NO_PERMISSION_ACTIONS.has(action);
}
