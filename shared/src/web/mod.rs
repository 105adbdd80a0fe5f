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
/// `<Route path=… view={Lazy::<$route>::new()}/>`. When the chunk cannot be fetched (offline,
/// or a deploy replaced it) the route shows `$unavailable()` instead of stopping the app; the
/// failure is not remembered, so opening the page again fetches again.
#[macro_export]
macro_rules! lazy_area {
    (
        $view:ident,
        $area:ident { $($route:ident => $page:ident),+ $(,)? },
        unavailable = $unavailable:path $(,)?
    ) => {
        /// The pages of this area (named after their route types).
        #[allow(clippy::enum_variant_names)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $area {
            $($route),+
        }

        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $view,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            return_wrapper(
                let drawn = _;
                {
                    match drawn {
                        ::core::result::Result::Ok(page) => ::core::result::Result::Ok(page.await),
                        ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                    }
                } -> ::core::result::Result<
                    ::leptos::prelude::AnyView,
                    ::leptos::wasm_split::SplitLoaderError,
                >
            )
        )]
        #[allow(clippy::type_complexity)]
        fn $view(
            page: $area,
        ) -> ::core::result::Result<
            ::std::pin::Pin<
                ::std::boxed::Box<
                    dyn ::core::future::Future<Output = ::leptos::prelude::AnyView>
                        + ::core::marker::Send
                        + ::core::marker::Sync,
                >,
            >,
            ::leptos::wasm_split::SplitLoaderError,
        > {
            ::core::result::Result::Ok(::std::boxed::Box::pin(
                ::leptos::__reexports::send_wrapper::SendWrapper::new(async move {
                    use ::leptos::prelude::*;
                    match page {
                        $($area::$route => view! { <$page/> }.into_any()),+
                    }
                }),
            ))
        }

        #[cfg(not(feature = "split"))]
        async fn $view(page: $area) -> ::core::result::Result<::leptos::prelude::AnyView, ()> {
            use ::leptos::prelude::*;
            ::core::result::Result::Ok(match page {
                $($area::$route => view! { <$page/> }.into_any()),+
            })
        }

        $(
            pub struct $route;

            impl ::leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> ::leptos::prelude::AnyView {
                    match $view($area::$route).await {
                        ::core::result::Result::Ok(view) => view,
                        ::core::result::Result::Err(_) => $unavailable(),
                    }
                }
            }
        )+
    };
}
