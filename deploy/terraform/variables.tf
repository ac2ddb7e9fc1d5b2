variable "project" {
  description = "Name prefix for every resource."
  type        = string
  default     = "wastecoach"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "ap-northeast-2"

  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like ap-northeast-2."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 20
    error_message = "vpc_cidr must be a valid IPv4 CIDR of /20 or larger."
  }
}

variable "availability_zones" {
  description = "Availability zones (names) that each get one public and one private subnet; pinned so the layout never shifts when AWS adds a zone."
  type        = list(string)
  default     = ["ap-northeast-2a", "ap-northeast-2c"]

  validation {
    condition     = length(var.availability_zones) >= 1 && length(var.availability_zones) <= 3 && alltrue([for z in var.availability_zones : can(regex("^[a-z]{2}-[a-z]+-[0-9][a-z]$", z))])
    error_message = "availability_zones must list 1-3 zone names such as ap-northeast-2a."
  }
}

variable "admin_cidrs" {
  description = "CIDRs allowed to reach SSH (22) and the Kubernetes API (6443). Never 0.0.0.0/0."
  type        = list(string)

  validation {
    condition     = length(var.admin_cidrs) > 0 && alltrue([for c in var.admin_cidrs : can(cidrnetmask(c)) && c != "0.0.0.0/0"])
    error_message = "admin_cidrs must be a non-empty list of valid IPv4 CIDRs and must not contain 0.0.0.0/0."
  }
}

variable "ssh_public_key" {
  description = "OpenSSH public key installed on every node (contents, not a path)."
  type        = string

  validation {
    condition     = can(regex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp[0-9]+) [A-Za-z0-9+/=]+", var.ssh_public_key))
    error_message = "ssh_public_key must be an OpenSSH public key (ssh-ed25519, ssh-rsa or ecdsa)."
  }
}

variable "control_plane_instance_type" {
  description = "Instance type of the single control-plane node (kubeadm needs 2 vCPU, 2 GiB)."
  type        = string
  default     = "t3.medium"

  validation {
    condition     = contains(["t3.medium", "t3.large", "t3a.medium", "t3a.large"], var.control_plane_instance_type)
    error_message = "control_plane_instance_type must be t3.medium, t3.large, t3a.medium or t3a.large."
  }
}

variable "worker_instance_types" {
  description = "One entry per worker node; the default is two t3.medium and one t3.small."
  type        = list(string)
  default     = ["t3.medium", "t3.medium", "t3.small"]

  validation {
    condition     = length(var.worker_instance_types) >= 1 && length(var.worker_instance_types) <= 10 && alltrue([for t in var.worker_instance_types : can(regex("^t3a?\\.(small|medium|large|xlarge)$", t))])
    error_message = "worker_instance_types must list 1-10 of t3/t3a small, medium, large or xlarge."
  }
}

variable "root_volume_size_gb" {
  description = "Root EBS volume size of each node, in GiB (images and logs live here)."
  type        = number
  default     = 30

  validation {
    condition     = var.root_volume_size_gb >= 20 && var.root_volume_size_gb <= 200
    error_message = "root_volume_size_gb must be between 20 and 200."
  }
}

variable "ubuntu_ami_name_filter" {
  description = "Name filter of the Canonical Ubuntu AMI used for every node."
  type        = string
  default     = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"

  validation {
    condition     = length(var.ubuntu_ami_name_filter) > 0
    error_message = "ubuntu_ami_name_filter must not be empty."
  }
}
