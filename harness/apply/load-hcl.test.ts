/**
 * Reading a Terraform configuration as written (load-hcl.ts): HCL through @cdktf/hcl2json normalized to Terraform's
 * JSON syntax, *.tf and *.tf.json of one directory merged (https://developer.hashicorp.com/terraform/language/files),
 * modules from local paths and from `.terraform/modules/modules.json` (the manifest `terraform get`/`init` writes),
 * and what a `cdktf synth` output folder still is: one document per stack.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, planAll } from './apply.js';
import { recordingClients } from './testing/recording-clients.js';
import { loadTerraform, normalizeHclJson, XACCT_KEY } from './load-hcl.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-load-hcl-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('load-hcl', () => {
  it('unwraps the list hcl2json puts around each labelled block, and keeps nested blocks as lists', () => {
    expect(
      normalizeHclJson({
        variable: { a: [{ default: 1 }] },
        resource: { aws_s3_bucket: { b: [{ bucket: 'x', versioning: [{ enabled: true }] }] } },
        locals: [{ a: 1 }, { b: 2 }],
      }),
    ).toEqual({
      variable: { a: { default: 1 } },
      resource: { aws_s3_bucket: { b: { bucket: 'x', versioning: [{ enabled: true }] } } },
      locals: [{ a: 1 }, { b: 2 }],
    });
  });

  it('merges *.tf and *.tf.json of one directory into one plan', async () => {
    const dir = dirWith({
      'main.tf': 'provider "aws" {\n  access_key = "111111111111"\n}\nresource "aws_s3_bucket" "a" {\n  bucket = local.name\n}\n',
      'extra.tf.json': JSON.stringify({ locals: { name: 'from-json' }, resource: { aws_s3_bucket: { b: { bucket: '${aws_s3_bucket.a.bucket}-b' } } } }),
    });
    const loaded = await loadTerraform(dir);
    expect(loaded.files).toEqual([join(dir, 'extra.tf.json'), join(dir, 'main.tf')]);
    const [plan] = planAll(loaded.documents);
    expect(plan!.nodes.map((n) => n.address)).toEqual(['aws_s3_bucket.a', 'aws_s3_bucket.b']);
  });

  it('reads a module terraform get vendored under .terraform/modules, by its key in modules.json', async () => {
    const dir = dirWith({
      'main.tf': 'provider "aws" {\n  access_key = "111111111111"\n}\nmodule "store" {\n  source = "example/store/aws"\n  name   = "vendored"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'store', Source: 'registry.terraform.io/example/store/aws', Dir: '.terraform/modules/store' }] }),
      '.terraform/modules/store/main.tf': 'variable "name" {\n  type = string\n}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n',
    });
    const loaded = await loadTerraform(dir);
    // Files of a directory merge as lists of their blocks (load.ts mergeTerraformJson).
    const call = (loaded.documents[0]!.module as Array<Record<string, Record<string, { dir: string }>>>)[0]!.store!;
    expect(call[XACCT_KEY]!.dir).toBe(join(dir, '.terraform/modules/store'));
    const [plan] = planAll(loaded.documents);
    expect(plan!.nodes.map((n) => `${n.address} ${n.provider.account}`)).toEqual(['module.store.aws_s3_bucket.this 111111111111']);
  });

  it('a module call naming an undeclared variable, or missing a required one, is refused in Terraform\'s words', async () => {
    const dir = dirWith({
      'main.tf': 'provider "aws" {\n  access_key = "111111111111"\n}\nmodule "m" {\n  source = "./m"\n  nope   = 1\n}\n',
      'm/main.tf': 'variable "needed" {}\n',
    });
    const loaded = await loadTerraform(dir);
    try {
      planAll(loaded.documents);
      expect.unreachable();
    } catch (e) {
      expect((e as { problems: unknown }).problems).toEqual([
        { address: 'module.m', message: 'Unsupported argument: An argument named "nope" is not expected here.', at: 'main.tf line 4' },
        { address: 'module.m', message: 'Missing required argument: The argument "needed" is required, but no definition was found.', at: 'main.tf line 4' },
      ]);
    }
  });

  it('a module call\'s depends_on orders every resource of the module after what it names; moved blocks are accepted', async () => {
    const dir = dirWith({
      'main.tf':
        'provider "aws" {\n  access_key = "111111111111"\n}\nmodule "m" {\n  source     = "./m"\n  depends_on = [aws_s3_bucket.z]\n}\nresource "aws_s3_bucket" "z" {\n  bucket = "z"\n}\nmoved {\n  from = aws_s3_bucket.y\n  to   = aws_s3_bucket.z\n}\n',
      'm/main.tf': 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n',
    });
    const [plan] = planAll((await loadTerraform(dir)).documents);
    expect(plan!.nodes.map((n) => `${n.address} <- ${n.deps.join(',')}`)).toEqual(['aws_s3_bucket.z <- ', 'module.m.aws_s3_bucket.a <- aws_s3_bucket.z']);
  });

  it('--provider-account places a provider whose block does not say its account (a profile)', async () => {
    const dir = dirWith({ 'main.tf': 'provider "aws" {\n  region  = "eu-west-1"\n  profile = "prod"\n}\nresource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n' });
    const [plan] = planAll((await loadTerraform(dir, { providerAccounts: { aws: '333333333333' } })).documents);
    expect(plan!.nodes.map((n) => `${n.address} ${n.provider.account} ${n.provider.region}`)).toEqual(['aws_s3_bucket.a 333333333333 eu-west-1']);
  });

  it('a root variable without a value is refused in Terraform\'s words', async () => {
    const dir = dirWith({ 'main.tf': 'variable "env" {\n  type = string\n}\n' });
    try {
      planAll((await loadTerraform(dir)).documents);
      expect.unreachable();
    } catch (e) {
      expect((e as { problems: unknown }).problems).toEqual([
        { address: 'var.env', message: 'No value for required variable: The root module input variable "env" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.', at: 'main.tf line 1' },
      ]);
    }
  });

  it('a problem inside a module names the file and line of its block', async () => {
    const dir = dirWith({
      'main.tf': 'provider "aws" {\n  access_key = "111111111111"\n}\nmodule "m" {\n  source = "./m"\n}\n',
      'm/b.tf': '\nresource "aws_s3_bucket" "a" {\n  bucket = var.nope\n}\n',
    });
    try {
      planAll((await loadTerraform(dir)).documents);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe(
        'invalid Terraform configuration, nothing was created:\n  module.m.aws_s3_bucket.a (on m/b.tf line 2): Reference to undeclared input variable: An input variable with the name "nope" has not been declared in module.m. (var.nope)',
      );
    }
  });

  it('a module call with for_each or count makes one instance per key or index, each with its own inputs', async () => {
    const dir = dirWith({
      'main.tf':
        'provider "aws" {\n  access_key = "111111111111"\n}\nvariable "stages" {\n  default = { test = "t", prod = "p" }\n}\nmodule "stage" {\n  for_each = var.stages\n  source   = "./m"\n  name     = "${each.key}-${each.value}"\n}\nmodule "copy" {\n  count  = 2\n  source = "./m"\n  name   = "copy-${count.index}"\n}\noutput "names" {\n  value = [module.stage["prod"].bucket, module.copy[1].bucket, module.stage.test.bucket, length(module.copy)]\n}\n',
      'm/main.tf': 'variable "name" {}\nresource "aws_s3_bucket" "a" {\n  bucket = var.name\n}\noutput "bucket" {\n  value = aws_s3_bucket.a.bucket\n}\n',
    });
    const loaded = await loadTerraform(dir);
    const [plan] = planAll(loaded.documents);
    expect(plan!.nodes.map((n) => n.address)).toEqual([
      'module.copy[0].aws_s3_bucket.a',
      'module.copy[1].aws_s3_bucket.a',
      'module.stage["prod"].aws_s3_bucket.a',
      'module.stage["test"].aws_s3_bucket.a',
    ]);
    const result = await apply(loaded.documents, { clients: recordingClients().factory });
    expect(result.outputs.names).toEqual(['prod-p', 'copy-1', 'test-t', 2]);
  });

  it('object type constraints: a module argument and a root default take optional attributes\' defaults and drop extra ones; a missing attribute is refused in go-cty\'s words', async () => {
    const child = {
      'm/main.tf':
        'variable "cfg" {\n  type = object({\n    name   = string\n    suffix = optional(string, "-x")\n    tags   = optional(map(string))\n  })\n}\nresource "aws_s3_bucket" "a" {\n  bucket = "${var.cfg.name}${var.cfg.suffix}"\n}\noutput "cfg" {\n  value = var.cfg\n}\n',
    };
    const dir = dirWith({
      ...child,
      'main.tf':
        'provider "aws" {\n  access_key = "111111111111"\n}\nvariable "o" {\n  type    = object({ dir = optional(string, "."), image = optional(string) })\n  default = {}\n}\nmodule "m" {\n  source = "./m"\n  cfg    = { name = "b", extra = 1 }\n}\noutput "out" {\n  value = [module.m.cfg, var.o, var.o["image"]]\n}\n',
    });
    const loaded = await loadTerraform(dir);
    const result = await apply(loaded.documents, { clients: recordingClients().factory });
    expect(result.outputs.out).toEqual([{ name: 'b', suffix: '-x', tags: null }, { dir: '.', image: null }, null]);
    const bad = dirWith({ ...child, 'main.tf': 'provider "aws" {\n  access_key = "111111111111"\n}\nmodule "m" {\n  source = "./m"\n  cfg    = { suffix = "y" }\n}\n' });
    // Terraform's sentence (internal/terraform/eval_variable.go) around go-cty's (cty/convert/mismatch_msg.go).
    await expect(apply((await loadTerraform(bad)).documents, { clients: recordingClients().factory })).rejects.toThrow(
      'Invalid value for input variable: The given value is not suitable for module.m.var.cfg declared at its variable block: attribute "name" is required.',
    );
  });

  it('warns of quoted types and provider references in HCL only: JSON syntax writes them quoted', async () => {
    const child = { 'm/main.tf': 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n' };
    const hcl = dirWith({
      ...child,
      'main.tf': 'provider "aws" {\n  alias      = "x"\n  access_key = "111111111111"\n}\nvariable "v" {\n  type    = "map"\n  default = {}\n}\nmodule "m" {\n  source    = "./m"\n  providers = { "aws" = "aws.x" }\n}\n',
    });
    const json = dirWith({
      ...child,
      'main.tf.json': JSON.stringify({
        provider: { aws: [{ alias: 'x', access_key: '111111111111' }] },
        variable: { v: { type: 'map(string)', default: {} } },
        module: { m: { source: './m', providers: { aws: 'aws.x' } } },
      }),
    });
    const warnings = async (dir: string) => planAll((await loadTerraform(dir)).documents)[0]!.warnings.map((w) => w.slice(0, w.indexOf(':', 9)));
    expect(await warnings(hcl)).toEqual(['Warning: Invalid quoted type constraints', 'Warning: Invalid provider configuration reference']);
    expect(await warnings(json)).toEqual([]);
    const [plan] = planAll((await loadTerraform(json)).documents);
    expect(plan!.nodes.map((n) => `${n.address} ${n.provider.key}`)).toEqual(['module.m.aws_s3_bucket.a aws.x']);
  });

  it('a cdktf synth output folder is still one document per stack', async () => {
    const stack = { '//': { metadata: { stackName: 's1' } }, provider: { aws: [{ access_key: '111111111111' }] } };
    const dir = dirWith({ 'manifest.json': JSON.stringify({ stacks: { s1: { synthesizedStackPath: 'stacks/s1/cdk.tf.json' } } }), 'stacks/s1/cdk.tf.json': JSON.stringify(stack) });
    const loaded = await loadTerraform(dir);
    expect(loaded.documents).toEqual([stack]);
  });
});
