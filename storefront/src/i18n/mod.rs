//! UI text in message catalogs, one per language (`ko.rs`, `en.rs`); components never inline
//! shopper-facing strings. Every catalog is a value of [`Messages`], so a key missing in one
//! language is a compile error. Korean is the default; the choice is kept in `localStorage`.

mod en;
mod ko;

use shared::web::Lang;

/// Every UI string of the storefront.
pub struct Messages {
    pub skip_to_content: &'static str,
    pub products_heading: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub empty_catalog: &'static str,
    pub switch_language: &'static str,
    pub other_language_name: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub footer_note: &'static str,
    // Header: the catalog.
    pub categories_label: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_submit: &'static str,
    // Listings: category, search and home pages.
    pub no_results: &'static str,
    pub load_more: &'static str,
    pub loading_more: &'static str,
    pub load_more_failed: &'static str,
    pub filters_label: &'static str,
    pub filter_min_price: &'static str,
    pub filter_max_price: &'static str,
    pub filter_in_stock: &'static str,
    pub filter_apply: &'static str,
    pub filter_invalid: &'static str,
    pub sort_label: &'static str,
    pub sort_newest: &'static str,
    pub sort_price_asc: &'static str,
    pub sort_price_desc: &'static str,
    pub sort_name_asc: &'static str,
    // A collection's own order.
    pub sort_featured: &'static str,
    pub sold_out: &'static str,
    // Before a struck-through "was" price, for screen readers.
    pub compare_at_label: &'static str,
    // Category and product pages: breadcrumbs, subcategories.
    pub breadcrumb_label: &'static str,
    pub breadcrumb_home: &'static str,
    pub subcategories_label: &'static str,
    pub category_not_found: &'static str,
    // Collection page.
    pub collection_not_found: &'static str,
    // Search page; `{q}` is replaced by the words searched for.
    pub search_title: &'static str,
    pub search_results: &'static str,
    pub search_prompt: &'static str,
    // Product page.
    pub product_loading: &'static str,
    pub product_load_failed: &'static str,
    pub product_not_found: &'static str,
    pub product_not_found_body: &'static str,
    pub availability_in_stock: &'static str,
    pub availability_low_stock: &'static str,
    pub availability_backorder: &'static str,
    pub availability_out_of_stock: &'static str,
    pub sku_label: &'static str,
    // The product page's image strip; `{n}` is the image's number, `{total}` how many there are.
    pub gallery_label: &'static str,
    pub gallery_show: &'static str,
    // Header: the account links.
    pub account_nav_label: &'static str,
    pub nav_login: &'static str,
    pub nav_register: &'static str,
    pub nav_account: &'static str,
    pub nav_logout: &'static str,
    // Form fields.
    pub field_email: &'static str,
    pub field_password: &'static str,
    pub field_name: &'static str,
    pub field_phone: &'static str,
    pub field_marketing_consent: &'static str,
    pub field_current_password: &'static str,
    pub field_new_password: &'static str,
    pub field_new_password_confirm: &'static str,
    pub field_recipient: &'static str,
    pub field_postal_code: &'static str,
    pub field_road_address: &'static str,
    pub field_detail_address: &'static str,
    pub field_is_default: &'static str,
    pub hint_password: &'static str,
    pub hint_phone: &'static str,
    pub hint_postal_code: &'static str,
    pub submitting: &'static str,
    // Errors next to fields and forms.
    pub err_required: &'static str,
    pub err_email_invalid: &'static str,
    pub err_email_taken: &'static str,
    pub err_password_short: &'static str,
    pub err_password_long: &'static str,
    pub err_password_weak: &'static str,
    pub err_password_mismatch: &'static str,
    pub err_phone_invalid: &'static str,
    pub err_postal_code_invalid: &'static str,
    pub err_too_long: &'static str,
    pub err_too_short: &'static str,
    pub err_invalid: &'static str,
    pub err_credentials: &'static str,
    pub err_current_password: &'static str,
    // `{s}` is replaced by the number of seconds.
    pub err_throttled: &'static str,
    pub err_throttled_later: &'static str,
    pub err_link_invalid: &'static str,
    pub err_link_expired: &'static str,
    pub err_link_used: &'static str,
    pub err_not_found: &'static str,
    pub err_not_allowed: &'static str,
    pub err_network: &'static str,
    pub err_signed_out: &'static str,
    // Sign-up page.
    pub register_title: &'static str,
    pub register_submit: &'static str,
    pub register_have_account: &'static str,
    // Sign-in page.
    pub login_title: &'static str,
    pub login_submit: &'static str,
    pub login_no_account: &'static str,
    pub login_forgot: &'static str,
    // Account page.
    pub account_title: &'static str,
    pub account_loading: &'static str,
    pub account_load_failed: &'static str,
    pub label_grade: &'static str,
    pub label_marketing: &'static str,
    pub marketing_yes: &'static str,
    pub marketing_no: &'static str,
    // Before a date: when the current answer was given.
    pub since: &'static str,
    pub email_verified: &'static str,
    pub email_unverified: &'static str,
    pub email_resend: &'static str,
    pub email_resent: &'static str,
    pub profile_heading: &'static str,
    pub profile_save: &'static str,
    pub profile_saved: &'static str,
    pub password_heading: &'static str,
    pub password_change_submit: &'static str,
    pub password_changed: &'static str,
    pub addresses_heading: &'static str,
    pub addresses_empty: &'static str,
    pub address_default_badge: &'static str,
    pub address_set_default: &'static str,
    pub address_delete: &'static str,
    pub address_add_heading: &'static str,
    pub address_add_submit: &'static str,
    pub address_added: &'static str,
    // Password reset page.
    pub reset_title: &'static str,
    pub reset_request_intro: &'static str,
    pub reset_request_submit: &'static str,
    pub reset_request_sent: &'static str,
    pub reset_submit: &'static str,
    pub reset_done: &'static str,
    // Email verification page.
    pub verify_title: &'static str,
    pub verify_working: &'static str,
    pub verify_done: &'static str,
    pub go_to_account: &'static str,
}

/// A string of the catalog, picked when shown (so it follows a language switch), e.g.
/// `|t| t.err_required`.
pub type Text = fn(&'static Messages) -> &'static str;

const STORAGE_KEY: &str = "jangteo.storefront.lang";

/// The language state of this app.
pub type I18n = shared::web::I18n<Messages>;

fn catalog(lang: Lang) -> &'static Messages {
    match lang {
        Lang::Ko => &ko::MESSAGES,
        Lang::En => &en::MESSAGES,
    }
}

/// Creates the language state (the saved choice, else Korean) for the whole app.
pub fn provide_i18n() {
    I18n::provide(STORAGE_KEY, catalog);
}

pub fn use_i18n() -> I18n {
    I18n::expect()
}
