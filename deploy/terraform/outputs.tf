output "control_plane" {
  description = "Control-plane node addresses."
  value = {
    name       = "control-plane"
    public_ip  = aws_instance.control_plane.public_ip
    private_ip = aws_instance.control_plane.private_ip
  }
}

output "workers" {
  description = "Worker node addresses, keyed by node name."
  value = {
    for name, w in aws_instance.worker : name => {
      instance_type = w.instance_type
      public_ip     = w.public_ip
      private_ip    = w.private_ip
    }
  }
}

output "ingress_public_ips" {
  description = "Point the application's DNS A records at these worker addresses."
  value       = [for w in aws_instance.worker : w.public_ip]
}

output "private_subnet_ids" {
  description = "Subnets for the data stores (PostgreSQL/PostGIS, Redis, RabbitMQ)."
  value       = aws_subnet.private[*].id
}

output "data_security_group_id" {
  description = "Security group to attach to the data stores."
  value       = aws_security_group.data.id
}

output "ansible_inventory" {
  description = "Ansible inventory (INI), written by scripts/provision.sh to deploy/ansible/inventory/hosts.ini."
  value = templatefile("${path.module}/../ansible/inventory/hosts.ini.tftpl", {
    control_plane = {
      public_ip  = aws_instance.control_plane.public_ip
      private_ip = aws_instance.control_plane.private_ip
    }
    workers = {
      for name, w in aws_instance.worker : name => {
        public_ip  = w.public_ip
        private_ip = w.private_ip
      }
    }
  })
}
