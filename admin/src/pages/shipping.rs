//! Shipping settings, `/shipping`: each channel's flat shipping fee and free-shipping threshold
//! (what carts and checkout charge) and whether checkout offers the postal-code search, and the carriers staff ship with: their names, the URL
//! template of their tracking page (`{number}` stands for the tracking number; shoppers' order
//! pages link there) and whether they are offered.

use crate::ui;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Carrier, ChannelShipping};
use crate::i18n::use_i18n;
use crate::session::Session;

use crate::ui::load_error;

#[component]
pub fn Shipping() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let settings = LocalResource::new(move || api::shipping_settings(session));
    view! {
        <section class="shipping-page" aria-labelledby="shipping-title">
            <h1 id="shipping-title">{move || i18n.t().shipping_title}</h1>
            <Suspense fallback=move || ui::loading_line(move || i18n.t().loading)>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok((channels, carriers)) => view! {
                            <h2>{move || i18n.t().shipping_fees}</h2>
                            {channels.into_iter().map(|c| view! { <ChannelFee channel=c/> }).collect_view()}
                            <h2>{move || i18n.t().carriers_title}</h2>
                            <table class="carriers" id="carriers">
                                <thead>
                                    <tr>
                                        <th scope="col">{move || i18n.t().carrier_code}</th>
                                        <th scope="col">{move || i18n.t().carrier_name}</th>
                                        <th scope="col">{move || i18n.t().carrier_template}</th>
                                        <th scope="col">{move || i18n.t().carrier_active}</th>
                                        <th scope="col"></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {carriers.into_iter().map(|c| view! { <CarrierRow carrier=c/> }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(e) => load_error("shipping settings", e, move || settings.refetch()),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ChannelFee(channel: ChannelShipping) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let fee = RwSignal::new(channel.shipping_fee.amount.to_string());
    let threshold = RwSignal::new(
        channel
            .free_shipping_threshold
            .as_ref()
            .map(|t| t.amount.to_string())
            .unwrap_or_default(),
    );
    let address_search = RwSignal::new(channel.address_search);
    let notice = RwSignal::new(None::<Result<(), String>>);
    let id = channel.id.clone();
    let code = channel.code.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = i18n.t();
        let Ok(f) = fee.get_untracked().trim().parse::<i64>() else {
            notice.set(Some(Err(t.shipping_fee_invalid.to_owned())));
            return;
        };
        let th = threshold.get_untracked();
        let th = match th.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    notice.set(Some(Err(t.shipping_fee_invalid.to_owned())));
                    return;
                }
            },
        };
        let id = id.clone();
        spawn_local(async move {
            notice.set(Some(
                match api::channel_shipping_update(
                    session,
                    id,
                    f,
                    th,
                    address_search.get_untracked(),
                )
                .await
                {
                    Ok(None) => Ok(()),
                    Ok(Some(m)) => Err(m),
                    Err(e) => {
                        leptos::logging::warn!("channel update: {e}");
                        Err(i18n.t().api_unreachable.to_owned())
                    }
                },
            ));
        });
    };
    let fee_id = format!("fee-{code}");
    let threshold_id = format!("threshold-{code}");
    let search_id = format!("address-search-{code}");
    let search_hint_id = format!("address-search-{code}-hint");
    view! {
        <form class="channel-fee" data-channel=code.clone() on:submit=submit>
            <h3>{channel.name.clone()}</h3>
            <label for=fee_id.clone()>{move || i18n.t().shipping_fee}</label>
            <input id=fee_id name="shippingFee" type="number" min="0" prop:value=move || fee.get() on:input=move |ev| fee.set(event_target_value(&ev))/>
            <label for=threshold_id.clone()>{move || i18n.t().shipping_threshold}</label>
            <input id=threshold_id name="freeShippingThreshold" type="number" min="0" prop:value=move || threshold.get() on:input=move |ev| threshold.set(event_target_value(&ev))/>
            <p class="hint">{move || i18n.t().shipping_threshold_hint}</p>
            <label class="check">
                <input id=search_id name="addressSearch" type="checkbox" aria-describedby=search_hint_id.clone() prop:checked=move || address_search.get() on:change=move |ev| address_search.set(event_target_checked(&ev))/>
                {move || i18n.t().shipping_address_search}
            </label>
            <p class="hint" id=search_hint_id>{move || i18n.t().shipping_address_search_hint}</p>
            <button type="submit" class="primary">{move || i18n.t().save}</button>
            {move || notice.get().map(|n| match n {
                Ok(()) => view! { <p class="notice" role="status">{move || i18n.t().saved}</p> }.into_any(),
                Err(m) => view! { <p class="form-error" role="alert">{m}</p> }.into_any(),
            })}
        </form>
    }
}

#[component]
fn CarrierRow(carrier: Carrier) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let name = RwSignal::new(carrier.name.clone());
    let template = RwSignal::new(carrier.tracking_url_template.clone());
    let active = RwSignal::new(carrier.active);
    let notice = RwSignal::new(None::<Result<(), String>>);
    let code = carrier.code.clone();
    let save = {
        let code = code.clone();
        move |_| {
            let code = code.clone();
            spawn_local(async move {
                let answer = api::carrier_update(
                    session,
                    code,
                    name.get_untracked(),
                    template.get_untracked(),
                    active.get_untracked(),
                )
                .await;
                notice.set(Some(match answer {
                    Ok(Ok(saved)) => {
                        template.set(saved.tracking_url_template);
                        Ok(())
                    }
                    Ok(Err(m)) => Err(m),
                    Err(e) => {
                        leptos::logging::warn!("carrier update: {e}");
                        Err(i18n.t().api_unreachable.to_owned())
                    }
                }));
            });
        }
    };
    view! {
        <tr class="carrier" data-code=code.clone()>
            <td><code>{code.clone()}</code></td>
            <td><input class="carrier-name" aria-label=move || i18n.t().carrier_name prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></td>
            <td><input class="carrier-template" size="50" aria-label=move || i18n.t().carrier_template prop:value=move || template.get() on:input=move |ev| template.set(event_target_value(&ev))/></td>
            <td><input type="checkbox" class="carrier-active" aria-label=move || i18n.t().carrier_active prop:checked=move || active.get() on:change=move |ev| active.set(event_target_checked(&ev))/></td>
            <td>
                <button type="button" class="carrier-save" on:click=save>{move || i18n.t().save}</button>
                {move || notice.get().map(|n| match n {
                    Ok(()) => view! { <span class="notice" role="status">{move || i18n.t().saved}</span> }.into_any(),
                    Err(m) => view! { <span class="form-error" role="alert">{m}</span> }.into_any(),
                })}
            </td>
        </tr>
    }
}
