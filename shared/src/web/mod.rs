//! The browser side shared by the storefront and the admin (feature `web`, wasm32 only): the
//! GraphQL transport and the UI-language state.

mod graphql;
mod i18n;
pub mod ui;

pub use graphql::{ApiError, ClientError, call, post_json};
pub use i18n::{I18n, Lang};

/// Declares an area of an app whose pages load together on first use: `$view`, one function
/// drawing any page of the area (with the app's `split` feature, the xtask build, it and
/// everything only it uses become a separate wasm chunk, fetched when a page of the area first
/// opens; without it, in Trunk's watch loop, it is part of the app), the enum `$area` naming
/// its pages, and for each page a route type to use as
/// `<Route path=… view={Lazy::<$route>::new()}/>`.
#[macro_export]
macro_rules! lazy_area {
    ($view:ident, $area:ident { $($route:ident => $page:ident),+ $(,)? }) => {
        /// The pages of this area (named after their route types).
        #[allow(clippy::enum_variant_names)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $area {
            $($route),+
        }

        #[cfg_attr(feature = "split", ::leptos::lazy)]
        async fn $view(page: $area) -> ::leptos::prelude::AnyView {
            use ::leptos::prelude::*;
            match page {
                $($area::$route => view! { <$page/> }.into_any()),+
            }
        }

        $(
            pub struct $route;

            impl ::leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> ::leptos::prelude::AnyView {
                    $view($area::$route).await
                }
            }
        )+
    };
}
