//! Behaviour both apps' forms share.

use wasm_bindgen::JsCast;

/// After a refused submit: once the page shows the errors, moves focus to the first invalid
/// field of the form `form_id` (`aria-invalid="true"`), which scrolls it into view (below any
/// sticky header, by the stylesheets' `scroll-margin-top`), so a shopper on a phone lands on
/// what to fix instead of staring at a button. Without an invalid field (an error for the whole
/// form), the form's first alert is scrolled into view.
pub fn focus_first_invalid(form_id: &'static str) {
    // The errors are drawn by effects that run after this submit handler returns.
    leptos::prelude::request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let select = |css: &str| {
            document
                .query_selector(&format!("#{form_id} {css}"))
                .ok()
                .flatten()
        };
        if let Some(field) = select("[aria-invalid=\"true\"]")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = field.focus();
        } else if let Some(alert) = select("[role=\"alert\"]") {
            alert.scroll_into_view_with_bool(false);
        }
    });
}
