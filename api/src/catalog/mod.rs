//! The catalog: products with variants, their price and availability per channel, categories
//! and collections.

pub mod browse;
pub mod content;
pub mod csv_io;
pub mod editor;
pub mod error;
pub mod input;
pub mod model;
pub mod offer;
pub mod pages;
pub mod search;
pub mod service;
pub mod sitemap;
pub mod stock;
pub mod taxonomy;

pub use error::CatalogError;
pub use model::{ChannelListing, Product, ProductStatus, ShopListItem};
