# Every node: free traffic between nodes (kubelet, Calico BGP/IP-in-IP, NodePorts) and SSH from
# the administrators only.
resource "aws_security_group" "nodes" {
  name        = "${var.project}-nodes"
  description = "Kubernetes nodes: intra-cluster traffic and admin SSH"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${var.project}-nodes" }
}

resource "aws_vpc_security_group_ingress_rule" "nodes_self" {
  security_group_id            = aws_security_group.nodes.id
  description                  = "All traffic between cluster nodes (kubelet, Calico BGP and IP-in-IP, pods)"
  referenced_security_group_id = aws_security_group.nodes.id
  ip_protocol                  = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "nodes_ssh" {
  for_each = toset(var.admin_cidrs)

  security_group_id = aws_security_group.nodes.id
  description       = "SSH from an administrator network"
  cidr_ipv4         = each.value
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

# trivy:ignore:AVD-AWS-0104 Nodes pull images (GHCR, registry.k8s.io), OS packages and reach the LLM/OAuth/S3 APIs over the internet; pod egress is narrowed by NetworkPolicies.
resource "aws_vpc_security_group_egress_rule" "nodes_all" {
  security_group_id = aws_security_group.nodes.id
  description       = "Outbound: image registries, OS packages, S3 and third-party APIs"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

# Control plane: Kubernetes API for administrators (kubectl, helm) on top of the node rules.
resource "aws_security_group" "control_plane" {
  name        = "${var.project}-control-plane"
  description = "Kubernetes API server access for administrators"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${var.project}-control-plane" }
}

resource "aws_vpc_security_group_ingress_rule" "control_plane_api" {
  for_each = toset(var.admin_cidrs)

  security_group_id = aws_security_group.control_plane.id
  description       = "Kubernetes API from an administrator network"
  cidr_ipv4         = each.value
  from_port         = 6443
  to_port           = 6443
  ip_protocol       = "tcp"
}

# Workers: public HTTP(S) to ingress-nginx, which listens on host ports 80/443.
resource "aws_security_group" "ingress" {
  name        = "${var.project}-ingress"
  description = "Public HTTP and HTTPS to the ingress controller on worker nodes"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${var.project}-ingress" }
}

# trivy:ignore:AVD-AWS-0107 The public web application and the Let's Encrypt HTTP-01 challenge must be reachable from anywhere.
resource "aws_vpc_security_group_ingress_rule" "ingress_http" {
  # checkov:skip=CKV_AWS_260:Port 80 must be public for the Let's Encrypt HTTP-01 challenge; ingress-nginx redirects everything else to HTTPS.
  security_group_id = aws_security_group.ingress.id
  description       = "HTTP from the internet (redirects to HTTPS; ACME HTTP-01 challenge)"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
}

# trivy:ignore:AVD-AWS-0107 The public web application must be reachable from anywhere over HTTPS.
resource "aws_vpc_security_group_ingress_rule" "ingress_https" {
  security_group_id = aws_security_group.ingress.id
  description       = "HTTPS from the internet"
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

# Data stores placed in the private subnets attach this group: reachable from nodes only.
resource "aws_security_group" "data" {
  # checkov:skip=CKV2_AWS_5:Attached by the operator to the PostgreSQL/Redis/RabbitMQ instances, which live outside this configuration (docs/deploy.md).
  name        = "${var.project}-data"
  description = "PostgreSQL, Redis and RabbitMQ reachable from the cluster nodes only"
  vpc_id      = aws_vpc.main.id
  tags        = { Name = "${var.project}-data" }
}

resource "aws_vpc_security_group_ingress_rule" "data_from_nodes" {
  for_each = { postgres = 5432, rabbitmq_tls = 5671, rabbitmq = 5672, redis = 6379 }

  security_group_id            = aws_security_group.data.id
  description                  = "${each.key} from the cluster nodes"
  referenced_security_group_id = aws_security_group.nodes.id
  from_port                    = each.value
  to_port                      = each.value
  ip_protocol                  = "tcp"
}
