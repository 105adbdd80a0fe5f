//! English (second language).

use super::Messages;

pub const MESSAGES: Messages = Messages {
    app_title: "Jangteo Admin",
    nav_label: "Admin menu",
    nav_dashboard: "Dashboard",
    switch_language: "한국어로 보기",
    other_language_name: "한국어",
    checking_session: "Checking your session…",
    api_unreachable: "We couldn't reach the Admin API. Please try again in a moment.",
    retry: "Try again",
    welcome: "Welcome",
    dashboard_intro: "Products, orders and members will be managed from here.",
    login_title: "Staff sign-in",
    login_email: "Email",
    login_password: "Password",
    login_code: "One-time code (OTP)",
    login_code_hint: "The 6-digit code from your authenticator app",
    login_submit: "Sign in",
    login_unavailable: "Staff sign-in is being set up. Meanwhile operators can use the Admin API with the operator token.",
    not_found_title: "Page not found",
    back_to_dashboard: "Back to the dashboard",
};
