locals {
  node_common = {
    ami      = data.aws_ami.ubuntu.id
    key_name = aws_key_pair.admin.key_name
  }
}

resource "aws_instance" "control_plane" {
  # checkov:skip=CKV_AWS_88:Single-node control plane is reached directly (SSH/6443 limited to admin_cidrs); no bastion or VPN in this small setup.
  # checkov:skip=CKV_AWS_126:Detailed (1-minute) monitoring is a paid add-on; basic 5-minute metrics are enough here.
  # checkov:skip=CKV2_AWS_41:Nodes call no AWS API; the application gets S3 credentials from a Kubernetes Secret.
  ami                         = local.node_common.ami
  instance_type               = var.control_plane_instance_type
  key_name                    = local.node_common.key_name
  subnet_id                   = aws_subnet.public[0].id
  vpc_security_group_ids      = [aws_security_group.nodes.id, aws_security_group.control_plane.id]
  associate_public_ip_address = true
  ebs_optimized               = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gb
    encrypted             = true
    delete_on_termination = true
  }

  tags = { Name = "${var.project}-control-plane", Role = "control-plane" }
}

resource "aws_instance" "worker" {
  # checkov:skip=CKV_AWS_88:Workers serve public HTTP(S) through ingress-nginx host ports, so they need public addresses.
  # checkov:skip=CKV_AWS_126:Detailed (1-minute) monitoring is a paid add-on; basic 5-minute metrics are enough here.
  # checkov:skip=CKV2_AWS_41:Nodes call no AWS API; the application gets S3 credentials from a Kubernetes Secret.
  for_each = local.workers

  ami                         = local.node_common.ami
  instance_type               = each.value.instance_type
  key_name                    = local.node_common.key_name
  subnet_id                   = aws_subnet.public[each.value.subnet_index].id
  vpc_security_group_ids      = [aws_security_group.nodes.id, aws_security_group.ingress.id]
  associate_public_ip_address = true
  ebs_optimized               = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gb
    encrypted             = true
    delete_on_termination = true
  }

  tags = { Name = "${var.project}-${each.key}", Role = "worker" }
}
