/**
 * Public surface of the emulated CodePipeline for the rest of xacct (scenarios, runner, benchmarks).
 */
export { codepipelineService, CODEPIPELINE_TARGET_PREFIX } from './service.js';
export { waitForExecution } from './wait.js';
export { codePipelineStore, type ExecutionRecord, type ActionRun, type StageRun } from './store.js';
export { artifactKey } from './artifacts.js';
