//! Horizontal bar charts as SVG text, drawn on the server: the dashboard needs no script, no
//! chart library and no image requests, and the chart reads as text to a screen reader (each
//! bar has its label and count as text, and a `<title>`).

use std::fmt::Write;

const BAR_H: u32 = 22;
const GAP: u32 = 6;
const LABEL_W: u32 = 170;
const BAR_MAX_W: u32 = 260;
const WIDTH: u32 = LABEL_W + BAR_MAX_W + 60;

/// Escapes text for SVG/XML content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A bar chart of `(label, count)` rows titled `title`, as an inline `<svg>` element.
pub fn bar_chart(title: &str, rows: &[(String, i64)]) -> String {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let n_rows = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
    let height = n_rows.saturating_mul(BAR_H + GAP) + GAP;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    if rows.is_empty() {
        let _ = write!(svg, r##"<text x="4" y="{}" fill="#444">0</text>"##, BAR_H);
    }
    for (i, (label, count)) in rows.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        let y = GAP + i.saturating_mul(BAR_H + GAP);
        let ratio = (*count).max(0) as f64 / max as f64;
        let w = ((ratio * f64::from(BAR_MAX_W)).round() as u32).max(u32::from(*count > 0));
        let text_y = y + BAR_H - 6;
        let _ = write!(
            svg,
            r##"<g><title>{l}: {count}</title><text x="{lx}" y="{text_y}" text-anchor="end" fill="#1b1b1b" font-size="13">{l}</text><rect x="{bx}" y="{y}" width="{w}" height="{BAR_H}" fill="#0b5d3b"/><text x="{cx}" y="{text_y}" fill="#1b1b1b" font-size="13">{count}</text></g>"##,
            l = esc(label),
            lx = LABEL_W - 6,
            bx = LABEL_W,
            cx = LABEL_W + w + 6,
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_and_labels_are_escaped() {
        let svg = bar_chart(
            "Cases <by> status",
            &[("new".into(), 4), ("a&b".into(), 2), ("none".into(), 0)],
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Cases &lt;by&gt; status"));
        assert!(svg.contains("a&amp;b"));
        assert!(svg.contains(r#"width="260""#), "largest bar is full width");
        assert!(
            svg.contains(r#"width="130""#),
            "half the largest is half as wide"
        );
        assert!(svg.contains(r#"width="0""#));
        assert!(!svg.contains("<script"));
    }
}
