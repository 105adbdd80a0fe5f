//! The storefront's UI text, one catalog per language (`ko`, `en`): the app shows it, and the
//! server writes the first response of catalog pages with the same words. Every catalog is a
//! value of [`Messages`], so a key missing in one language is a compile error.

pub mod en;
pub mod ko;

/// Every UI string of the storefront.
pub struct Messages {
    pub skip_to_content: &'static str,
    pub products_heading: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    /// A page whose part of the app could not be fetched (offline, or replaced by a deploy).
    pub page_unavailable: &'static str,
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
    /// The product page's sections and the links to them: details, reviews, questions,
    /// delivery and returns; what the reviews and questions say while there are none.
    pub product_sections: &'static str,
    pub tab_details: &'static str,
    pub tab_reviews: &'static str,
    pub tab_questions: &'static str,
    pub tab_delivery: &'static str,
    pub reviews_none: &'static str,
    pub questions_none: &'static str,
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
    // The product page's shipping line; `{fee}` and `{from}` are replaced.
    pub shipping_line: &'static str,
    pub shipping_line_free_from: &'static str,
    pub shipping_free: &'static str,
    pub product_not_found: &'static str,
    pub product_not_found_body: &'static str,
    pub availability_in_stock: &'static str,
    pub availability_low_stock: &'static str,
    pub availability_backorder: &'static str,
    pub availability_out_of_stock: &'static str,
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
    // The footer's seller details (전자상거래법), in the order of `seller_labels`.
    pub seller_heading: &'static str,
    /// The policies' names (footer links, page titles), the note of a page not published yet
    /// and the version line of a published one (`{v}`, `{date}`).
    pub policy_terms: &'static str,
    pub policy_privacy: &'static str,
    pub policy_returns: &'static str,
    pub seller_business_name: &'static str,
    pub seller_representative: &'static str,
    pub seller_registration_number: &'static str,
    pub seller_mail_order_number: &'static str,
    pub seller_address: &'static str,
    pub seller_phone: &'static str,
    pub seller_email: &'static str,
    pub seller_hours: &'static str,
    pub seller_privacy_officer: &'static str,
    pub seller_hosting_provider: &'static str,
    // The grade every new member starts in, and any grade this catalog has no name for.
    pub grade_basic: &'static str,
    pub grade_other: &'static str,
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
    // Cart, checkout and orders; `{n}`, `{amount}`, `{was}`, `{name}` are replaced.
    pub nav_cart: &'static str,
    /// The cart button's accessible name: must contain its visible text, `nav_cart` then the
    /// count (WCAG 2.5.3).
    pub mini_cart_label: &'static str,
    pub cart_title: &'static str,
    pub cart_loading: &'static str,
    pub cart_empty: &'static str,
    pub continue_shopping: &'static str,
    pub cart_view: &'static str,
    pub cart_col_product: &'static str,
    pub cart_col_price: &'static str,
    pub cart_col_quantity: &'static str,
    pub cart_col_total: &'static str,
    pub cart_remove: &'static str,
    // The cart's quantity stepper; `{name}` is the line's product.
    pub quantity_decrease: &'static str,
    pub quantity_increase: &'static str,
    pub cart_clear: &'static str,
    pub cart_checkout: &'static str,
    pub cart_not_ready: &'static str,
    pub cart_subtotal: &'static str,
    pub cart_shipping: &'static str,
    pub cart_discount: &'static str,
    pub cart_total: &'static str,
    pub free_shipping_remaining: &'static str,
    pub line_insufficient: &'static str,
    pub line_unavailable: &'static str,
    pub line_price_changed: &'static str,
    pub add_to_cart: &'static str,
    pub added_to_cart: &'static str,
    pub err_quantity_positive: &'static str,
    pub err_quantity_cap: &'static str,
    pub err_insufficient_stock: &'static str,
    pub err_stock_changed: &'static str,
    pub err_unavailable: &'static str,
    pub err_cart_empty: &'static str,
    pub err_price_changed: &'static str,
    pub err_invalid_state: &'static str,
    pub err_amount_mismatch: &'static str,
    pub err_payment_declined: &'static str,
    pub err_gateway_unavailable: &'static str,
    pub err_quantity_range: &'static str,
    pub err_cart_full: &'static str,
    pub err_resubmit: &'static str,
    pub err_gateway_unsupported: &'static str,
    pub err_gateway_window: &'static str,
    pub pay_now: &'static str,
    pub toss_confirming: &'static str,
    pub toss_failed_title: &'static str,
    pub toss_failed: &'static str,
    pub toss_canceled: &'static str,
    pub toss_back_to_order: &'static str,
    pub toss_bad_return: &'static str,
    pub err_card_invalid: &'static str,
    pub err_order_number: &'static str,
    pub err_order_lookup: &'static str,
    pub checkout_title: &'static str,
    pub checkout_orderer: &'static str,
    pub checkout_shipping: &'static str,
    pub checkout_saved_addresses: &'static str,
    pub checkout_payment: &'static str,
    pub checkout_summary: &'static str,
    pub checkout_submit: &'static str,
    pub field_delivery_note: &'static str,
    pub field_card_number: &'static str,
    pub hint_sandbox_card: &'static str,
    pub field_bank: &'static str,
    pub pay_card: &'static str,
    pub pay_virtual_account: &'static str,
    pub order_loading: &'static str,
    pub order_load_failed: &'static str,
    pub order_not_found: &'static str,
    pub order_title: &'static str,
    pub order_thanks: &'static str,
    pub order_awaiting_card: &'static str,
    pub order_refresh: &'static str,
    pub order_refunded: &'static str,
    pub order_timeline: &'static str,
    pub order_items_more: &'static str,
    pub deposit_title: &'static str,
    pub deposit_bank: &'static str,
    pub deposit_account: &'static str,
    pub deposit_holder: &'static str,
    pub deposit_amount: &'static str,
    pub deposit_due: &'static str,
    pub tracking_label: &'static str,
    pub order_lookup_title: &'static str,
    pub order_lookup_intro: &'static str,
    pub order_lookup_submit: &'static str,
    pub field_order_number: &'static str,
    pub hint_order_number: &'static str,
    pub orders_heading: &'static str,
    pub orders_empty: &'static str,
    pub load_more_orders: &'static str,
    pub status_awaiting_payment: &'static str,
    pub status_awaiting_deposit: &'static str,
    pub status_paid: &'static str,
    pub status_preparing: &'static str,
    pub status_shipped: &'static str,
    pub status_delivered: &'static str,
    pub status_cancelled: &'static str,
    pub status_expired: &'static str,
    pub status_partially_refunded: &'static str,
    pub status_refunded: &'static str,
    pub status_other: &'static str,
    // Checkout: the recipient shortcut and the agreements an order needs.
    pub checkout_same_as_orderer: &'static str,
    pub checkout_agreements: &'static str,
    pub agree_purchase: &'static str,
    pub agree_privacy: &'static str,
    pub err_consent_required: &'static str,
    pub policy_missing: &'static str,
    pub policy_version: &'static str,
    /// 바로구매: checkout of just this variant and quantity.
    pub buy_now: &'static str,
    /// Above a 바로구매 checkout: the cart stays as it is.
    pub checkout_buy_now_note: &'static str,
    /// The postal-code search's button and layer title.
    pub postcode_search: &'static str,
    pub postcode_title: &'static str,
    /// Closes a layer or sheet (the postal-code search, a phone's purchase box).
    pub close: &'static str,
    /// The search could not be opened: the address is typed.
    pub postcode_failed: &'static str,
    /// The chosen place has no road address: it is typed.
    pub postcode_no_road: &'static str,
    /// The heading of the list of fields a refused form asks to fix.
    pub error_summary: &'static str,
    pub agree_details: &'static str,
    pub agree_privacy_items: &'static str,
    pub agree_privacy_purpose: &'static str,
    pub agree_privacy_period: &'static str,
    pub agree_privacy_refuse: &'static str,
}

/// The footer's legal block, as both the server's drawing of a page and the app show it (the
/// app sets it as the inner HTML of `div.seller-block`): the links to the shop's policies (the
/// privacy policy in bold, as Korean shops mark it), then the seller details that are set and
/// the escrow notice. `values` in the order of [`Messages::seller_labels`]; every value is
/// escaped.
pub fn seller_html(t: &Messages, values: [&str; 10], escrow: &str) -> String {
    use super::escape_html as e;
    let mut out = format!(
        "<p class=\"policy-links\"><a href=\"/policies/terms\">{}</a> · \
         <a href=\"/policies/privacy\"><strong>{}</strong></a> · \
         <a href=\"/policies/returns\">{}</a></p>",
        e(t.policy_terms),
        e(t.policy_privacy),
        e(t.policy_returns)
    );
    if values.iter().all(|v| v.is_empty()) && escrow.is_empty() {
        return out;
    }
    out.push_str(&format!(
        "<section class=\"seller\" aria-label=\"{}\"><dl>",
        e(t.seller_heading)
    ));
    for (label, value) in t.seller_labels().into_iter().zip(values) {
        if !value.is_empty() {
            out.push_str(&format!(
                "<div><dt>{}</dt><dd>{}</dd></div>",
                e(label),
                e(value)
            ));
        }
    }
    out.push_str("</dl>");
    if !escrow.is_empty() {
        out.push_str(&format!("<p class=\"escrow\">{}</p>", e(escrow)));
    }
    out.push_str("</section>");
    out
}

impl Messages {
    /// The product page's shipping line: free, or the fee and, when there is one, the subtotal
    /// from which it is free (the server's drawing and the app say the same).
    pub fn shipping(&self, fee: &str, fee_is_zero: bool, free_from: Option<&str>) -> String {
        match (fee_is_zero, free_from) {
            (true, _) => self.shipping_free.to_owned(),
            (false, Some(from)) => self
                .shipping_line_free_from
                .replace("{fee}", fee)
                .replace("{from}", from),
            (false, None) => self.shipping_line.replace("{fee}", fee),
        }
    }

    /// The labels of the footer's seller details, in the order the server and the app give
    /// their values (`client::shop::Seller::values`).
    pub fn seller_labels(&self) -> [&'static str; 10] {
        [
            self.seller_business_name,
            self.seller_representative,
            self.seller_registration_number,
            self.seller_mail_order_number,
            self.seller_address,
            self.seller_phone,
            self.seller_email,
            self.seller_hours,
            self.seller_privacy_officer,
            self.seller_hosting_provider,
        ]
    }

    /// A membership grade's name, by its code; never the code itself.
    pub fn grade(&self, code: &str) -> &'static str {
        match code {
            "BASIC" => self.grade_basic,
            _ => self.grade_other,
        }
    }

    /// The words of a listing's order, by the Shop API's name for it (`?sort=NEWEST`).
    pub fn sort(&self, code: &str) -> &'static str {
        match code {
            "PRICE_ASC" => self.sort_price_asc,
            "PRICE_DESC" => self.sort_price_desc,
            "NAME_ASC" => self.sort_name_asc,
            "MANUAL" => self.sort_featured,
            _ => self.sort_newest,
        }
    }
}

/// The orders a listing offers, by the Shop API's names, as the filter bar lists them; the
/// first is the default.
pub const SORTS: [&str; 4] = ["NEWEST", "PRICE_ASC", "PRICE_DESC", "NAME_ASC"];
/// A collection's orders: its own first (and by default).
pub const COLLECTION_SORTS: [&str; 5] = ["MANUAL", "NEWEST", "PRICE_ASC", "PRICE_DESC", "NAME_ASC"];

/// The catalog of a shop's locale (`ko`, `en`, `en-US`…); Korean unless it is English.
pub fn for_locale(locale: &str) -> &'static Messages {
    if locale
        .get(..2)
        .is_some_and(|l| l.eq_ignore_ascii_case("en"))
    {
        &en::MESSAGES
    } else {
        &ko::MESSAGES
    }
}
