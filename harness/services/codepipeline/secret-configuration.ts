/**
 * Secret action configuration: a GitHub version 1 source's OAuthToken is never returned. CodePipeline answers it
 * masked as "****" and, on UpdatePipeline, takes "****" for "the value it already has": "Secrets are hidden from all
 * calls except for GetJobDetails, GetThirdPartyJobDetails, PollForJobs, and PollForThirdPartyJobs. When updating a
 * pipeline, passing ***** without changing any other values of the action preserves the previous value of the
 * secret." (API_ActionConfigurationProperty.html, `secret`). The mask's exact text is the one AWS quotes in its
 * refusal of a mask in a new action: '"****" may be used in secret properties only when updating an existing
 * action.' (recorded in alantech/iasql#1594).
 * Known deviation: that refusal of "****" at CreatePipeline is not reproduced (its error code is not recorded); the
 * mask is then stored as the token.
 */
import type { ActionDeclaration, PipelineDeclaration } from '@aws-sdk/client-codepipeline';

export const SECRET_MASK = '****';

function isGitHubV1(a: ActionDeclaration): boolean {
  const t = a.actionTypeId;
  return t?.category === 'Source' && t.owner === 'ThirdParty' && t.provider === 'GitHub';
}

function eachSecret(p: PipelineDeclaration, visit: (a: ActionDeclaration, stage: string) => void): void {
  for (const stage of p.stages ?? []) for (const a of stage.actions ?? []) if (isGitHubV1(a) && a.configuration?.['OAuthToken'] !== undefined) visit(a, stage.name ?? '');
}

/** An action's configuration as the API shows it: secrets masked. */
export function maskedConfiguration(a: ActionDeclaration): ActionDeclaration['configuration'] {
  if (!isGitHubV1(a) || a.configuration?.['OAuthToken'] === undefined) return a.configuration;
  return { ...a.configuration, OAuthToken: SECRET_MASK };
}

/** A copy of the declaration as the API shows it: secrets masked. */
export function masked(p: PipelineDeclaration): PipelineDeclaration {
  const copy = structuredClone(p);
  eachSecret(copy, (a) => {
    a.configuration!['OAuthToken'] = SECRET_MASK;
  });
  return copy;
}

/** An update's masked secrets take the value the same action (by stage and action name) has now. */
export function keepSecrets(next: PipelineDeclaration, current: PipelineDeclaration): PipelineDeclaration {
  const copy = structuredClone(next);
  eachSecret(copy, (a, stage) => {
    if (a.configuration!['OAuthToken'] !== SECRET_MASK) return;
    const before = current.stages?.find((s) => s.name === stage)?.actions?.find((b) => b.name === a.name);
    const token = before && isGitHubV1(before) ? before.configuration?.['OAuthToken'] : undefined;
    if (token !== undefined) a.configuration!['OAuthToken'] = token;
  });
  return copy;
}
