//! The ARM shape of each resource, shared by the ARM and Bicep emitters and by Terraform's azapi bodies.
