//! A scatter plot of one feature against one item's ratings, as a standalone SVG (opens in any
//! browser and in Excel/Word), with the least-squares line and the figures in the title.

use std::fmt::Write;

use super::Relation;

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 380.0;
/// Plot area margins: left, right, top, bottom.
const MARGIN: (f64, f64, f64, f64) = (64.0, 20.0, 56.0, 52.0);

/// The SVG document for `relation`'s `(feature value, rating)` pairs.
pub fn scatter_svg(relation: &Relation, item_name: &str, pairs: &[(f64, f64)]) -> String {
    let (x_lo, x_hi) = range(pairs.iter().map(|p| p.0));
    let (y_lo, y_hi) = range(pairs.iter().map(|p| p.1));
    let (left, right, top, bottom) = MARGIN;
    let (plot_w, plot_h) = (WIDTH - left - right, HEIGHT - top - bottom);
    let px = |x: f64| left + (x - x_lo) / (x_hi - x_lo) * plot_w;
    let py = |y: f64| top + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="{left}" y="20" font-size="14" font-weight="bold">{title}</text>
<text x="{left}" y="38" fill="#444444">{figures}</text>
<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888888"/>
"##,
        title = escape(&format!("{item_name} × {} ({})", relation.feature_ja, relation.feature_en)),
        figures = escape(&figures(relation)),
    );
    for (value, anchor, x) in [(x_lo, "start", left), (x_hi, "end", left + plot_w)] {
        let _ =
            writeln!(svg, r#"<text x="{x}" y="{}" text-anchor="{anchor}">{}</text>"#, top + plot_h + 16.0, tick(value));
    }
    for (value, y) in [(y_lo, top + plot_h), (y_hi, top + 10.0)] {
        let _ = writeln!(svg, r#"<text x="{}" y="{y}" text-anchor="end">{}</text>"#, left - 6.0, tick(value));
    }
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        left + plot_w / 2.0,
        HEIGHT - 14.0,
        escape(&relation.feature)
    );
    let _ = writeln!(
        svg,
        r#"<text transform="translate(16 {}) rotate(-90)" text-anchor="middle">{}</text>"#,
        top + plot_h / 2.0,
        escape(&format!("{item_name} (mean rating)"))
    );
    if let Some((slope, intercept)) = least_squares(pairs) {
        let _ = writeln!(
            svg,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#d04a02" stroke-width="2"/>"##,
            px(x_lo),
            py((intercept + slope * x_lo).clamp(y_lo, y_hi)),
            px(x_hi),
            py((intercept + slope * x_hi).clamp(y_lo, y_hi)),
        );
    }
    for &(x, y) in pairs {
        let _ = writeln!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="#1f5fa8" fill-opacity="0.7"/>"##,
            px(x),
            py(y)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn figures(r: &Relation) -> String {
    let mut parts = vec![format!("n = {}", r.n)];
    if let Some(t) = &r.spearman {
        parts.push(format!("rho = {:.2} (q = {})", t.coefficient, p_text(t.q)));
    }
    if let Some(t) = &r.pearson {
        parts.push(format!("r = {:.2}", t.coefficient));
    }
    parts.join(", ")
}

fn p_text(p: f64) -> String {
    if p < 0.001 { "< 0.001".to_owned() } else { format!("{p:.3}") }
}

fn tick(v: f64) -> String {
    if v.abs() >= 100.0 { format!("{v:.0}") } else { format!("{v:.2}") }
}

/// The values' range, widened a little (and made non-empty) so points sit inside the frame.
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = if hi > lo { (hi - lo) * 0.05 } else { 0.5 };
    (lo - pad, hi + pad)
}

fn least_squares(pairs: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
    let sxx: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| (sxy / sxx, my - sxy / sxx * mx))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_has_every_point_a_line_and_escaped_text() {
        let relation = Relation {
            item: "i".into(),
            feature: "voice.speech_ratio".into(),
            feature_ja: "発話の割合".into(),
            feature_en: "share of time speaking".into(),
            n: 3,
            pearson: None,
            spearman: None,
            extremes: None,
        };
        let svg = scatter_svg(&relation, "A & B", &[(0.1, 2.0), (0.5, 3.0), (0.9, 4.5)]);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches("<line").count(), 1);
        assert!(svg.contains("A &amp; B") && !svg.contains("A & B"));
    }
}
