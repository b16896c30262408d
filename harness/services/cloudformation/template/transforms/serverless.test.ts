/**
 * The SAM transform against the SAM translator itself (samtranslator, the Python library AWS runs for
 * AWS::Serverless-2016-10-31, used here as an oracle when Python has it, as cfn-lint installs it): on a template in
 * the shapes pipelines deploy and on the real configurations that declare the transform, the same resources of the
 * same types, and the same generated roles, functions, rules, mappings, tables and layers. The hash suffixes of
 * generated logical ids are ours (a known deviation) and are masked.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources.html
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplateBody } from '../read-body.js';
import type { TemplateValue } from '../types.js';
import type { TemplateObject } from '../walk.js';
import { rolePolicies } from './sam-policies.js';
import { expandServerless } from './serverless.js';

const CORPUS = '/work/shared/corpus/real-configs';
const TEMPLATES = [
  join(import.meta.dirname, 'fixtures/sam-app.yaml'),
  `${CORPUS}/davidkelley-cross-account-codepipeline/template.yml`,
  `${CORPUS}/aws-samples-service-catalog-framework-with-cross-account-codepipeline/three-stage-cross-account-pipeline/components/lambdas/lmd-csr-get-organization-id/lmd-csr-get-organization-id.yml`,
  `${CORPUS}/aws-samples-service-catalog-framework-with-cross-account-codepipeline/three-stage-cross-account-pipeline/components/roles/codebuild-role.yml`,
];

const ORACLE = `
import json, sys
from samtranslator.translator.transform import transform
class Loader:
    def load(self): return {}
from samtranslator.model.exceptions import InvalidDocumentException
try:
    print(json.dumps(transform(json.load(sys.stdin), {}, Loader()), default=str))
except InvalidDocumentException as e:
    print(json.dumps({"error": " ".join([e.message] + [c.message for c in e.causes])}))
`;

function oracle(template: TemplateValue): TemplateObject | { error: string } {
  const run = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(template), env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as TemplateObject | { error: string };
}

/** The project's Python environment (`npm run python:install`; .ci/run makes it) holds samtranslator at the pinned version. */
const PYTHON = join(process.cwd(), '.venv', 'bin', 'python');
if (spawnSync(PYTHON, ['-c', 'import samtranslator'], { encoding: 'utf8' }).status !== 0) {
  throw new Error(`samtranslator is not installed in ${PYTHON}: run npm run python:install`);
}

const MANAGED: Record<string, string> = { AmazonS3ReadOnlyAccess: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' };
const ours = (t: TemplateObject) => expandServerless(t, { partition: 'aws', managedArn: (n) => MANAGED[n] });

/** Generated ids end in a 10-hex-digit hash: masked, in ids and in references. */
const mask = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(/([A-Za-z0-9])[0-9a-f]{10}\b/g, '$1#'));

/** AWS::Serverless::Api resources (explicit or implicit) carry bodies SAM builds its own way: types only. */
const BODY_TYPES = new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Stage']);

describe('AWS::Serverless-2016-10-31 as samtranslator expands it', () => {
  it.each(TEMPLATES.map((f) => [f.replace(`${CORPUS}/`, ''), f] as const))('%s', (_name, file) => {
    const template = readTemplateBody(readFileSync(file, 'utf8')) as TemplateObject;
    const translated = oracle(structuredClone(template));
    if ('error' in translated) {
      // Both refuse the document (a template meant for \`sam package\` first), with the same causes.
      expect(() => ours(structuredClone(template))).toThrow(translated.error);
      return;
    }
    const expected = mask(translated) as { Resources: Record<string, { Type: string }>; Outputs?: unknown };
    const actual = mask(ours(structuredClone(template))) as { Resources: Record<string, { Type: string }>; Outputs?: unknown; Globals?: unknown };
    expect(Object.fromEntries(Object.entries(actual.Resources).map(([id, r]) => [id, r.Type]))).toEqual(
      Object.fromEntries(Object.entries(expected.Resources).map(([id, r]) => [id, r.Type])),
    );
    for (const [id, r] of Object.entries(expected.Resources)) {
      if (BODY_TYPES.has(r.Type)) continue;
      expect({ id, ...actual.Resources[id] }).toEqual({ id, ...r });
    }
    expect(actual.Outputs).toEqual(expected.Outputs);
    expect(actual.Globals).toBeUndefined();
  });
});

describe('SAM Policies', () => {
  it('refuses a policy template xacct does not carry, in its own words', () => {
    expect(() => rolePolicies('Fn', [{ RekognitionDetectOnlyPolicy: {} }], () => undefined)).toThrow(
      'Resource with id [Fn] is invalid. Policy template RekognitionDetectOnlyPolicy is not supported by xacct.',
    );
  });
});
