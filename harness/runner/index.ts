/**
 * What scenario files import: `defineScenario` and the hand-off steps.
 *
 *     import { defineScenario, handoff } from 'xacct/scenario';
 */
export { defineScenario } from './scenario.js';
export type { Scenario, Step, StepContext, Expectation, ScenarioResult, ScenarioSource, SuppliedSource, WorldHandle } from './scenario.js';
export * as handoff from './handoff.js';
export * as handoffEcs from './handoff-ecs.js';
export * as mutations from './mutations.js';
export type { HandoffNames } from './names.js';
export { runScenarios, runScenario, type LoadedScenario } from './runner.js';
export { embeddedBackend } from './backends/embedded.js';
/** Repository content for sources outside AWS, given to an emulator's world directly (runScenarios takes `sources`). */
export { supplySource, zipFolder } from '../services/codepipeline/supplied-sources.js';
