//! Finding what the commands need wherever they are run from: the repository's face models and web
//! UI, and an ffmpeg (the one on PATH, or the pinned static build `layers/ffmpeg/ensure-local.sh`
//! puts in `.mendan-tools/bin`).

use std::path::{Path, PathBuf};

/// Where the repository's own ffmpeg goes when the machine has none.
pub const LOCAL_FFMPEG: &str = ".mendan-tools/bin/ffmpeg";

/// Directories that may be the repository: the current one and its parents (a command run from
/// `web/`), the executable's parents (`target/release/mendan`), and the source tree it was built
/// from.
fn roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        roots.extend(cwd.ancestors().map(Path::to_path_buf));
    }
    if let Ok(exe) = std::env::current_exe() {
        roots.extend(exe.ancestors().skip(1).map(Path::to_path_buf));
    }
    roots.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    roots
}

/// `relative` (a path inside the repository) under the first root that has it.
pub fn in_repository(relative: &str) -> Option<PathBuf> {
    roots().into_iter().map(|root| root.join(relative)).find(|path| path.exists())
}

/// An explicit path (flag or environment) as given; otherwise the repository's `default`, found
/// from wherever the command runs (or `default` itself, so errors name what was looked for).
pub fn resolve(explicit: Option<PathBuf>, default: &str) -> PathBuf {
    explicit.or_else(|| in_repository(default)).unwrap_or_else(|| PathBuf::from(default))
}

/// The ffmpeg to run: `MENDAN_FFMPEG`, else the repository's pinned static copy when it is there,
/// else the one on PATH. `None` when there is none at all. The static copy comes first: it is the
/// build the Lambda layer ships, and it starts in about 1 ms of CPU where a distribution's build,
/// linked against ~200 shared libraries, takes ~44 ms — and every upload starts ffmpeg three times
/// (issue 21's mixed load: a quarter of the server's CPU at 200 requests/s).
pub fn ffmpeg() -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os("MENDAN_FFMPEG") {
        return Some(PathBuf::from(explicit));
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join("ffmpeg")).collect::<Vec<_>>())
        .unwrap_or_default();
    in_repository(LOCAL_FFMPEG)
        .filter(|path| is_executable(path))
        .or_else(|| on_path.into_iter().find(|path| is_executable(path)))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Points the analysis at the ffmpeg found, and says at start-up what is missing and how to fix it.
/// Returns whether uploads can be analysed.
pub fn report_tools(models: &Path) -> bool {
    let mut ready = true;
    match ffmpeg() {
        Some(path) => {
            mendan_analysis::media::use_ffmpeg(path.clone());
            match mendan_analysis::media::ffmpeg_version() {
                Ok(version) => tracing::info!(ffmpeg = %path.display(), %version, "ffmpeg found"),
                Err(error) => {
                    ready = false;
                    tracing::warn!(ffmpeg = %path.display(), %error, "ffmpeg does not run: uploads cannot be analysed; run layers/ffmpeg/ensure-local.sh or install ffmpeg");
                }
            }
        }
        None => {
            ready = false;
            tracing::warn!(
                "no ffmpeg on PATH: uploads cannot be analysed; run layers/ffmpeg/ensure-local.sh (a pinned static ffmpeg from PyPI, checked by sha256) or install ffmpeg (apt install ffmpeg)"
            );
        }
    }
    if !models.join("mtcnn").is_dir() || !models.join("fer").is_dir() {
        ready = false;
        tracing::warn!(models = %models.display(), "the face models are missing: uploads cannot be analysed; pass --models DIR or set MENDAN_MODELS_DIR to the repository's layers/models");
    }
    ready
}

/// The Japanese dictionary of `models`, loaded when first needed; `None` (said now) when it is missing.
pub fn words(models: &Path) -> Option<std::sync::Arc<mendan_text::morphology::LazyMorphology>> {
    let words = mendan_text::morphology::LazyMorphology::new(models);
    if !words.present() {
        tracing::warn!(models = %models.display(), "no Japanese dictionary (ipadic/system.dic.gz): feedback criteria are judged by character methods");
        return None;
    }
    Some(std::sync::Arc::new(words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_is_found_from_the_build_tree() {
        let models = in_repository("layers/models").expect("the repository's models");
        assert!(models.join("mtcnn").is_dir());
        assert_eq!(resolve(Some(PathBuf::from("/elsewhere")), "layers/models"), PathBuf::from("/elsewhere"));
        assert_eq!(resolve(None, "no/such/thing"), PathBuf::from("no/such/thing"));
    }
}
