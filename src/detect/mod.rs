//! Detection over plain text, on top of the text layer: figures (numbers
//! with magnitude, currency, unit, status and period), claims (hedged and
//! intent-stating sentences), capitalised phrases and the names they may
//! be. `check` measures with them what no quote covers yet
//! (`resolve::coverage`) and warns about unknown names
//! (`resolve::curation`); `annotate` drafts from them. Nothing here knows
//! about sites, files or YAML.

pub mod claims;
pub mod cues;
pub mod figures;
pub mod gazetteer;
pub mod names;
pub mod phrases;
