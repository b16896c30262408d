import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDependencyGraph, creationOrder, deletionOrder } from './dependencies.js';
import { parseTemplate } from './parse.js';
import { validateTemplate } from './validate.js';

// Real CloudFormation templates of cross-account pipelines (test inputs only, read in place).
const CORPUS = '/work/shared/corpus/real-configs';

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templates(path);
    return /\.ya?ml$/.test(name) && !name.startsWith('buildspec') ? [path] : [];
  });
}

const files = templates(CORPUS);

describe('real CloudFormation templates', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files.map((f) => [relative(CORPUS, f), f]))('%s parses and orders its resources', (_name, file) => {
    const template = parseTemplate(readFileSync(file, 'utf8'));
    const graph = buildDependencyGraph(template);
    const order = creationOrder(graph);
    expect([...order].sort()).toEqual(Object.keys(template.Resources).sort());
    for (const [id, deps] of graph) {
      for (const dep of deps) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(id));
    }
    expect(deletionOrder(graph)).toEqual([...order].reverse());
    expect(validateTemplate(template).Parameters?.length).toBe(Object.keys(template.Parameters).length);
  });
});
