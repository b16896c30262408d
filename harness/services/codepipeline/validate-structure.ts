/**
 * CreatePipeline/UpdatePipeline structure rules, checked in the order AWS documents them:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
 * - at least two stages; stage names unique;
 * - the first stage holds only source actions (at least one), and only the first stage holds source actions;
 * - each action type is one xacct knows, with its artifact counts and required configuration;
 * - every output artifact name is unique in the pipeline, and every input artifact is the output of an action
 *   that runs earlier (an earlier stage, or a lower runOrder in the same stage).
 * Parameter shapes (names, lengths, patterns) answer ValidationException in Coral's words.
 */
import type { ActionDeclaration, PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import { constraintError } from '../param-errors.js';
import { actionTypeSpec, cloudFormationRequired } from './action-types.js';
import { InvalidActionDeclarationException, InvalidStructureException } from './errors.js';

const NAME = /^[A-Za-z0-9.@\-_]+$/;
const NAME_TEXT = '[A-Za-z0-9.@\\-_]+';

function checkName(member: string, value: unknown): void {
  if (value === undefined || value === null) throw constraintError('ValidationException', member, undefined, 'Member must not be null');
  if (typeof value !== 'string' || value.length < 1 || value.length > 100) {
    throw constraintError('ValidationException', member, value, 'Member must have length less than or equal to 100');
  }
  if (!NAME.test(value)) throw constraintError('ValidationException', member, value, `Member must satisfy regular expression pattern: ${NAME_TEXT}`);
}

function isSource(a: ActionDeclaration): boolean {
  return a.actionTypeId?.category === 'Source';
}

/** Throws AWS's error for the first rule the declaration breaks. */
export function validateStructure(p: PipelineDeclaration, region: string): void {
  checkName('pipeline.name', p.name);
  if (!p.roleArn) throw constraintError('ValidationException', 'pipeline.roleArn', undefined, 'Member must not be null');
  const stages = p.stages ?? [];
  if (stages.length < 2) throw InvalidStructureException.tooFewStages(stages.length);
  const stageNames = new Set<string>();
  stages.forEach((stage, i) => {
    checkName(`pipeline.stages.${i + 1}.member.name`, stage.name);
    if (stageNames.has(stage.name!)) throw InvalidStructureException.duplicateStage(stage.name!);
    stageNames.add(stage.name!);
    const actions = stage.actions ?? [];
    if (i === 0 && (actions.length === 0 || !actions.every(isSource))) throw InvalidStructureException.firstStageSourcesOnly();
    if (i > 0) {
      const src = actions.find(isSource);
      if (src) throw InvalidStructureException.sourceOutsideFirstStage(stage.name!, src.name ?? '');
    }
  });

  for (const stage of stages) {
    stage.actions?.forEach((action, j) => {
      checkName(`pipeline.stages.member.actions.${j + 1}.member.name`, action.name);
      validateAction(action, region);
    });
  }
  validateArtifactFlow(p);
}

function validateAction(action: ActionDeclaration, region: string): void {
  const name = action.name!;
  const spec = actionTypeSpec(action.actionTypeId);
  if (!spec) throw InvalidActionDeclarationException.notAvailable(action.actionTypeId ?? {}, name, region);
  const inputs = action.inputArtifacts?.length ?? 0;
  const outputs = action.outputArtifacts?.length ?? 0;
  if (inputs < spec.inputs[0]) throw InvalidActionDeclarationException.minCount(name, 'input', inputs, spec.inputs[0]);
  if (inputs > spec.inputs[1]) throw InvalidActionDeclarationException.maxCount(name, 'input', inputs, spec.inputs[1]);
  if (outputs < spec.outputs[0]) throw InvalidActionDeclarationException.minCount(name, 'output', outputs, spec.outputs[0]);
  if (outputs > spec.outputs[1]) throw InvalidActionDeclarationException.maxCount(name, 'output', outputs, spec.outputs[1]);
  const config = action.configuration ?? {};
  const required = [...spec.required];
  if (action.actionTypeId?.provider === 'CloudFormation') required.push(...cloudFormationRequired(config['ActionMode']));
  if (action.actionTypeId?.provider === 'S3' && action.actionTypeId.category === 'Deploy' && config['Extract'] === 'false') required.push('ObjectKey');
  for (const key of required) {
    if (config[key] === undefined || config[key] === '') throw InvalidActionDeclarationException.missingConfiguration(name, key);
  }
}

function validateArtifactFlow(p: PipelineDeclaration): void {
  const produced = new Set<string>();
  for (const stage of p.stages ?? []) {
    const byOrder = new Map<number, ActionDeclaration[]>();
    for (const a of stage.actions ?? []) {
      const order = a.runOrder ?? 1;
      byOrder.set(order, [...(byOrder.get(order) ?? []), a]);
    }
    for (const order of [...byOrder.keys()].sort((x, y) => x - y)) {
      const group = byOrder.get(order)!;
      // Actions with the same runOrder run in parallel: none may consume what another of them produces.
      for (const a of group) {
        for (const input of a.inputArtifacts ?? []) {
          if (!produced.has(input.name!)) throw InvalidStructureException.inputNotProduced(input.name!, a.name!);
        }
      }
      for (const a of group) {
        for (const output of a.outputArtifacts ?? []) {
          if (produced.has(output.name!)) throw InvalidStructureException.duplicateOutput(output.name!);
          produced.add(output.name!);
        }
      }
    }
  }
}
