//! Words people read, kept where both the server and the apps can use them.

pub mod storefront;
