//! Black-box tests of Jangteo: the server over HTTP (on SQLite and PostgreSQL), and the browser
//! apps in headless Chromium. One binary, so the server code is linked once.

mod accessibility;
mod accounts;
mod admin_api;
mod browse;
mod browser;
mod cart;
mod catalog;
mod catalog_edit;
mod checkout;
mod concurrency;
mod content;
mod csv_import;
mod data;
mod graphql_abuse;
mod http_transport;
mod jobs;
mod media;
mod notify;
mod ops;
mod orders;
mod policies;
mod shell;
mod shop_api;
mod staff;
mod static_web;
mod toss;
mod toss_webhook_limits;
