//! The Jangteo storefront: a Leptos (client-side rendered) app for shoppers, built by Trunk and
//! served by the Jangteo server at `/`. It talks only to the Shop API (`/graphql`).

mod api;
mod app;
mod i18n;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
