//! The sample trigger events of `events/`, with their placeholders replaced.

use serde_json::Value;

/// `events/{name}` with each `(placeholder, value)` substituted, parsed as JSON.
pub fn sample_event(name: &str, replacements: &[(&str, &str)]) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events").join(name);
    let mut text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    for (placeholder, value) in replacements {
        text = text.replace(placeholder, value);
    }
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}
