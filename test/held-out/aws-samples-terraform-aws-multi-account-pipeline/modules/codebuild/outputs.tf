// Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.
// SPDX-License-Identifier: MIT-0

output "codebuild_project" {
  value = aws_codebuild_project.this
}
