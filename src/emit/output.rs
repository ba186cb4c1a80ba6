//! Generated files as values, and the only place that writes them to disk.
//!
//! Rendering happens entirely in memory before anything is written, so an invalid spec never touches
//! the output directory. Each file is written to a temporary file beside it and renamed into place,
//! and only when its contents changed, so unchanged files keep their modification times and a reader
//! never sees a half-written file.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Generated files, keyed by their path relative to the output directory (`terraform/main.tf`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    files: BTreeMap<String, String>,
}

/// What [`Generated::write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written because they were new or their contents changed.
    pub written: Vec<PathBuf>,
    /// Files left alone because their contents were already right.
    pub unchanged: Vec<PathBuf>,
}

impl Generated {
    /// Adds a file; contents are normalised to LF with exactly one trailing newline.
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

    /// Writes every file under `dir`, creating directories as needed and skipping files whose
    /// contents are already right.
    pub fn write(&self, dir: &Path) -> io::Result<WriteReport> {
        let mut report = WriteReport::default();
        for (rel, contents) in &self.files {
            let path = dir.join(rel);
            if fs::read(&path).is_ok_and(|old| old == contents.as_bytes()) {
                report.unchanged.push(path);
                continue;
            }
            let parent = path.parent().expect("generated paths have a parent");
            fs::create_dir_all(parent)?;
            let file_name = path.file_name().expect("generated paths name a file").to_string_lossy();
            let tmp = parent.join(format!(".{file_name}.amlnet-{}.tmp", std::process::id()));
            fs::write(&tmp, contents).and_then(|()| fs::rename(&tmp, &path)).inspect_err(|_| {
                let _ = fs::remove_file(&tmp);
            })?;
            report.written.push(path);
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_newlines() {
        let mut g = Generated::default();
        g.insert("a".into(), "x\r\ny\n\n\n".into());
        g.insert("b".into(), "z".into());
        assert_eq!(g.get("a"), Some("x\ny\n"));
        assert_eq!(g.get("b"), Some("z\n"));
    }
}
