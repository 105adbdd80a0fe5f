//! The audit log, newest first: staff sign-ins and every change made through the Admin API.
//! Filtered by action prefix; further pages load with "more" (cursor pagination).

use crate::ui::{self, Load};
use leptos::prelude::*;

use crate::api;
use crate::i18n::{Messages, use_i18n};
use crate::session::Session;

use super::short_time;

type Entry = api::AuditEntry;

/// The action prefixes of the filter (the empty one is "all").
const FILTERS: [&str; 5] = ["", "staff.", "api_key.", "channel.", "job."];

fn filter_label(t: &'static Messages, prefix: &str) -> &'static str {
    match prefix {
        "staff." => t.audit_filter_staff,
        "api_key." => t.audit_filter_api_key,
        "channel." => t.audit_filter_channel,
        "job." => t.audit_filter_job,
        _ => t.jobs_all,
    }
}

#[component]
pub fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let filter = RwSignal::new(String::new());
    let entries = RwSignal::new(Vec::<Entry>::new());
    // The cursor of the next page, while there is one.
    let next = RwSignal::new(None::<String>);
    let status = RwSignal::new(Load::Loading);
    // Bumped when the filter changes, so answers for the old filter are dropped.
    let generation = StoredValue::new(0_u32);
    let load = move |more: bool| {
        let after = if more {
            next.get_untracked()
        } else {
            generation.update_value(|g| *g = g.wrapping_add(1));
            entries.set(Vec::new());
            next.set(None);
            None
        };
        let current = generation.get_value();
        let action = Some(filter.get_untracked()).filter(|a| !a.is_empty());
        status.set(Load::Loading);
        leptos::task::spawn_local(async move {
            let result = api::audit_page(session, action, after).await;
            if generation.get_value() != current {
                return;
            }
            match result {
                Ok((page, after)) => {
                    entries.update(|e| e.extend(page));
                    next.set(after);
                    status.set(Load::Ready);
                }
                Err(e) => status.set(Load::Failed(e)),
            }
        });
    };
    load(false);
    let on_filter = move |ev: leptos::ev::Event| {
        filter.set(event_target_value(&ev));
        load(false);
    };
    view! {
        <section class="audit" aria-labelledby="audit-title">
            <h1 id="audit-title">{move || i18n.t().audit_title}</h1>
            <label class="inline" for="audit-filter">{move || i18n.t().audit_filter}</label>
            <select id="audit-filter" on:change=on_filter>
                {FILTERS
                    .into_iter()
                    .map(|prefix| {
                        view! {
                            <option value=prefix>{move || filter_label(i18n.t(), prefix)}</option>
                        }
                    })
                    .collect_view()}
            </select>
            <Show when=move || entries.with(|e| !e.is_empty())>
                <ui::TableScroll labelledby="audit-title">
                    <table class="data audit-log">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t().col_time}</th>
                                <th scope="col">{move || i18n.t().col_actor}</th>
                                <th scope="col">{move || i18n.t().col_action}</th>
                                <th scope="col">{move || i18n.t().col_target}</th>
                                <th scope="col">{move || i18n.t().col_ip}</th>
                                <th scope="col">{move || i18n.t().col_detail}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || entries.get()
                                key=|entry| entry.id.clone()
                                children=move |entry| entry_row(i18n, entry)
                            />
                        </tbody>
                    </table>
                </ui::TableScroll>
            </Show>
            {move || match status.get() {
                Load::Ready if entries.with(Vec::is_empty) => {
                    ui::empty_line("audit-empty", move || i18n.t().audit_empty).into_any()
                }
                Load::Ready => {
                    view! {
                        <ui::MoreButton
                            id="audit-more"
                            shown=Signal::derive(move || next.with(Option::is_some))
                            label=Signal::derive(move || i18n.t().audit_more)
                            on_click=Callback::new(move |()| load(true))
                        />
                    }
                    .into_any()
                }
                state => {
                    ui::load_status(
                        state,
                        "audit",
                        |t| t.audit_loading,
                        move || load(entries.with(|e| !e.is_empty())),
                    )
                }
            }}
        </section>
    }
}

fn entry_row(i18n: crate::i18n::I18n, entry: Entry) -> impl IntoView {
    let kind = entry.actor_kind;
    let actor_kind = move || {
        i18n.t()
            .actor_kind(&kind)
            .map_or_else(|| kind.clone(), str::to_owned)
    };
    let action = entry.action;
    let data_action = action.clone();
    view! {
        <tr data-action=data_action>
            <td class="time">{short_time(&entry.created_at)}</td>
            <td>{entry.actor_name} " " <small class="actor-kind">"(" {actor_kind} ")"</small></td>
            <td><code>{action}</code></td>
            <td class="target">{entry.target.unwrap_or_default()}</td>
            <td>{entry.ip.unwrap_or_default()}</td>
            <td class="detail"><code>{entry.detail.to_string()}</code></td>
        </tr>
    }
}
