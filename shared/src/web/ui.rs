//! The UI kit both apps share: where a page's data stands ([`Load`]) and how each state is
//! shown, text fields and the forms' behaviour after a refused submit, data tables (with their
//! frame, badges, pager and "more" button), toasts, the question before a destructive or money
//! action, and the page shown when a part of the app cannot be fetched. Every piece uses the
//! same classes and roles in both apps; no piece holds text (each app passes its own words).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ClientError;

/// Where the data a page asked for stands; the data itself lives in the page's own signals
/// (so a reload keeps showing the previous rows while `Loading`).
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Loading,
    Ready,
    Failed(ClientError),
}

impl Load {
    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading)
    }

    pub fn is_ready(&self) -> bool {
        matches!(self, Load::Ready)
    }

    /// Failed because the server refused who is asking (signed out, or without the
    /// permission): the page's other controls have nothing to act on.
    pub fn is_refused(&self) -> bool {
        matches!(self, Load::Failed(e) if e.is_unauthenticated() || e.is_forbidden())
    }
}

/// The status line while something loads (read out politely by screen readers).
pub fn loading_line(text: impl Fn() -> &'static str + Send + Sync + 'static) -> impl IntoView {
    view! { <p class="status loading" role="status">{text}</p> }
}

/// The line of a list with nothing in it.
pub fn empty_line(
    class: &'static str,
    text: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView {
    view! { <p class=format!("status empty {class}")>{text}</p> }
}

/// A load that failed for a reason another try may fix: what happened, and a button that
/// tries again.
pub fn failed_line(
    message: impl Fn() -> &'static str + Send + Sync + 'static,
    retry_label: impl Fn() -> &'static str + Send + Sync + 'static,
    retry: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="status error" role="alert">
            <p>{message}</p>
            <button type="button" class="retry" on:click=move |_| retry()>
                {retry_label}
            </button>
        </div>
    }
}

/// Moves the focus to the element `id` (which scrolls it into view) once the page has been
/// drawn: where a link of an error summary or a closed dialog leads.
pub fn focus_element(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

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

/// A wide table's frame: it scrolls sideways on a narrow screen, and takes the keyboard focus
/// (so it can be scrolled without a pointer) under the name of the heading `labelledby`.
#[component]
pub fn TableScroll(
    /// The id of the heading that names the table.
    labelledby: &'static str,
    /// Whether the rows are being replaced.
    #[prop(optional, into)]
    busy: MaybeProp<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <div
            class="table-scroll"
            tabindex="0"
            role="region"
            aria-labelledby=labelledby
            aria-busy=move || busy.get().map(|b| b.to_string())
        >
            {children()}
        </div>
    }
}

/// What a page shows when its part of the app could not be fetched (see `lazy_area!`): the
/// `message` and a button that loads the page again.
pub fn page_unavailable(
    message: impl Fn() -> &'static str + Send + Sync + 'static,
    retry_label: impl Fn() -> &'static str + Send + Sync + 'static,
) -> AnyView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <section class="status error page-unavailable" role="alert">
            <h1>{message}</h1>
            <button type="button" class="retry" on:click=reload>
                {retry_label}
            </button>
        </section>
    }
    .into_any()
}

/// How long a toast stays before it goes by itself.
const TOAST_MS: u64 = 5_000;

type ToastText = std::sync::Arc<dyn Fn() -> String + Send + Sync>;

/// Short confirmations ("저장했습니다.") at the bottom of the screen: read out by screen readers,
/// gone after a few seconds or when closed, kept across a page change (a product saved on
/// `/products/new` is confirmed on its own page). Provided once per app; see [`Toaster`].
#[derive(Clone, Copy)]
pub struct Toasts {
    shown: RwSignal<Vec<(u32, ToastText)>>,
    next: StoredValue<u32>,
}

impl Toasts {
    /// Creates the app's toasts and provides them as context.
    pub fn provide() -> Self {
        let toasts = Toasts {
            shown: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        provide_context(toasts);
        toasts
    }

    /// The app's toasts (see [`Toasts::provide`]).
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Shows `text` (a closure, so it follows a language switch) for a few seconds.
    pub fn show(self, text: impl Fn() -> String + Send + Sync + 'static) {
        let id = self.next.get_value();
        self.next.set_value(id.wrapping_add(1));
        self.shown
            .update(|s| s.push((id, std::sync::Arc::new(text))));
        set_timeout(
            move || self.dismiss(id),
            std::time::Duration::from_millis(TOAST_MS),
        );
    }

    /// Removes the toast `id` (if still shown).
    fn dismiss(self, id: u32) {
        let _ = self.shown.try_update(|s| s.retain(|(i, _)| *i != id));
    }
}

/// Where the toasts appear: a polite live region present from the start (so the first toast is
/// announced), each toast with a button that closes it (labelled `close_label`).
#[component]
pub fn Toaster(toasts: Toasts, #[prop(into)] close_label: Signal<&'static str>) -> impl IntoView {
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For
                each=move || toasts.shown.get()
                key=|(id, _)| *id
                children=move |(id, text)| {
                    view! {
                        <p class="toast">
                            <span>{move || text()}</span>
                            <button
                                type="button"
                                class="toast-close"
                                aria-label=move || close_label.get()
                                on:click=move |_| toasts.dismiss(id)
                            >
                                "×"
                            </button>
                        </p>
                    }
                }
            />
        </div>
    }
}

/// A question before an action that cannot be undone (a refund, a cancellation): what will
/// happen, a button that does it and one that goes back. It takes the keyboard focus when it
/// opens (on the way back, so Enter does nothing harmful); Escape goes back.
#[component]
pub fn Confirm(
    /// Whether the question is shown; the buttons close it.
    open: RwSignal<bool>,
    /// What will happen, in the reader's language.
    #[prop(into)]
    message: Signal<String>,
    /// The words of the button that does it.
    #[prop(into)]
    confirm: Signal<&'static str>,
    /// The words of the button that goes back.
    #[prop(into)]
    back_label: Signal<&'static str>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let back = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get()
            && let Some(button) = back.get()
        {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || open.get()>
            <div
                class="confirm"
                id="confirm"
                role="alertdialog"
                aria-labelledby="confirm-message"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                <p id="confirm-message">{move || message.get()}</p>
                <div class="confirm-actions">
                    <button
                        type="button"
                        class="danger"
                        id="confirm-yes"
                        on:click=move |_| {
                            open.set(false);
                            on_confirm.run(());
                        }
                    >
                        {move || confirm.get()}
                    </button>
                    <button type="button" id="confirm-no" node_ref=back on:click=move |_| open.set(false)>
                        {move || back_label.get()}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// A labelled text input with its hint and its error: the error marks the input invalid
/// (`aria-invalid`, which [`focus_first_invalid`] looks for) and is tied to it with
/// `aria-describedby`, as is the hint. Texts are signals so they follow a language switch.
#[component]
pub fn TextField(
    /// The element id (unique on the page); the hint and error take `{id}-hint`, `{id}-error`.
    id: &'static str,
    /// The form control name.
    name: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    /// The message shown under the field, if any.
    #[prop(optional, into)]
    error: MaybeProp<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = None)] autocomplete: Option<&'static str>,
    #[prop(default = None)] inputmode: Option<&'static str>,
    #[prop(default = None)] hint: Option<Signal<&'static str>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_error = move || error.with(|e| e.is_some());
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let ids: Vec<&str> = [
                hint.map(|_| hint_id.as_str()),
                has_error().then_some(error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                aria-invalid=move || has_error().to_string()
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|hint| view! { <small class="hint" id=hint_id>{move || hint.get()}</small> })}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id.clone() role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// One column of a [`DataTable`]: its heading, its cell for a row, and a class for both
/// (`num` right-aligns).
pub struct Column<T> {
    heading: Signal<&'static str>,
    class: &'static str,
    cell: std::sync::Arc<dyn Fn(&T) -> AnyView + Send + Sync>,
}

impl<T> Column<T> {
    pub fn new(
        heading: impl Fn() -> &'static str + Send + Sync + 'static,
        class: &'static str,
        cell: impl Fn(&T) -> AnyView + Send + Sync + 'static,
    ) -> Self {
        Column {
            heading: Signal::derive(heading),
            class,
            cell: std::sync::Arc::new(cell),
        }
    }
}

/// Checkboxes on a [`DataTable`]'s rows: the keys of the checked rows, the label of the
/// checkbox that checks them all and of each row's (e.g. "선택: 현미 곡물바").
pub struct Selection<T> {
    pub keys: RwSignal<Vec<String>>,
    pub all_label: Signal<&'static str>,
    pub row_label: std::sync::Arc<dyn Fn(&T) -> String + Send + Sync>,
}

/// A list of records as a table that reads on a phone: from 640 px down each row becomes a
/// card whose cells carry their column's heading. Rows carry `data-key` (and `data-status`
/// when given) for styling and tests; with a [`Selection`], a checkbox per row and one for all.
/// The rows are drawn again whenever `rows` changes, so a row always shows the latest answer.
#[component]
pub fn DataTable<T>(
    /// The table's id.
    id: &'static str,
    /// Classes besides `data`.
    #[prop(optional)]
    class: &'static str,
    /// The id of the heading that names the table.
    labelledby: &'static str,
    #[prop(into)] rows: Signal<Vec<T>>,
    /// A row's key: `data-key` on its `<tr>`, and what a selection holds.
    key: fn(&T) -> String,
    /// A row's `data-status`, when rows have one.
    #[prop(optional)]
    status: Option<fn(&T) -> &'static str>,
    /// The class of every `<tr>` in the body.
    #[prop(optional)]
    row_class: &'static str,
    columns: Vec<Column<T>>,
    #[prop(optional)] selection: Option<Selection<T>>,
    /// Whether the rows are being replaced.
    #[prop(optional, into)]
    busy: MaybeProp<bool>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let columns = std::sync::Arc::new(columns);
    let headings = columns
        .iter()
        .map(|c| {
            let heading = c.heading;
            view! { <th scope="col" class=c.class>{move || heading.get()}</th> }
        })
        .collect_view();
    let select_all = selection.as_ref().map(|s| {
        let (keys, label) = (s.keys, s.all_label);
        let all_checked = move || {
            rows.with(|r| keys.with(|k| !r.is_empty() && r.iter().all(|row| k.contains(&key(row)))))
        };
        let on_change = move |ev: leptos::ev::Event| {
            let shown: Vec<String> = rows.with_untracked(|r| r.iter().map(key).collect());
            let on = event_target_checked(&ev);
            keys.update(|k| {
                k.retain(|x| !shown.contains(x));
                if on {
                    k.extend(shown);
                }
            });
        };
        view! {
            <th scope="col" class="select">
                <input
                    type="checkbox"
                    class="select-all"
                    aria-label=move || label.get()
                    prop:checked=all_checked
                    on:change=on_change
                />
            </th>
        }
    });
    let selection = selection.map(std::sync::Arc::new);
    let draw_row = move |row: T| {
        let row_key = key(&row);
        let select = selection.clone().map(|s| {
            let keys = s.keys;
            let label = (s.row_label)(&row);
            let checked = {
                let row_key = row_key.clone();
                move || keys.with(|k| k.contains(&row_key))
            };
            let row_key = row_key.clone();
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                keys.update(|k| {
                    k.retain(|x| *x != row_key);
                    if on {
                        k.push(row_key.clone());
                    }
                });
            };
            view! {
                <td class="select">
                    <input
                        type="checkbox"
                        class="select-row"
                        aria-label=label
                        prop:checked=checked
                        on:change=on_change
                    />
                </td>
            }
        });
        let cells = columns
            .iter()
            .map(|c| {
                let heading = c.heading;
                view! {
                    <td class=c.class data-label=move || heading.get()>
                        <div class="cell">{(c.cell)(&row)}</div>
                    </td>
                }
            })
            .collect_view();
        view! {
            <tr class=row_class data-key=row_key data-status=status.map(|s| s(&row))>
                {select}
                {cells}
            </tr>
        }
    };
    view! {
        <TableScroll labelledby busy>
            <table class=format!("data cards {class}") id=id>
                <thead>
                    <tr>{select_all}{headings}</tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().map(draw_row.clone()).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}

/// A record's state as a small coloured label: `tone` is one of `ok`, `info`, `warn`, `danger`,
/// `muted` (the stylesheets' `.badge.tone-…`).
pub fn badge(
    tone: &'static str,
    text: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView {
    view! { <span class=format!("badge tone-{tone}")>{text}</span> }
}

/// The button under a list that appends the list's next page, shown while there is one.
#[component]
pub fn MoreButton(
    id: &'static str,
    /// Whether there is a next page.
    #[prop(into)]
    shown: Signal<bool>,
    #[prop(into)] label: Signal<&'static str>,
    /// While a page is on its way (the button is disabled).
    #[prop(optional, into)]
    busy: MaybeProp<bool>,
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <Show when=move || shown.get()>
            <div class="pager">
                <button
                    type="button"
                    class="load-more secondary"
                    id=id
                    disabled=move || busy.get().unwrap_or(false)
                    on:click=move |_| on_click.run(())
                >
                    {move || label.get()}
                </button>
            </div>
        </Show>
    }
}

/// Previous and next page of a list that shows one page at a time.
#[component]
pub fn Pager(
    #[prop(into)] has_previous: Signal<bool>,
    #[prop(into)] has_next: Signal<bool>,
    #[prop(into)] previous_label: Signal<&'static str>,
    #[prop(into)] next_label: Signal<&'static str>,
    /// While a page is on its way (the buttons are disabled).
    #[prop(into)]
    busy: Signal<bool>,
    on_previous: Callback<()>,
    on_next: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="pager">
            <Show when=move || has_previous.get()>
                <button
                    type="button"
                    class="prev-page"
                    disabled=move || busy.get()
                    on:click=move |_| on_previous.run(())
                >
                    {move || previous_label.get()}
                </button>
            </Show>
            <Show when=move || has_next.get()>
                <button
                    type="button"
                    class="next-page"
                    disabled=move || busy.get()
                    on:click=move |_| on_next.run(())
                >
                    {move || next_label.get()}
                </button>
            </Show>
        </div>
    }
}
