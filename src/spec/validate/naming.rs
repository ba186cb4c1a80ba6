//! `naming`: the convention of derived names and its components.

use super::*;
use crate::azure::naming::{CAF_DEFAULT_INSTANCE, CAF_ENVIRONMENT_MAX, CAF_INSTANCE_MAX};
use model::NamingConvention;

impl Cx<'_> {
    /// `None` for the default convention (and when there were errors, which stop the spec anyway).
    pub(super) fn naming(&mut self, spec: &Spec) -> Option<ValidNaming> {
        let naming = spec.naming.as_ref()?;
        if naming.convention == NamingConvention::Default {
            for (field, set) in [("environment", naming.environment.is_some()), ("instance", naming.instance.is_some())]
            {
                if set {
                    self.key_error(
                        codes::NAMING,
                        &join_key("naming", field),
                        format!("`naming.{field}` enters names only under `convention: caf`"),
                        format!("set `naming.convention: caf`, or remove `{field}`"),
                    );
                }
            }
            return None;
        }
        let lower_alnum = |text: &str| text.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if let Some(environment) = &naming.environment
            && !((1..=CAF_ENVIRONMENT_MAX).contains(&environment.len()) && lower_alnum(environment))
        {
            self.error(
                codes::NAMING,
                "naming.environment",
                format!("environment `{environment}` is not 1 to {CAF_ENVIRONMENT_MAX} lowercase letters and digits"),
                "write a short stage name such as `prod`, `dev` or `test`".to_owned(),
            );
        }
        if let Some(instance) = &naming.instance
            && !((1..=CAF_INSTANCE_MAX).contains(&instance.len()) && instance.bytes().all(|c| c.is_ascii_digit()))
        {
            self.error(
                codes::NAMING,
                "naming.instance",
                format!("instance `{instance}` is not 1 to {CAF_INSTANCE_MAX} digits"),
                format!("write an instance number such as `{CAF_DEFAULT_INSTANCE}`"),
            );
        }
        Some(ValidNaming {
            environment: naming.environment.clone(),
            instance: naming.instance.clone().unwrap_or_else(|| CAF_DEFAULT_INSTANCE.to_owned()),
        })
    }
}
