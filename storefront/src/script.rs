//! Third-party scripts the storefront loads when a shopper needs them (Toss's payment SDK, Kakao's
//! postcode search), never before: the pages do without them, and the Content-Security-Policy
//! names the origins they may come from.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys::{Promise, Reflect};

/// Loads the script at `url` unless the page already has `global` (the name the script
/// defines). `Err` says what failed: the network, the policy refusing the origin, or a script
/// that did not define `global`.
pub async fn load(url: &str, global: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    if has(&window, global) {
        return Ok(());
    }
    let document = window.document().ok_or("no document")?;
    let script = document
        .create_element("script")
        .map_err(|e| format!("{e:?}"))?;
    script
        .set_attribute("src", url)
        .map_err(|e| format!("{e:?}"))?;
    let loaded = Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    document
        .head()
        .ok_or("no head")?
        .append_child(&script)
        .map_err(|e| format!("{e:?}"))?;
    JsFuture::from(loaded)
        .await
        .map_err(|_| format!("cannot load {url}"))?;
    if has(&window, global) {
        Ok(())
    } else {
        Err(format!("{url} does not define {global}"))
    }
}

fn has(window: &web_sys::Window, global: &str) -> bool {
    Reflect::get(window, &JsValue::from_str(global))
        .is_ok_and(|v| !v.is_undefined() && !v.is_null())
}
