//! The Jangteo storefront: a Leptos (client-side rendered) app for shoppers, built by `cargo xtask web`
//! and served by the Jangteo server at `/`. It talks only to the Shop API (`/graphql`);
//! shoppers sign in to it with the tokens kept by [`session`].

mod api;
mod app;
mod cart;
mod head;
mod i18n;
mod pages;
mod prerender;
mod script;
mod session;
mod toss;

fn main() {
    console_error_panic_hook::set_once();
    prerender::mount(app::App);
}
