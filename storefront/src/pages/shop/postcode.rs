//! The postal-code search of an address form: Kakao's postcode service, drawn in a layer over the
//! page (the whole screen on a phone). Its script is loaded when the shopper first opens it (from
//! the address the shop names, which the page's Content-Security-Policy allows); the chosen place
//! fills the postal code and the road address and the detail field takes the focus. Typing the
//! address stays possible throughout: when the script cannot be loaded (network, policy) or the
//! place has no road address, the form says so and the shopper types it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::account::PostcodeResult;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, Function, Object, Promise, Reflect};

use crate::i18n::{Text, use_i18n};

/// The element the service draws its search in.
const FRAME_ID: &str = "postcode-frame";

/// The search's button (shown when the shop offers the search), its layer, and what it says when
/// the address must be typed. `postal_id`, `road_id` and `detail_id` are the form's fields.
#[component]
pub fn PostcodeSearch(
    postal_code: RwSignal<String>,
    road_address: RwSignal<String>,
    postal_id: &'static str,
    road_id: &'static str,
    detail_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let script = LocalResource::new(crate::api::address_search);
    let open = RwSignal::new(false);
    let note = RwSignal::new(None::<Text>);
    let close = move |focus: &'static str| {
        open.set(false);
        shared::web::ui::focus_element(focus);
    };
    let start = move |_| {
        let Some(Some(url)) = script.get() else {
            return;
        };
        note.set(None);
        open.set(true);
        spawn_local(async move {
            let chosen = move |place: PostcodeResult| {
                let (postal, road) = place.fill();
                postal_code.set(postal);
                match road {
                    Some(road) => {
                        road_address.set(road);
                        close(detail_id);
                    }
                    None => {
                        road_address.set(String::new());
                        note.set(Some(|t| t.postcode_no_road));
                        close(road_id);
                    }
                }
            };
            if let Err(e) = embed(&url, chosen).await {
                leptos::logging::warn!("postcode search: {e}");
                note.set(Some(|t| t.postcode_failed));
                close(postal_id);
            }
        });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close("postcode-search");
        }
    };
    view! {
        <Show when=move || matches!(script.get(), Some(Some(_)))>
            <button type="button" class="secondary postcode-search" id="postcode-search" on:click=start>
                {move || i18n.t().postcode_search}
            </button>
        </Show>
        {move || note.get().map(|n| view! { <p class="postcode-note" id="postcode-note" role="status">{move || n(i18n.t())}</p> })}
        <Show when=move || open.get()>
            <div class="postcode-layer" role="dialog" aria-modal="true" aria-labelledby="postcode-title" on:keydown=on_key>
                <div class="postcode-panel">
                    <div class="postcode-head">
                        <h2 id="postcode-title">{move || i18n.t().postcode_title}</h2>
                        <button type="button" class="postcode-close" id="postcode-close" autofocus=true on:click=move |_| close("postcode-search")>
                            {move || i18n.t().close}
                        </button>
                    </div>
                    <div id=FRAME_ID class="postcode-frame"></div>
                </div>
            </div>
        </Show>
    }
}

/// Loads the service's script (once per page), then draws its search in [`FRAME_ID`]:
/// `new kakao.Postcode({ oncomplete, width, height }).embed(element)`. `chosen` gets the place the
/// shopper picks.
async fn embed(url: &str, chosen: impl FnOnce(PostcodeResult) + 'static) -> Result<(), String> {
    crate::script::load(url, "kakao").await?;
    // The layer is drawn on the next frame.
    let frame = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    let window = web_sys::window().ok_or("no window")?;
    let element = window
        .document()
        .and_then(|d| d.get_element_by_id(FRAME_ID))
        .ok_or("the layer was closed")?;
    let kakao = Reflect::get(&window, &JsValue::from_str("kakao")).map_err(js)?;
    let postcode = Reflect::get(&kakao, &JsValue::from_str("Postcode"))
        .map_err(js)?
        .dyn_into::<Function>()
        .map_err(|_| "the script defines no kakao.Postcode".to_owned())?;
    let options = Object::new();
    let oncomplete = wasm_bindgen::closure::Closure::once_into_js(move |data: JsValue| {
        let text = |key: &str| {
            Reflect::get(&data, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        chosen(PostcodeResult {
            zonecode: text("zonecode"),
            road_address: text("roadAddress"),
            auto_road_address: text("autoRoadAddress"),
            bname: text("bname"),
            building_name: text("buildingName"),
            apartment: text("apartment"),
        });
    });
    for (key, value) in [
        ("oncomplete", oncomplete),
        ("width", JsValue::from_str("100%")),
        ("height", JsValue::from_str("100%")),
    ] {
        Reflect::set(&options, &JsValue::from_str(key), &value).map_err(js)?;
    }
    let search = Reflect::construct(&postcode, &Array::of1(&options)).map_err(js)?;
    Reflect::get(&search, &JsValue::from_str("embed"))
        .map_err(js)?
        .dyn_into::<Function>()
        .map_err(|_| "kakao.Postcode has no embed".to_owned())?
        .call1(&search, &element)
        .map_err(js)?;
    Ok(())
}

fn js(e: JsValue) -> String {
    format!("{e:?}")
}
