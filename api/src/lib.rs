//! Jangteo, the headless commerce server.
//!
//! Domains (`channel`, `catalog`, …) own their tables and business rules in `service.rs`
//! functions that take a connection and plain Rust values. Transports (`graphql`, `http`) parse
//! input, call one service, and map the result. See `ARCHITECTURE.md` for the whole map.

pub mod access;
pub mod cart;
pub mod catalog;
pub mod channel;
pub mod checkout;
pub mod cli;
pub mod config;
pub mod db;
pub mod graphql;
pub mod http;
pub mod idempotency;
pub mod jobs;
pub mod media;
pub mod members;
pub mod notify;
pub mod order;
pub mod payment;
pub mod seed;
pub mod shipping;
pub mod startup;
pub mod telemetry;
pub mod validation;
