//! `workspace.system_datastores_auth`: how the workspace's system datastores authenticate to its
//! storage account, and the warning identity auth needs.

use super::*;
use crate::azure::defaults::{self, DatastoresAuth};

impl Cx<'_> {
    /// `workspace.system_datastores_auth`, the default when absent. Identity auth stores no key in the
    /// datastores, so each user needs a storage data role, which amlnet does not assign: a warning says which.
    pub(super) fn datastores_auth(&mut self, spec: &Spec) -> DatastoresAuth {
        let auth = match spec.workspace.system_datastores_auth {
            None => defaults::SYSTEM_DATASTORES_AUTH,
            Some(model::DatastoresAuthMode::AccessKey) => DatastoresAuth::AccessKey,
            Some(model::DatastoresAuthMode::Identity) => DatastoresAuth::Identity,
        };
        if auth == DatastoresAuth::Identity {
            let [blob, file] = defaults::DATASTORES_IDENTITY_USER_ROLES;
            let [blob_reader, file_reader] = defaults::DATASTORES_IDENTITY_READER_ROLES;
            self.warning(
                codes::WARN_DATASTORES_IDENTITY,
                "workspace.system_datastores_auth",
                "the system datastores hold no storage key: every user of the workspace's data needs a storage \
                 data role, which amlnet does not assign"
                    .to_owned(),
                format!(
                    "assign `{blob}` and `{file}` (or `{blob_reader}` and `{file_reader}` for read-only use) on the \
                     storage account to the users and groups of the workspace"
                ),
            );
        }
        auth
    }
}
