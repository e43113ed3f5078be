//! Small charts drawn as inline SVG on the server: no script, prints as it shows.

use maud::{html, Markup, PreEscaped};
use std::fmt::Write;

/// A line of `values` in a `width` × `height` box, with the last point marked. The values
/// are also given as a text alternative for screen readers.
pub fn sparkline(values: &[i64], width: u32, height: u32) -> Markup {
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = values.len().max(2) - 1;
    let (w, h) = (f64::from(width), f64::from(height));
    let mut points = String::new();
    for (i, v) in values.iter().enumerate() {
        let x = 1.0 + (w - 2.0) * i as f64 / n as f64;
        let y = h - 1.0 - (h - 2.0) * (*v as f64 / max);
        let _ = write!(points, "{x:.1},{y:.1} ");
    }
    let label = format!(
        "Tren unggahan: {}",
        values
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    html! {
        svg.sparkline width=(width) height=(height) viewBox={"0 0 " (width) " " (height)} role="img" aria-label=(label) {
            polyline points=(points.trim_end()) fill="none" stroke="currentColor" stroke-width="1.5" {}
        }
    }
}

/// Horizontal bars, one per `(label, value)`, scaled to the largest, with the value written.
pub fn bars(items: &[(String, i64)], width: u32) -> Markup {
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let row = 18u32;
    let label_w = 170u32;
    let height = row * items.len().max(1) as u32 + 4;
    let bar_w = f64::from(width.saturating_sub(label_w + 50));
    html! {
        svg.bars width=(width) height=(height) viewBox={"0 0 " (width) " " (height)} role="img" aria-label="Diagram batang" {
            @for (i, (label, value)) in items.iter().enumerate() {
                @let y = row * i as u32 + 2;
                @let w = (bar_w * (*value as f64) / max).max(if *value > 0 { 1.0 } else { 0.0 });
                text x=(label_w - 6) y=(y + 13) text-anchor="end" { (label) }
                rect x=(label_w) y=(y + 2) width=(format!("{w:.1}")) height=(row - 5) {}
                text x=(f64::from(label_w) + w + 4.0) y=(y + 13) { (super::format::number(*value)) }
            }
        }
    }
}

/// Daily columns of one or more series over the same days, with a legend; used for an
/// agency's posts and complaints. `series` are (name, css class, values).
pub fn columns(
    days: &[String],
    series: &[(&str, &str, Vec<i64>)],
    width: u32,
    height: u32,
) -> Markup {
    let max = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = days.len().max(1) as f64;
    let plot_h = f64::from(height) - 18.0;
    let slot = (f64::from(width) - 30.0) / n;
    let bar = (slot / series.len().max(1) as f64).max(0.5);
    let mut shapes = String::new();
    for (s, (_, class, values)) in series.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            if *v == 0 {
                continue;
            }
            let h = plot_h * (*v as f64) / max;
            let x = 30.0 + slot * i as f64 + bar * s as f64;
            let _ = write!(
                shapes,
                r#"<rect class="{class}" x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}"></rect>"#,
                plot_h - h,
                (bar - 0.3).max(0.4)
            );
        }
    }
    let first = days.first().cloned().unwrap_or_default();
    let last = days.last().cloned().unwrap_or_default();
    html! {
        figure.chart {
            svg width=(width) height=(height) viewBox={"0 0 " (width) " " (height)} role="img"
                aria-label={"Diagram harian " (first) " sampai " (last)} {
                text x="0" y="10" { (max as i64) }
                line x1="30" y1=(plot_h) x2=(width) y2=(plot_h) stroke="#999" {}
                // Classes and numbers only: nothing a person typed goes into this string.
                (PreEscaped(shapes))
                text x="30" y=(height - 2) { (first) }
                text x=(width) y=(height - 2) text-anchor="end" { (last) }
            }
            figcaption {
                @for (name, class, values) in series {
                    span.legend { i class=(class) {} (name) " (" (super::format::number(values.iter().sum())) ")" }
                }
            }
        }
    }
}
