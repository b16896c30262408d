import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { defineScenario, handoff, type Step } from '../harness/runner/index.js';

// Aliases resolve only in the key's own account: from the target account, alias/codepipeline-artifacts names
// nothing, and a cross-account caller must use the key ARN (errors.jsonl E098; AWS KMS Developer Guide: aliases).
const useKeyByAlias: Step = {
  id: 'use-key-by-alias',
  title: 'The action role asks KMS for a data key naming the pipeline account key by its alias',
  principal: (n) => `${n.actionRoleArn} (session)`,
  async run(ctx) {
    const kms = new KMSClient(ctx.sessions.get('action')!);
    await kms.send(new GenerateDataKeyCommand({ KeyId: ctx.names.keyAlias, KeySpec: 'AES_256' }));
  },
};

export default defineScenario({
  name: 'kms-alias-from-other-account',
  title: "The pipeline account key's alias is not found from the target account",
  source: { title: 'AWS KMS Developer Guide: using aliases (aliases are account-local)', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' },
  steps: [handoff.assumePipelineRole(), handoff.writeArtifact(), handoff.assumeActionRole(), useKeyByAlias],
  expect: {
    outcome: 'denied',
    step: 'use-key-by-alias',
    code: 'NotFoundException',
    status: 400,
    message: (n) => `Alias arn:aws:kms:${n.region}:${n.targetAccount}:${n.keyAlias} is not found.`,
  },
});
