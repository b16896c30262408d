/**
 * Core and the policy engine know no service by name (design.md, "Rules learned from measuring what landed"): a
 * service brings what core needs through its definition and the catalog. This fails when a file under
 * harness/core or harness/iam imports from harness/services (type imports included) or names a service in a string
 * literal outside comments, so adding a service never needs an edit here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const HARNESS = join(import.meta.dirname, '..');
const ROOMS = ['core', 'iam'];
const SERVICE_NAMES = [
  'lambda',
  's3',
  'kms',
  'sts',
  'iam',
  'cloudformation',
  'codepipeline',
  'codecommit',
  'events',
  'codebuild',
  'ssm',
  'sns',
  'logs',
  'codestar-connections',
  'ecs',
  'codedeploy',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The code without its comments: string literals kept, so a `//` inside one is not taken for a comment. */
function withoutComments(text: string): string {
  return text.replace(/('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m, literal: string | undefined) => literal ?? '');
}

/** Module specifiers of import and export-from statements and dynamic imports. */
function specifiers(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g)].map((m) => m[2]!);
}

/** Whole string literals (and template literals without substitutions) that are a service's name. */
function serviceLiterals(code: string): string[] {
  return [...code.matchAll(/(['"`])([^'"`\\\n]*)\1/g)].map((m) => m[2]!).filter((s) => SERVICE_NAMES.includes(s.toLowerCase()));
}

// This file names the services it looks for, and is the only one allowed to.
const files = ROOMS.flatMap((room) => sourceFiles(join(HARNESS, room))).filter((f) => f !== import.meta.filename);

describe('core/ and iam/ name no service', () => {
  it('finds the files it guards', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const file of files) {
    const name = relative(HARNESS, file);
    const code = withoutComments(readFileSync(file, 'utf8'));
    it(`${name} imports nothing from services/`, () => {
      expect(specifiers(code).filter((s) => /(^|\/)services\//.test(s))).toEqual([]);
    });
    // Tests beside core drive it through real services (SigV4 is verified for S3 and STS requests): only code is held to it.
    if (!name.endsWith('.test.ts')) {
      it(`${name} names no service in a string`, () => {
        expect(serviceLiterals(code)).toEqual([]);
      });
    }
  }

  it('catches what it is meant to catch', () => {
    const sample = withoutComments(`// 's3' in a comment\nimport type { X } from '../services/types.js';\nif (service === "kms") {}\nconst url = 'http://a//b';`);
    expect(specifiers(sample)).toEqual(['../services/types.js']);
    expect(serviceLiterals(sample)).toEqual(['kms']);
  });
});
