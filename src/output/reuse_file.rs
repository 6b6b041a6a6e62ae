//! The previous build's page keys (`.stratwiki-cache/pages.json`): which files of the site now
//! at the destination a build may keep as they are, and which editions it may take whole.

use std::path::Path;

use crate::render::{Edition, Reuse};

#[derive(serde::Serialize, serde::Deserialize)]
struct ReuseFile {
    version: u32,
    dest: String,
    keys: std::collections::BTreeMap<String, u64>,
    /// Editions that a later build may take whole, by folder (none in older files).
    #[serde(default)]
    editions: std::collections::BTreeMap<String, Edition>,
}

/// The previous build's page keys, read from `file`, when they describe the site now at `dest`;
/// an empty record (nothing reused, keys collected) when they do not.
pub fn load_reuse(file: &Path, dest: &Path) -> Option<Reuse> {
    let dest_abs = std::path::absolute(dest).ok()?;
    let mut reuse = Reuse {
        previous: dest_abs.clone(),
        ..Default::default()
    };
    if let Ok(bytes) = std::fs::read(file)
        && let Ok(f) = serde_json::from_slice::<ReuseFile>(&bytes)
        && f.version == 1
        && f.dest == dest_abs.to_string_lossy()
        && dest.is_dir()
    {
        reuse.old = f.keys.into_iter().collect();
        reuse.editions_old = f.editions.into_iter().collect();
    }
    Some(reuse)
}

/// Record this build's page keys in `file`, for the site now at `dest`.
pub fn save_reuse(file: &Path, dest: &Path, reuse: &Reuse) {
    let Ok(dest_abs) = std::path::absolute(dest) else {
        return;
    };
    let keys = reuse
        .new
        .lock()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), *v)).collect())
        .unwrap_or_default();
    let editions = reuse
        .editions_new
        .lock()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let f = ReuseFile {
        version: 1,
        dest: dest_abs.to_string_lossy().into_owned(),
        keys,
        editions,
    };
    if let (Some(dir), Ok(json)) = (file.parent(), serde_json::to_vec(&f)) {
        let _ = std::fs::create_dir_all(dir);
        let tmp = file.with_extension("tmp");
        if std::fs::write(&tmp, json).is_ok() {
            let _ = std::fs::rename(tmp, file);
        }
    }
}
