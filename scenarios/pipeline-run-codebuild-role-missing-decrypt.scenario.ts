import { defineScenario, handoff } from '../harness/runner/index.js';
import { addBuildStage, BUILD_ROLE, CODEBUILD_ACTION } from './codebuild-stage.js';
import { actionFailure } from './sources.js';

// The build role may read the artifact bucket but not decrypt with the pipeline's key: the build fails in
// DOWNLOAD_SOURCE (errors.jsonl E088, with S3's words for KMS's refusal within one account, E026), and the Build
// action reports it as "Build terminated with state: FAILED. Phase: …, Code: …, Message: …".
export default defineScenario({
  name: 'pipeline-run-codebuild-role-missing-decrypt',
  title: 'A CodeBuild service role without kms:Decrypt on the artifact key fails the build',
  source: CODEBUILD_ACTION,
  prepare: (world) => addBuildStage(world, { buildRoleActions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 'kms:GenerateDataKey*'] }),
  steps: [handoff.runPipeline()],
  expect: actionFailure(
    (n) =>
      `Build terminated with state: FAILED. Phase: DOWNLOAD_SOURCE, Code: CLIENT_ERROR, Message: error while downloading key <key>, error: AccessDenied: User: arn:aws:sts::${n.pipelineAccount}:assumed-role/${BUILD_ROLE}/<session> is not authorized to perform: kms:Decrypt on resource: ${n.keyArn} because no identity-based policy allows the kms:Decrypt action status code: 403, request id: <request-id>, host id: <host-id> for primary source and source version arn:aws:s3:::${n.artifactBucket}/<key>`,
  ),
});
