// Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.
// SPDX-License-Identifier: MIT-0

locals {
  validation_stages = {
    validate = "hashicorp/terraform:${var.terraform_version}"
    fmt      = "hashicorp/terraform:${var.terraform_version}"
    lint     = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
    sast     = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
  }
  conditional_validation_stages = merge(local.validation_stages, {
    tags = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
  })

  ordered_accounts = length(var.sequential) > 0 ? [
    for name in var.sequential : {
      name       = name
      account_id = var.accounts[name]
    }
  ] : []

  env_var = {
    CHECKOV_SKIPS       = join(",", "${var.checkov_skip}")
    CHECKOV_VERSION     = var.checkov_version
    SAST_REPORT_ARN     = aws_codebuild_report_group.sast.arn
    TF_VERSION          = var.terraform_version
    TFLINT_VERSION      = var.tflint_version
    WORKSPACE_DIRECTORY = var.workspace_directory
    TERRAFORM_DIRECTORY = var.build_override["directory"]
  }
  conditional_env_var = merge(local.env_var, {
    TAGS           = var.tags
    TAGNAG_VERSION = var.tagnag_version
  })

  region = data.aws_region.current.name
}
