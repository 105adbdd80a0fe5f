//! Delivery: the carriers and the link to each one's own tracking page, built from a URL
//! template per carrier (staff can edit them), and the bulk import of tracking numbers.

pub mod carriers;
pub mod tracking_csv;

pub use carriers::{Carrier, tracking_url};
