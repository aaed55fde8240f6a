//! What each shape of a chart is, and how plotters carries it to the backend.
//!
//! plotters hands a backend only geometry and a style whose one free field
//! is a colour. So the drawing code colours every shape with its [`Role`]'s
//! *sentinel colour* ([`Role::color`]) and the backend reads the role back
//! from it ([`Role::from_color`]) and writes the role's CSS classes and
//! default colours instead (see `backend`). The mapping, red channel first:
//!
//! | red | role                 | green              | blue            |
//! |-----|----------------------|--------------------|-----------------|
//! | 1   | `Grid`               | 0                  | 0               |
//! | 2   | `Axis`               | 0                  | 0               |
//! | 3   | `Text`               | 0                  | 0               |
//! | 4   | `Muted`              | 0                  | 0               |
//! | 5   | `Bar(status, paint)` | status (0–3)       | paint           |
//! | 6   | `Hatch(paint)`       | 0                  | paint           |
//! | 7   | `Swatch(paint)`      | 0                  | paint           |
//! | 8   | `Line{dashed,paint}` | 1 if dashed        | paint           |
//! | 9   | `Dot(status, paint)` | status (0–3)       | paint           |
//! | 10  | `Other(paint)`       | 0                  | paint           |
//! | 11  | `Link(index)`        | index / 256        | index % 256     |
//!
//! A paint is its series slot (0–5, the palette cycles) or 255 for the
//! neutral key colour; statuses are reported, target, estimate, speculative.
//! Any other colour is not ours: the backend writes it as it is (a shape
//! without a class), and a fully transparent one not at all, as plotters'
//! own backends do. Charts only ever draw with roles' colours or
//! [`plotters::style::TRANSPARENT`]; the tests check every shape has a class.

use plotters::style::RGBColor;
use plotters_backend::BackendColor;

use crate::model::Status;

/// How many series colours the palette has before it cycles.
pub const PALETTE_LEN: usize = 6;

/// What colours a shape: a series slot (cycled through the palette) or the
/// neutral "key" colour of status swatches in multi-series legends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Paint {
    Series(usize),
    Key,
}

/// What a shape is, which decides its class and style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Grid,
    Axis,
    Text,
    Muted,
    /// A bar or a legend swatch showing a status.
    Bar(Status, Paint),
    /// The hatching laid over a target bar.
    Hatch(Paint),
    /// A legend swatch for a series.
    Swatch(Paint),
    /// A line joining figures over time; dashed where it runs into targets.
    Line {
        dashed: bool,
        paint: Paint,
    },
    /// A figure on a line: filled for reported, paler for estimates,
    /// hatched-looking (pale) for targets, open for speculative figures.
    Dot(Status, Paint),
    /// An open diamond: a figure for the same key that does not lead (a
    /// source that disagrees, or an earlier figure since revised).
    Other(Paint),
    /// Text linking to the backend's `index`-th link (an entity's page).
    Link(u16),
}

const STATUSES: [Status; 4] = [
    Status::Reported,
    Status::Target,
    Status::Estimate,
    Status::Speculative,
];

fn status_code(status: Status) -> u8 {
    match status {
        Status::Reported => 0,
        Status::Target => 1,
        Status::Estimate => 2,
        Status::Speculative => 3,
    }
}

const KEY_CODE: u8 = 255;

impl Paint {
    /// The palette slot this paint takes (series cycle through six).
    pub fn slot(self) -> Option<usize> {
        match self {
            Paint::Series(i) => Some(i % PALETTE_LEN),
            Paint::Key => None,
        }
    }

    fn code(self) -> u8 {
        match self.slot() {
            Some(slot) => slot as u8,
            None => KEY_CODE,
        }
    }

    fn from_code(code: u8) -> Option<Paint> {
        match usize::from(code) {
            slot if slot < PALETTE_LEN => Some(Paint::Series(slot)),
            _ if code == KEY_CODE => Some(Paint::Key),
            _ => None,
        }
    }
}

impl Role {
    /// The sentinel colour plotters carries this role in (see the module's table).
    pub fn color(self) -> RGBColor {
        let (red, green, blue) = match self {
            Role::Grid => (1, 0, 0),
            Role::Axis => (2, 0, 0),
            Role::Text => (3, 0, 0),
            Role::Muted => (4, 0, 0),
            Role::Bar(status, paint) => (5, status_code(status), paint.code()),
            Role::Hatch(paint) => (6, 0, paint.code()),
            Role::Swatch(paint) => (7, 0, paint.code()),
            Role::Line { dashed, paint } => (8, u8::from(dashed), paint.code()),
            Role::Dot(status, paint) => (9, status_code(status), paint.code()),
            Role::Other(paint) => (10, 0, paint.code()),
            Role::Link(index) => {
                let [high, low] = index.to_be_bytes();
                (11, high, low)
            }
        };
        RGBColor(red, green, blue)
    }

    /// The role a colour plotters passed stands for, if it is one of ours.
    pub fn from_color(color: BackendColor) -> Option<Role> {
        let (red, green, blue) = color.rgb;
        let status = || STATUSES.get(usize::from(green)).copied();
        let paint = || Paint::from_code(blue);
        let plain = green == 0 && blue == 0;
        match red {
            1 if plain => Some(Role::Grid),
            2 if plain => Some(Role::Axis),
            3 if plain => Some(Role::Text),
            4 if plain => Some(Role::Muted),
            5 => Some(Role::Bar(status()?, paint()?)),
            6 if green == 0 => Some(Role::Hatch(paint()?)),
            7 if green == 0 => Some(Role::Swatch(paint()?)),
            8 if green <= 1 => Some(Role::Line {
                dashed: green == 1,
                paint: paint()?,
            }),
            9 => Some(Role::Dot(status()?, paint()?)),
            10 if green == 0 => Some(Role::Other(paint()?)),
            11 => Some(Role::Link(u16::from_be_bytes([green, blue]))),
            _ => None,
        }
    }
}
