//! Generated files as values, and the only place that writes them.

use std::collections::BTreeMap;

/// Generated files, keyed by their path relative to the output directory (`terraform/main.tf`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    files: BTreeMap<String, String>,
}

impl Generated {
    /// Adds a file; contents are normalised to LF with one trailing newline.
    pub fn insert(&mut self, path: String, contents: String) {
        let mut text = contents.replace("\r\n", "\n");
        while text.ends_with("\n\n") {
            text.pop();
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.files.insert(path, text);
    }

    /// Every file in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, c)| (p.as_str(), c.as_str()))
    }

    /// One file's contents.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }
}
