terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  # Remote state: create the bucket and lock table once (see docs/deploy.md), then uncomment
  # and run `terraform init -migrate-state`. Local state is the default so a first apply works
  # in an empty account.
  #
  # backend "s3" {
  #   bucket         = "wastecoach-tfstate-<account-id>"
  #   key            = "wastecoach/cluster.tfstate"
  #   region         = "ap-northeast-2"
  #   encrypt        = true
  #   dynamodb_table = "wastecoach-tfstate-lock"
  # }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = var.project
      ManagedBy = "terraform"
    }
  }
}
