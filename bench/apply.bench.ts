/**
 * Benchmark (not a test): synthesis and apply of the reference setup, measured separately.
 * Targets from issue 5: apply < 100 ms; synthesis + apply < 2 s.
 * `apply (emulator)` is the real in-process emulator; `apply (plan only)` uses a recording fake client layer and
 * measures the applier's own cost (validation, ordering, evaluation).
 * Terraform as written (issue 17): reading (HCL through @cdktf/hcl2json) and applying a 30-resource configuration
 * with one local module, target < 500 ms; the first read also starts hcl2json's WebAssembly module, once per process.
 * Run alone: node --import tsx bench/apply.bench.ts
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchApply(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const { synthReferenceSetup } = await import('../stacks/reference-setup.js');
  const importMs = ms(t0);

  const t1 = performance.now();
  const tf = synthReferenceSetup();
  const firstSynthMs = ms(t1);
  const synthRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    synthReferenceSetup();
    synthRuns.push(ms(t));
  }

  const { apply } = await import('../harness/apply/index.js');
  const { recordingClients } = await import('../harness/apply/testing/recording-clients.js');
  const planRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await apply(tf, { clients: recordingClients().factory });
    planRuns.push(ms(t));
  }

  const { startEmulator } = await import('../harness/index.js');
  const emuRuns: number[] = [];
  let emulatorError: string | undefined;
  for (let i = 0; i < 5 && !emulatorError; i++) {
    const emu = await startEmulator({ transport: 'in-process' });
    const t = performance.now();
    try {
      await apply(tf, { resolver: emu });
      emuRuns.push(ms(t));
    } catch (e) {
      emulatorError = e instanceof Error ? e.message : String(e);
    } finally {
      await emu.dispose();
    }
  }

  const applyMs = emuRuns.length ? median(emuRuns) : undefined;
  return {
    'cdktf + stack import (ms)': importMs,
    'synthesis, first (ms)': firstSynthMs,
    'synthesis, warm median (ms)': median(synthRuns),
    'apply (plan only, fake clients) median (ms)': median(planRuns),
    'apply (emulator, in-process) median (ms)': applyMs ?? `not measured: ${emulatorError}`,
    'synthesis + apply (ms)': applyMs !== undefined ? Math.round((importMs + firstSynthMs + applyMs) * 10) / 10 : 'n/a',
    'target apply < 100 ms': applyMs !== undefined ? applyMs < 100 : 'n/a',
  };
}

const ROOT_TF = `
provider "aws" {
  alias      = "pipeline"
  region     = "us-east-1"
  access_key = "111111111111"
}
provider "aws" {
  alias      = "target"
  region     = "us-east-1"
  access_key = "222222222222"
}
variable "name" {
  type    = string
  default = "bench"
}
variable "developers" {
  type    = list(string)
  default = ["ana", "ben", "cai", "dee", "eli", "fay"]
}
locals {
  bucket = "\${var.name}-artifacts"
}
data "aws_caller_identity" "me" {
  provider = aws.pipeline
}
data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${data.aws_caller_identity.me.account_id}:root", "arn:aws:iam::222222222222:root"]
    }
  }
}
resource "aws_kms_key" "artifacts" {
  provider = aws.pipeline
  policy   = data.aws_iam_policy_document.key.json
}
resource "aws_kms_alias" "artifacts" {
  provider      = aws.pipeline
  name          = "alias/\${var.name}"
  target_key_id = aws_kms_key.artifacts.key_id
}
resource "aws_s3_bucket" "artifacts" {
  provider = aws.pipeline
  bucket   = local.bucket
}
resource "aws_s3_bucket_versioning" "artifacts" {
  provider = aws.pipeline
  bucket   = aws_s3_bucket.artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_public_access_block" "artifacts" {
  provider                = aws.pipeline
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_policy" "artifacts" {
  provider = aws.pipeline
  bucket   = aws_s3_bucket.artifacts.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = module.target.action_role_arn }, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.artifacts.arn}/*" }]
  })
}
resource "aws_iam_role" "pipeline" {
  provider           = aws.pipeline
  name               = "\${var.name}-pipeline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "codepipeline.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "pipeline" {
  provider = aws.pipeline
  role     = aws_iam_role.pipeline.name
  name     = "pipeline"
  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = module.target.action_role_arn }] })
}
resource "aws_iam_user" "dev" {
  provider = aws.pipeline
  count    = length(var.developers)
  name     = var.developers[count.index]
}
resource "aws_iam_user_policy" "dev" {
  provider = aws.pipeline
  count    = length(var.developers)
  user     = aws_iam_user.dev[count.index].name
  name     = "read-artifacts"
  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.artifacts.arn}/*" }] })
}
module "target" {
  source           = "./target"
  name             = var.name
  pipeline_account = data.aws_caller_identity.me.account_id
  artifact_key     = aws_kms_key.artifacts.arn
  providers = {
    aws = aws.target
  }
}
`;

const TARGET_TF = `
variable "name" {
  type = string
}
variable "pipeline_account" {
  type = string
}
variable "artifact_key" {
  type = string
}
resource "aws_iam_role" "action" {
  name               = "\${var.name}-action"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${var.pipeline_account}:root" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "action" {
  role   = aws_iam_role.action.name
  name   = "handoff"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = var.artifact_key }] })
}
resource "aws_iam_role" "deploy" {
  name               = "\${var.name}-deploy"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "cloudformation.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_s3_bucket" "deploy" {
  bucket = "\${var.name}-deploy"
}
resource "aws_s3_bucket_versioning" "deploy" {
  bucket = aws_s3_bucket.deploy.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_kms_key" "deploy" {
  description = "\${var.name} deploy"
}
resource "aws_kms_alias" "deploy" {
  name          = "alias/\${var.name}-deploy"
  target_key_id = aws_kms_key.deploy.key_id
}
resource "aws_iam_policy" "read" {
  name   = "\${var.name}-read"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.deploy.arn}/*" }] })
}
resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.action.name
  policy_arn = aws_iam_policy.read.arn
}
output "action_role_arn" {
  value = aws_iam_role.action.arn
}
`;

/** Reading and applying a 30-resource HCL configuration with one local module (issue 17's benchmark). */
export async function benchTerraformHcl(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'xacct-bench-hcl-'));
  mkdirSync(join(dir, 'target'));
  writeFileSync(join(dir, 'main.tf'), ROOT_TF);
  writeFileSync(join(dir, 'target', 'main.tf'), TARGET_TF);
  const { apply, loadTerraform } = await import('../harness/apply/index.js');
  const { startEmulator } = await import('../harness/index.js');
  const runs: Array<{ read: number; apply: number; resources: number }> = [];
  for (let i = 0; i < 6; i++) {
    const emu = await startEmulator({ transport: 'in-process' });
    try {
      const t = performance.now();
      const loaded = await loadTerraform(dir);
      const read = ms(t);
      const t2 = performance.now();
      const result = await apply(loaded.documents, { resolver: emu });
      runs.push({ read, apply: ms(t2), resources: result.resources.length });
    } finally {
      await emu.dispose();
    }
  }
  const warm = runs.slice(1);
  const total = median(warm.map((r) => Math.round((r.read + r.apply) * 10) / 10));
  return {
    'HCL resources applied (1 local module)': runs[0]!.resources,
    'HCL read, first (starts hcl2json WebAssembly) (ms)': runs[0]!.read,
    'HCL read, warm median (ms)': median(warm.map((r) => r.read)),
    'HCL apply (emulator) median (ms)': median(warm.map((r) => r.apply)),
    'HCL read + apply, first (ms)': Math.round((runs[0]!.read + runs[0]!.apply) * 10) / 10,
    'HCL read + apply, warm median (ms)': total,
    'target HCL read + apply < 500 ms': total < 500,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = { ...(await benchApply()), ...(await benchTerraformHcl()) };
  for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(52)} ${String(v)}`);
}
