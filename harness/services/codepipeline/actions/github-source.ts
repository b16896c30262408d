/**
 * Source/ThirdParty/GitHub version 1 (OAuth app): the repository `Owner/Repo`'s `Branch` becomes the output
 * artifact. https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-GitHub.html
 * AWS reads GitHub with the OAuthToken; no IAM permission is involved. CreatePipeline refuses a declaration without
 * Owner, Repo, Branch or OAuthToken (../action-types.ts, ../validate-structure.ts; errors.jsonl E094).
 * The repository's content is what the user supplied (./supplied-source.ts).
 * Known deviations: the token is not checked against GitHub (any value passes); PollForSourceChanges is accepted and
 * ignored.
 */
import { sourceFromSuppliedContent } from './supplied-source.js';
import type { ActionHandler } from './types.js';

export const gitHubSource: ActionHandler = (env) => {
  const config = env.declaration.configuration ?? {};
  return sourceFromSuppliedContent(env, `${config['Owner']}/${config['Repo']}`, config['Branch']!);
};
