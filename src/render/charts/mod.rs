//! Charts: facts become a chart model (`data`), the model is laid out
//! (`layout`, with text widths from `text`), and plotters draws it through
//! `backend::ChartSvg`, a `DrawingBackend` that writes self-contained,
//! themeable SVG (classes per role, status styles, `<title>`/`<desc>`, ids
//! prefixed per chart). Output is deterministic: no hash maps, no random
//! ids, fixed number formatting.

mod backend;
mod bars;
pub mod data;
pub mod download;
mod hbars;
mod layout;
pub(crate) mod lines;
mod model;
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
