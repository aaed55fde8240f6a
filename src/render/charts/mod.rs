//! Charts: facts become a chart model (`data`); what plotters cannot
//! decide is worked out first (`layout`: nice scales, label fitting, with
//! text widths from `text`; `axis`: those ticks as plotters key points);
//! plotters builds each chart's coordinate system, axes, ticks and labels
//! (`ChartBuilder`, mesh) and draws its series (`bars`, `hbars`, `lines`),
//! with what every chart shares around them in `parts` (legend, unit
//! caption, text styles, "No data"). It all goes through
//! `backend::ChartSvg`, a `DrawingBackend` that writes self-contained,
//! themeable SVG: each shape's `role` rides in its colour and becomes
//! classes and status styles; `<title>`/`<desc>`, ids prefixed per chart.
//! Output is deterministic: no hash maps, no random ids, fixed number
//! formatting.

mod axis;
mod backend;
mod bars;
pub mod data;
pub mod download;
mod hbars;
mod layout;
pub(crate) mod lines;
mod model;
mod parts;
mod role;
pub(crate) mod text;

pub use backend::{other_style_block, style_block};
pub use bars::render_svg;
pub use hbars::render_compare_svg;
pub use lines::render_line_svg;
pub use model::{
    BarChart, ChartWords, CompareChart, CompareRow, LineChart, Other, Point, Series, TimePoint,
    TimeSeries,
};
pub use text::format_number;

#[cfg(test)]
mod tests;
