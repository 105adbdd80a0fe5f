//! English (second language).

use super::Messages;

pub const MESSAGES: Messages = Messages {
    skip_to_content: "Skip to content",
    products_heading: "All products",
    loading: "Loading products…",
    load_failed: "We couldn't load the products. Please try again in a moment.",
    retry: "Try again",
    empty_catalog: "Nothing is on sale yet.",
    more_products_follow: "More products are on the way.",
    switch_language: "한국어로 보기",
    other_language_name: "한국어",
    not_found_title: "Page not found",
    not_found_body: "This page has moved or no longer exists.",
    back_home: "Back to the shop",
    footer_note: "A shop powered by Jangteo.",
};
