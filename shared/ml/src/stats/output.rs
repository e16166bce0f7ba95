//! Writes a statistics report to a folder: `stats.json`, `stats.xlsx` and `plots/*.svg` of the
//! strongest relations.

use std::path::{Path, PathBuf};

use super::plot::scatter_svg;
use super::workbook::workbook_bytes;
use super::{StatsReport, pairs};
use crate::dataset::Dataset;
use crate::error::{MlError, Result};

/// Writes the report for `dataset` into `dir` (created when missing), with scatter plots of the
/// `plots` strongest relations; returns the files written.
pub fn write_to(dir: &Path, dataset: &Dataset, report: &StatsReport, plots: usize) -> Result<Vec<PathBuf>> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| MlError::Io { path, source }
    };
    let plot_dir = dir.join("plots");
    std::fs::create_dir_all(&plot_dir).map_err(io(&plot_dir))?;
    let mut written = Vec::new();

    let json = dir.join("stats.json");
    let text = serde_json::to_string_pretty(report).map_err(|e| MlError::Card(e.to_string()))?;
    std::fs::write(&json, text).map_err(io(&json))?;
    written.push(json);

    let xlsx = dir.join("stats.xlsx");
    let bytes = workbook_bytes(report).map_err(|e| MlError::Card(format!("cannot build the workbook: {e}")))?;
    std::fs::write(&xlsx, bytes).map_err(io(&xlsx))?;
    written.push(xlsx);

    for (rank, relation) in report.strongest(plots).into_iter().enumerate() {
        let item_name = report.items.iter().find(|i| i.id == relation.item).map_or(relation.item.as_str(), |i| &i.name);
        let svg = scatter_svg(relation, item_name, &pairs(dataset, &relation.item, &relation.feature));
        let path = plot_dir.join(format!(
            "{:02}-{}-{}.svg",
            rank + 1,
            file_safe(&relation.item),
            file_safe(&relation.feature)
        ));
        std::fs::write(&path, svg).map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Item ids and feature names as file-name parts: letters, digits, '.', '-' and '_' only.
fn file_safe(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect()
}
