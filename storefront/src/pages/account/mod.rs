//! The shopper's account: sign-up, sign-in, the account page, password reset and email
//! verification.

pub mod form;
pub mod login;
pub mod overview;
pub mod register;
pub mod reset_password;
pub mod verify_email;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/account/:page`: one route for the pages under the account (sign-up, sign-in, password
/// reset, email verification).
#[component]
pub fn AccountSubPage() -> impl IntoView {
    let params = use_params_map();
    move || match params.with(|p| p.get("page")).as_deref() {
        Some("register") => view! { <register::RegisterPage/> }.into_any(),
        Some("login") => view! { <login::LoginPage/> }.into_any(),
        Some("reset-password") => view! { <reset_password::ResetPasswordPage/> }.into_any(),
        Some("verify-email") => view! { <verify_email::VerifyEmailPage/> }.into_any(),
        _ => view! { <crate::pages::not_found::NotFound/> }.into_any(),
    }
}
