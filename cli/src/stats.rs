//! `mendan stats --dataset DIR --out DIR`: how each recording feature relates to each item's
//! expert ratings (correlations with p- and q-values, top-vs-bottom-third tests), as JSON, an
//! Excel workbook and scatter plots of the strongest relations.

use mendan_ml::stats;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct StatsArgs {
    /// The same folder `mendan train` reads: `features/*.json`, `ratings.csv`, optional `items.json`.
    #[arg(long)]
    dataset: PathBuf,
    /// Where `stats.json`, `stats.xlsx` and `plots/` go (created when missing).
    #[arg(long)]
    out: PathBuf,
    /// Scatter plots of this many strongest relations.
    #[arg(long, default_value_t = 6)]
    plots: usize,
}

pub fn run(args: StatsArgs) -> anyhow::Result<()> {
    let dataset = crate::train::load_dataset(&args.dataset)?;
    let report = stats::analyse(&dataset);
    let written = stats::write_to(&args.out, &dataset, &report, args.plots)?;
    println!("{} interviews, {} items, {} relations", report.interviews, report.items.len(), report.relations.len());
    println!("{:<20} {:<32} {:>4} {:>7} {:>8}", "item", "feature", "n", "rho", "q");
    for r in report.strongest(10) {
        if let Some(t) = &r.spearman {
            println!("{:<20} {:<32} {:>4} {:>7.2} {:>8.4}", r.item, r.feature, r.n, t.coefficient, t.q);
        }
    }
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
