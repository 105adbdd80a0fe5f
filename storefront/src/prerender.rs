//! Taking over from the server's drawing of a catalog page. The server answers a product page
//! with the page already drawn in `<div id="prerender">` (`api/src/http/prerender.rs`), so the
//! shopper reads it before this app has loaded. The app then mounts hidden beside it and, once
//! its own page shows its data with the shop's name and categories, removes the drawing and
//! shows itself in the same task: one frame has the server's page, the next the app's, laid out
//! alike, so nothing moves. Without a drawing (every other route), the app mounts as usual.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The element the server draws the page in.
const DRAWING_ID: &str = "prerender";
/// The element the app mounts in while the drawing is shown.
const APP_ID: &str = "app";
/// The app shows itself after this long even if its page never says it is ready (a failed
/// load shows the app's own error and retry).
const GIVE_UP_AFTER: Duration = Duration::from_secs(8);

/// Whether the page on screen is ready to replace the drawing.
#[derive(Clone, Copy)]
pub struct PageReady(RwSignal<bool>);

/// Mounts `app`: beside the server's drawing when there is one, else in `<body>`.
pub fn mount<N: IntoView + 'static>(app: impl FnOnce() -> N + 'static) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(body), Some(_)) = (doc.body(), doc.get_element_by_id(DRAWING_ID)) else {
        leptos::mount::mount_to_body(app);
        return;
    };
    let Ok(root) = doc.create_element("div") else {
        leptos::mount::mount_to_body(app);
        return;
    };
    root.set_id(APP_ID);
    let _ = root.set_attribute("hidden", "");
    let _ = body.append_child(&root);
    let root: web_sys::HtmlElement = root.unchecked_into();
    leptos::mount::mount_to(root, app).forget();
    set_timeout(take_over, GIVE_UP_AFTER);
}

/// Provides the page's readiness; `also` (the shop's name and categories, which size the
/// header) must be ready too before the app takes over.
pub fn provide(also: impl Fn() -> bool + 'static) {
    let ready = RwSignal::new(false);
    provide_context(PageReady(ready));
    Effect::new(move |_| {
        if ready.get() && also() {
            // After the page's data is in the DOM (rendered in the tasks the resolved load
            // started), before the frame that shows it.
            request_animation_frame(take_over);
        }
    });
}

/// What a page calls once it shows its data (or its own not-found or error); take it while
/// the page is created.
pub fn use_page_ready() -> impl Fn() + Copy + 'static {
    let ready = use_context::<PageReady>();
    move || {
        if let Some(PageReady(ready)) = ready
            && !ready.get_untracked()
        {
            ready.set(true);
        }
    }
}

/// Removes the drawing and shows the app (once; nothing when there was no drawing).
fn take_over() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(drawing) = doc.get_element_by_id(DRAWING_ID) {
        drawing.remove();
    }
    if let Some(app) = doc.get_element_by_id(APP_ID) {
        let _ = app.remove_attribute("hidden");
    }
}
