//! The media library (`/media`): every image staff uploaded, newest first, with its thumbnail,
//! file name, pixel size and processing status. Staff who may change products upload images
//! (dropped on the drop zone or chosen with the file input, one after another, with the alt
//! text given above), change an image's alt text and delete images. While an image is still
//! being processed the page asks the server again every two seconds.

use crate::ui::{self, Load};
use std::time::Duration;

use leptos::prelude::*;
use shared::web::ClientError;

use crate::api::{self, MEDIA_PAGE_MAX, MEDIA_PAGE_SIZE, MediaItem, MediaStatus, Permission};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

use super::uploads::{FileDrop, Uploads, upload_results};

/// How often the page asks again while an image is being processed.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// Where the page is.
/// The shown images after a fresh look at the library.
struct Fresh {
    permissions: Vec<Permission>,
    items: Vec<MediaItem>,
    next: Option<String>,
}

/// The newest `count` images (at least one page), asked in pages of at most
/// [`MEDIA_PAGE_MAX`].
async fn newest(session: Session, count: usize) -> Result<Fresh, ClientError> {
    let wanted = count.max(usize::try_from(MEDIA_PAGE_SIZE).unwrap_or(1));
    let mut fresh = Fresh {
        permissions: Vec::new(),
        items: Vec::new(),
        next: None,
    };
    let mut after = None;
    loop {
        let left = i64::try_from(wanted - fresh.items.len()).unwrap_or(MEDIA_PAGE_MAX);
        let page = api::media_library(session, left.min(MEDIA_PAGE_MAX), after).await?;
        let empty = page.items.is_empty();
        fresh.permissions = page.permissions;
        fresh.items.extend(page.items);
        fresh.next = page.next;
        if empty || fresh.items.len() >= wanted || fresh.next.is_none() {
            return Ok(fresh);
        }
        after = fresh.next.clone();
    }
}

/// The page's state; the fresh look and the poll call each other through it.
#[derive(Clone, Copy)]
struct Library {
    i18n: I18n,
    session: Session,
    items: RwSignal<Vec<MediaItem>>,
    /// The cursor of the page after the shown images, while there is one.
    next: RwSignal<Option<String>>,
    status: RwSignal<Load>,
    permissions: RwSignal<Vec<Permission>>,
    /// Whether the next page is being asked for.
    more_busy: RwSignal<bool>,
    more_error: RwSignal<Option<String>>,
    /// Bumped on every fresh look, so only the answer to the latest one is shown.
    generation: StoredValue<u32>,
    /// The next poll, while one is waiting.
    poll: StoredValue<Option<TimeoutHandle>>,
}

impl Library {
    fn new(i18n: I18n, session: Session) -> Library {
        Library {
            i18n,
            session,
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            status: RwSignal::new(Load::Loading),
            permissions: RwSignal::new(Vec::new()),
            more_busy: RwSignal::new(false),
            more_error: RwSignal::new(None),
            generation: StoredValue::new(0),
            poll: StoredValue::new(None),
        }
    }

    fn fail(self, e: ClientError) {
        self.status.set(Load::Failed(e));
    }

    /// Looks at the library again: as many images as are shown plus `extra` (new uploads),
    /// then again in a while if one of them is still being processed.
    fn refresh(self, extra: usize) {
        // (A timer or task may call this after the page is gone: then it does nothing.)
        let Some(current) = self.generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        let Some(shown) = self.items.try_with_untracked(Vec::len) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = newest(self.session, shown + extra).await;
            if self.generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok(fresh) => {
                    self.permissions.set(fresh.permissions);
                    self.next.set(fresh.next);
                    self.items.set(fresh.items);
                    self.status.set(Load::Ready);
                    self.schedule_poll();
                }
                Err(e) => self.fail(e),
            }
        });
    }

    /// Adds the next page of older images.
    fn load_more(self) {
        let Some(after) = self.next.get_untracked() else {
            return;
        };
        self.more_busy.set(true);
        self.more_error.set(None);
        let current = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let result = api::media_library(self.session, MEDIA_PAGE_SIZE, Some(after)).await;
            self.more_busy.set(false);
            // A fresh look since then answers for these too.
            if self.generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok(page) => {
                    self.items.update(|all| {
                        for m in page.items {
                            if !all.iter().any(|x| x.id == m.id) {
                                all.push(m);
                            }
                        }
                    });
                    self.next.set(page.next);
                    self.schedule_poll();
                }
                Err(e) if e.is_unauthenticated() || e.is_forbidden() => self.fail(e),
                Err(e) => self
                    .more_error
                    .set(Some(format!("{} ({e})", self.i18n.t().api_unreachable))),
            }
        });
    }

    /// Asks again in [`POLL_EVERY`] when a shown image is still being processed (one timer at
    /// a time; none once the page is gone).
    fn schedule_poll(self) {
        let processing = self
            .items
            .try_with_untracked(|all| all.iter().any(|m| m.status == MediaStatus::Processing))
            .unwrap_or(false);
        if !processing || self.poll.try_with_value(Option::is_some).unwrap_or(true) {
            return;
        }
        let fire = move || {
            if self.poll.try_update_value(|p| *p = None).is_none() {
                // The page is gone.
                return;
            }
            if self.more_busy.try_get_untracked().unwrap_or(true) {
                // Asking for the next page; look again after it.
                self.schedule_poll();
            } else {
                self.refresh(0);
            }
        };
        if let Ok(handle) = set_timeout_with_handle(fire, POLL_EVERY) {
            self.poll.set_value(Some(handle));
        }
    }
}

#[component]
pub fn Media() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let library = Library::new(i18n, session);
    let Library {
        items,
        next,
        status,
        permissions,
        more_busy,
        more_error,
        poll,
        ..
    } = library;
    let uploads = Uploads::new();
    let upload_alt = RwSignal::new(String::new());
    library.refresh(0);
    on_cleanup(move || {
        if let Some(Some(handle)) = poll.try_get_value() {
            handle.clear();
        }
    });

    let on_files = move |files: Vec<web_sys::File>| {
        let alt = upload_alt.get_untracked().trim().to_owned();
        uploads.start(session, files, alt, move |_, _| library.refresh(1));
    };
    let on_deleted = move |id: String| items.update(|all| all.retain(|m| m.id != id));
    let on_alt_saved = move |id: String, alt: String| {
        items.update(|all| {
            if let Some(m) = all.iter_mut().find(|m| m.id == id) {
                m.alt = alt;
            }
        });
    };
    let can_write = move || permissions.with(|p| p.contains(&Permission::ProductsWrite));
    let ready = move || status.with(Load::is_ready);

    view! {
        <section class="media" aria-labelledby="media-title">
            <h1 id="media-title">{move || i18n.t().media_title}</h1>
            <Show when=move || ready() && can_write()>
                <section class="uploader editor-section" aria-labelledby="upload-title">
                    <h2 id="upload-title">{move || i18n.t().media_upload_title}</h2>
                    <label for="upload-alt">{move || i18n.t().upload_alt_label}</label>
                    <input
                        id="upload-alt"
                        name="alt"
                        type="text"
                        autocomplete="off"
                        aria-describedby="upload-alt-hint"
                        prop:value=move || upload_alt.get()
                        on:input=move |ev| upload_alt.set(event_target_value(&ev))
                    />
                    <p id="upload-alt-hint" class="hint">{move || i18n.t().upload_alt_hint}</p>
                    <FileDrop input_id="media-file" input_name="file" multiple=true on_files/>
                    {upload_results(uploads)}
                </section>
            </Show>
            {move || match status.get() {
                // A fresh look keeps the images it replaces on screen.
                Load::Loading if items.with_untracked(|i| !i.is_empty()) => ().into_any(),
                state => ui::load_status(state, "media", |t| t.media_loading, move || library.refresh(0)),
            }}
            <Show when=move || ready() && items.with(Vec::is_empty)>
                <p class="status media-empty">{move || i18n.t().media_empty}</p>
            </Show>
            <ul class="media-grid">
                <For
                    each=move || items.with(|all| all.iter().map(|m| m.id.clone()).collect::<Vec<_>>())
                    key=|id| id.clone()
                    children=move |id| {
                        let item = Memo::new({
                            let id = id.clone();
                            move |_| items.with(|all| all.iter().find(|m| m.id == id).cloned())
                        });
                        view! {
                            <MediaCard
                                id
                                item
                                can_write=Signal::derive(can_write)
                                on_deleted
                                on_alt_saved
                            />
                        }
                    }
                />
            </ul>
            <Show when=move || more_error.with(Option::is_some)>
                <p class="form-error" role="alert">{move || more_error.get().unwrap_or_default()}</p>
            </Show>
            <ui::MoreButton
                id="media-more"
                shown=Signal::derive(move || next.with(Option::is_some))
                label=Signal::derive(move || i18n.t().media_more)
                busy=Signal::derive(move || more_busy.get())
                on_click=Callback::new(move |()| library.load_more())
            />
        </section>
    }
}

/// One image of the library: its thumbnail, file name, pixel size and status, the alt text
/// (editable for staff who may change products) and a delete button.
#[component]
fn MediaCard(
    id: String,
    item: Memo<Option<MediaItem>>,
    can_write: Signal<bool>,
    on_deleted: impl Fn(String) + Copy + Send + Sync + 'static,
    on_alt_saved: impl Fn(String, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let alt = RwSignal::new(
        item.with_untracked(|m| m.as_ref().map(|m| m.alt.clone()))
            .unwrap_or_default(),
    );
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let id = StoredValue::new(id);
    let field = move |f: fn(&MediaItem) -> String| {
        move || item.with(|m| m.as_ref().map(f).unwrap_or_default())
    };
    let status = move || item.with(|m| m.as_ref().map_or(MediaStatus::Unknown, |m| m.status));
    let fail = move |e: ClientError| {
        if e.is_unauthenticated() {
            session.sign_out();
            error.set(Some(i18n.t().session_ended.to_owned()));
        } else if e.is_forbidden() {
            error.set(Some(i18n.t().no_permission.to_owned()));
        } else {
            error.set(Some(format!("{} ({e})", i18n.t().api_unreachable)));
        }
    };
    let save_alt = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        saved.set(false);
        let text = alt.get_untracked().trim().to_owned();
        let media_id = id.get_value();
        leptos::task::spawn_local(async move {
            let result = api::media_update(session, media_id.clone(), text).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(Ok(new_alt)) => {
                    alt.set(new_alt.clone());
                    saved.set(true);
                    on_alt_saved(media_id, new_alt);
                }
                Ok(Err(errors)) => error.set(Some(messages(errors, i18n.t().request_refused))),
                Err(e) => fail(e),
            }
        });
    };
    let delete = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let media_id = id.get_value();
        leptos::task::spawn_local(async move {
            let result = api::media_delete(session, media_id.clone()).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(Ok(())) => on_deleted(media_id),
                Ok(Err(errors)) => error.set(Some(messages(errors, i18n.t().request_refused))),
                Err(e) => fail(e),
            }
        });
    };
    let alt_id = format!("alt-{}", super::id_segment(&id.get_value()));
    view! {
        <li
            class="media-item"
            data-id=id.get_value()
            data-status=move || status().code()
            aria-busy=move || busy.get().to_string()
        >
            <div class="media-thumb">
                <img
                    src=field(|m| m.thumbnail_url.clone())
                    alt=field(|m| m.alt.clone())
                    loading="lazy"
                    decoding="async"
                />
            </div>
            <div class="media-meta">
                <span class="file-name" title=field(|m| m.file_name.clone())>
                    {field(|m| m.file_name.clone())}
                </span>
                <span class="pixels">
                    {field(|m| {
                        if m.width > 0 && m.height > 0 {
                            format!("{}×{} px", m.width, m.height)
                        } else {
                            String::new()
                        }
                    })}
                </span>
                <span class=move || {
                    format!("badge media-status status-{}", status().code().to_ascii_lowercase())
                }>{move || i18n.t().media_status(status())}</span>
            </div>
            <Show when=move || item.with(|m| m.as_ref().is_some_and(|m| m.failure.is_some()))>
                <p class="failure field-error">
                    {field(|m| m.failure.clone().unwrap_or_default())}
                </p>
            </Show>
            {move || {
                if can_write.get() {
                    view! {
                        <form class="alt-edit" on:submit=save_alt>
                            <label class="visually-hidden" for=alt_id.clone()>
                                {move || i18n.t().media_alt}
                            </label>
                            <input
                                id=alt_id.clone()
                                name="alt"
                                type="text"
                                autocomplete="off"
                                placeholder=move || i18n.t().media_alt
                                prop:value=move || alt.get()
                                on:input=move |ev| {
                                    saved.set(false);
                                    alt.set(event_target_value(&ev));
                                }
                            />
                            <button
                                type="submit"
                                class="save-alt secondary"
                                title=move || i18n.t().media_save_alt
                                disabled=move || busy.get()
                            >
                                {move || i18n.t().save}
                            </button>
                        </form>
                        <Show when=move || saved.get()>
                            <p class="notice" role="status">{move || i18n.t().saved}</p>
                        </Show>
                        <button
                            type="button"
                            class="delete-media danger"
                            disabled=move || busy.get()
                            on:click=delete
                        >
                            {move || i18n.t().delete}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="media-alt">
                            {move || {
                                let text = item.with(|m| m.as_ref().map(|m| m.alt.clone()))
                                    .unwrap_or_default();
                                if text.is_empty() { i18n.t().media_no_alt.to_owned() } else { text }
                            }}
                        </p>
                    }
                        .into_any()
                }
            }}
            <Show when=move || error.with(Option::is_some)>
                <p class="field-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </li>
    }
}

/// The user errors' messages as one sentence (`fallback` when there are none).
fn messages(errors: Vec<api::FieldError>, fallback: &str) -> String {
    if errors.is_empty() {
        return fallback.to_owned();
    }
    errors
        .into_iter()
        .map(|e| e.message)
        .collect::<Vec<_>>()
        .join(" ")
}
