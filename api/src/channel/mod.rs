//! Sales channels: each storefront (its name, currency, locale, time zone and host names). Every
//! Shop API request runs in exactly one channel; products, carts and orders hang on it.

pub mod error;
pub mod model;
pub mod policy;
pub mod seller;
pub mod service;

pub use error::ChannelError;
pub use model::{Channel, ChannelSelector, ChannelUpdate};
