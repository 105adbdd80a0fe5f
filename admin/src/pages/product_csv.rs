//! CSV export and import on the product list. Every product downloads as a CSV file, one row
//! per variant, that spreadsheets (Excel included) open as it is. Staff who may change products
//! choose a CSV file with the same columns: the server checks every row first and the page shows
//! what applying would create and change, or every problem by row and column; applying sends the
//! same file again and the server applies the whole file or nothing.

use std::time::Duration;

use leptos::prelude::*;
use shared::web::ClientError;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{File, HtmlInputElement};

use crate::api::{self, CsvImport, UploadError, UploadRefusal};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;
use crate::ui;

/// The byte order mark put before the text, so Excel reads the file as UTF-8 (Korean included).
const BOM: &str = "\u{feff}";

/// The media type of a downloaded file.
const CSV_TYPE: &str = "text/csv;charset=utf-8";

/// The files the file chooser offers.
const CSV_ACCEPT: &str = ".csv,text/csv";

/// How long a download's object URL stays usable after the click that starts the download.
const REVOKE_AFTER: Duration = Duration::from_secs(1);

/// Where the import is.
#[derive(Debug, Clone, PartialEq)]
enum ImportState {
    /// No file chosen yet.
    Idle,
    /// The chosen file is being checked.
    Checking,
    /// The file was checked (nothing changed): what applying would do, or its problems.
    Checked(CsvImport),
    /// The checked file is being applied.
    Applying(CsvImport),
    /// The file was applied: how many products it created and changed.
    Applied { created: i64, updated: i64 },
    /// The file was not read or the request failed: why.
    Failed(Vec<String>),
}

impl ImportState {
    fn busy(&self) -> bool {
        matches!(self, ImportState::Checking | ImportState::Applying(_))
    }
}

/// The file name of an export made today (local date): `products-20261125.csv`.
fn export_file_name() -> String {
    let now = web_sys::js_sys::Date::new_0();
    format!(
        "products-{:04}{:02}{:02}.csv",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Downloads `csv` as the file `file_name`: a Blob of the text after a UTF-8 byte order mark,
/// an object URL for it and a click on a temporary `<a download>`; the URL is revoked shortly
/// after.
fn download_csv(csv: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = web_sys::js_sys::Array::of2(&JsValue::from_str(BOM), &JsValue::from_str(csv));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(CSV_TYPE);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let clicked = click_download(&url, file_name);
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        REVOKE_AFTER,
    );
    clicked
}

/// Clicks a hidden `<a href=url download=file_name>`, added to the page for the click only.
fn click_download(url: &str, file_name: &str) -> Result<(), JsValue> {
    let link: web_sys::HtmlAnchorElement = document()
        .create_element("a")?
        .dyn_into()
        .map_err(JsValue::from)?;
    link.set_href(url);
    link.set_download(file_name);
    link.set_hidden(true);
    let body = document()
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    Ok(())
}

/// What staff read when a request failed; signs out when the session ended.
fn client_message(i18n: I18n, session: Session, e: &ClientError) -> String {
    let t = i18n.t();
    if e.is_unauthenticated() {
        session.sign_out();
        t.session_ended.to_owned()
    } else if e.is_forbidden() {
        t.no_permission.to_owned()
    } else {
        leptos::logging::warn!("product csv: {e}");
        format!("{} ({e})", t.api_unreachable)
    }
}

/// What staff read when the server refused the file.
fn refusal_messages(i18n: I18n, refusals: Vec<UploadRefusal>) -> Vec<String> {
    let t = i18n.t();
    if refusals.is_empty() {
        return vec![t.request_refused.to_owned()];
    }
    refusals
        .into_iter()
        .map(|r| match r.code.as_str() {
            "INVALID" => t.csv_invalid.to_owned(),
            _ if r.message.is_empty() => t.request_refused.to_owned(),
            _ => r.message,
        })
        .collect()
}

/// The CSV tools of the product list (`section.csv-tools`): the export button for everyone
/// who sees the list, and the import for staff who may change products (`can_write`).
/// `reload` shows the list again (after an import, or to reach the sign-in page when the
/// session ended).
#[component]
pub fn CsvTools(
    can_write: Signal<bool>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();

    let exporting = RwSignal::new(false);
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        if exporting.get_untracked() {
            return;
        }
        export_error.set(None);
        exporting.set(true);
        leptos::task::spawn_local(async move {
            let result = api::product_export_csv(session).await;
            if exporting.try_set(false).is_some() {
                // The page is gone.
                return;
            }
            let error = match result {
                Ok(csv) => match download_csv(&csv, &export_file_name()) {
                    Ok(()) => None,
                    Err(e) => {
                        leptos::logging::warn!("product csv download: {e:?}");
                        Some(i18n.t().csv_download_failed.to_owned())
                    }
                },
                Err(e) => {
                    let message = client_message(i18n, session, &e);
                    if e.is_unauthenticated() {
                        reload();
                    }
                    Some(message)
                }
            };
            export_error.try_set(error);
        });
    };

    let state = RwSignal::new(ImportState::Idle);
    // The chosen file, sent again to apply it, and its name (the input is cleared).
    let chosen = StoredValue::new_local(None::<File>);
    let file_name = RwSignal::new(None::<String>);
    // Bumped on every request, so only the answer to the latest one is shown.
    let generation = StoredValue::new(0_u32);
    // Checks (`dry_run`) or applies `file`.
    let send = move |file: File, dry_run: bool| {
        let Some(current) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        let waiting = match state.get_untracked() {
            ImportState::Checked(report) if !dry_run => ImportState::Applying(report),
            _ => ImportState::Checking,
        };
        state.set(waiting);
        leptos::task::spawn_local(async move {
            let result = api::product_import_csv(session, &file, dry_run).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            let next = match result {
                Ok(report) if report.applied => {
                    chosen.try_set_value(None);
                    reload();
                    ImportState::Applied {
                        created: report.created,
                        updated: report.updated,
                    }
                }
                Ok(report) if dry_run || !report.problems.is_empty() => {
                    ImportState::Checked(report)
                }
                Ok(_) => ImportState::Failed(vec![i18n.t().request_refused.to_owned()]),
                Err(UploadError::TooLarge) => {
                    ImportState::Failed(vec![i18n.t().upload_too_large.to_owned()])
                }
                Err(UploadError::Refused(refusals)) => {
                    ImportState::Failed(refusal_messages(i18n, refusals))
                }
                Err(UploadError::Client(e)) => {
                    let message = client_message(i18n, session, &e);
                    if e.is_unauthenticated() {
                        reload();
                    }
                    ImportState::Failed(vec![message])
                }
            };
            state.try_set(next);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        // Choosing the same file again (after fixing it) is a change too.
        input.set_value("");
        file_name.set(Some(file.name()));
        chosen.set_value(Some(file.clone()));
        send(file, true);
    };
    let apply = move |_| {
        if let Some(file) = chosen.get_value() {
            send(file, false);
        }
    };
    let busy = move || state.with(ImportState::busy);

    view! {
        <section class="csv-tools" aria-labelledby="csv-tools-title">
            <h2 id="csv-tools-title">{move || i18n.t().csv_title}</h2>
            <div class="csv-export-row">
                <button
                    type="button"
                    class="csv-export"
                    disabled=move || exporting.get()
                    on:click=export
                >
                    {move || if exporting.get() { i18n.t().csv_exporting } else { i18n.t().csv_export }}
                </button>
                " "
                <span class="hint">{move || i18n.t().csv_export_hint}</span>
            </div>
            <Show when=move || export_error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || export_error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || can_write.get()>
                <div class="csv-import">
                    <label for="csv-file">{move || i18n.t().csv_import_label}</label>
                    <input
                        id="csv-file"
                        type="file"
                        name="csv-file"
                        accept=CSV_ACCEPT
                        aria-describedby="csv-hint"
                        disabled=busy
                        on:change=on_file
                    />
                    <p id="csv-hint" class="hint csv-hint">{move || i18n.t().csv_import_hint}</p>
                    <div class="csv-result" aria-live="polite" aria-busy=move || busy().to_string()>
                        {move || {
                            file_name
                                .get()
                                .map(|name| {
                                    view! {
                                        <p class="csv-file-name">
                                            {move || i18n.t().csv_file} ": " <code>{name}</code>
                                        </p>
                                    }
                                })
                        }}
                        {move || import_view(i18n, state.get(), apply)}
                    </div>
                </div>
            </Show>
        </section>
    }
}

/// What the import shows in state `state`; `apply` applies the checked file.
fn import_view(
    i18n: I18n,
    state: ImportState,
    apply: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> AnyView {
    match state {
        ImportState::Idle => ().into_any(),
        ImportState::Checking => {
            view! { <p class="status csv-status">{move || i18n.t().csv_checking}</p> }.into_any()
        }
        ImportState::Checked(report) => report_view(i18n, report, false, apply).into_any(),
        ImportState::Applying(report) => report_view(i18n, report, true, apply).into_any(),
        ImportState::Applied { created, updated } => view! {
            <p class="notice" role="status">
                {move || {
                    i18n.t()
                        .csv_applied
                        .replace("{created}", &created.to_string())
                        .replace("{updated}", &updated.to_string())
                }}
            </p>
        }
        .into_any(),
        ImportState::Failed(messages) => messages
            .into_iter()
            .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
            .collect_view()
            .into_any(),
    }
}

/// The report of a checked file (`div.csv-report`): with no problems, the counts and the apply
/// button (`applying` while it is being applied); else every problem by row, and that nothing
/// was applied.
fn report_view(
    i18n: I18n,
    report: CsvImport,
    applying: bool,
    apply: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let problem_count = report.problems.len();
    let body = if report.problems.is_empty() {
        let (created, updated, variants) = (report.created, report.updated, report.variants);
        view! {
            <dl class="csv-counts">
                <div>
                    <dt>{move || i18n.t().csv_created}</dt>
                    <dd class="csv-created">{created}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().csv_updated}</dt>
                    <dd class="csv-updated">{updated}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().csv_variants}</dt>
                    <dd class="csv-variants">{variants}</dd>
                </div>
            </dl>
            <p class="hint csv-checked">{move || i18n.t().csv_checked}</p>
            <button type="button" class="csv-apply" disabled=applying on:click=apply>
                {move || if applying { i18n.t().csv_applying } else { i18n.t().csv_apply }}
            </button>
        }
        .into_any()
    } else {
        let rows = report
            .problems
            .into_iter()
            .map(|p| {
                view! {
                    <tr class="csv-error" data-row=p.row data-code=p.code>
                        <td class="num row">{p.row}</td>
                        <td class="column">{p.column.map(|c| view! { <code>{c}</code> })}</td>
                        <td class="message">{p.message}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p class="csv-nothing-applied" role="alert">
                {move || i18n.t().csv_problems.replace("{count}", &problem_count.to_string())}
            </p>
            <ui::TableScroll labelledby="csv-tools-title">
                <table class="data csv-errors">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{move || i18n.t().col_row}</th>
                            <th scope="col">{move || i18n.t().col_column}</th>
                            <th scope="col">{move || i18n.t().col_problem}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </ui::TableScroll>
        }
        .into_any()
    };
    view! { <div class="csv-report" data-problems=problem_count>{body}</div> }
}
