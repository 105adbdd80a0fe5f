//! The catalog: products and their availability and price per channel.

pub mod content;
pub mod error;
pub mod model;
pub mod service;

pub use error::CatalogError;
pub use model::{ChannelListing, Product, ProductStatus, ShopProduct};
