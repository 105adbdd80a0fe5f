//! Storefront pages, one module per page (grouped by domain as the shop grows).

pub mod account;
pub mod catalog;
pub mod home;
pub mod not_found;
pub mod policy;
pub mod shop;
