//! The Jangteo admin dashboard: a Leptos (client-side rendered) app for staff, built by Trunk and
//! served by the Jangteo server at `/admin/`. It talks only to the Admin API.

mod api;
mod app;
mod i18n;
mod pages;
mod session;
mod ui;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
