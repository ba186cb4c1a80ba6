//! The workspace storage account's private endpoints: which storage services get one.

use super::*;
use crate::azure::private_link::{self, Target};

impl Cx<'_> {
    /// `workspace.private_endpoints.storage_services`: each service once, and at least the ones Azure
    /// Machine Learning needs; the result is in creation order.
    pub(super) fn storage_services(&mut self, pe: &model::PrivateEndpoints, path: &str) -> Vec<Target> {
        let Some(services) = &pe.storage_services else { return private_link::STORAGE_REQUIRED.to_vec() };
        let list = join_key(path, "storage_services");
        let mut seen: BTreeMap<Target, usize> = BTreeMap::new();
        for (index, service) in services.iter().enumerate() {
            let target = target(*service);
            if let Some(first) = seen.get(&target) {
                let related = vec![self.related("first listed here".to_owned(), &join_index(&list, *first))];
                self.error_with(
                    codes::STORAGE_SERVICES,
                    &join_index(&list, index),
                    format!("storage service `{}` is listed twice", name(*service)),
                    "list each storage service once".to_owned(),
                    related,
                );
            } else {
                seen.insert(target, index);
            }
        }
        let missing: Vec<&str> = private_link::STORAGE_REQUIRED
            .iter()
            .filter(|t| !seen.contains_key(t))
            .map(|t| private_link::target(*t).group_id)
            .collect();
        if !missing.is_empty() {
            let with: Vec<&str> = private_link::STORAGE_SERVICES
                .iter()
                .filter(|t| seen.contains_key(t) || private_link::STORAGE_REQUIRED.contains(t))
                .map(|t| private_link::target(*t).group_id)
                .collect();
            self.error(
                codes::STORAGE_SERVICES,
                &list,
                format!(
                    "storage services without {}: Azure Machine Learning reaches its storage account through the \
                     blob and file services",
                    list_words(&missing)
                ),
                format!("use `storage_services: [{}]`", with.join(", ")),
            );
        }
        private_link::STORAGE_SERVICES.iter().copied().filter(|t| seen.contains_key(t)).collect()
    }
}

fn target(service: model::StorageService) -> Target {
    match service {
        model::StorageService::Blob => Target::StorageBlob,
        model::StorageService::File => Target::StorageFile,
        model::StorageService::Queue => Target::StorageQueue,
        model::StorageService::Table => Target::StorageTable,
    }
}

/// The service as the spec spells it (its group id).
fn name(service: model::StorageService) -> &'static str {
    private_link::target(target(service)).group_id
}

fn list_words(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    quoted.join(" and ")
}
