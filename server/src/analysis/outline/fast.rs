//! The outline from pulldown-cmark: the bulk path.

use crate::analysis::outline::Outline;

pub fn outline(_text: &str, _file_name: Option<&str>) -> Outline {
    Outline::default()
}
