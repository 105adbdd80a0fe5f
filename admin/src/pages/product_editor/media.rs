//! The editor's images: the product's pictures in display order, uploaded here or picked
//! from the media library (the picker also serves the variant images and the rich text).

use super::*;

/// Where the media library picker is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PickerState {
    Loading,
    Ready,
    Failed(String),
}

/// What the media library picker is open for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum PickerUse {
    /// Adding images to the product's images.
    Images,
    /// Putting an image in the detail content.
    Content,
}

/// The media library picker of the editor, shared by the images section and the rich content
/// editor: open for one of them at a time, with the library's images it shows (newest first,
/// a page more on request).
#[derive(Clone, Copy)]
pub(crate) struct MediaPicker {
    pub(super) i18n: I18n,
    pub(super) session: Session,
    pub(super) open: RwSignal<Option<PickerUse>>,
    pub(super) items: RwSignal<Vec<MediaItem>>,
    /// The cursor of the page after the shown images, while there is one.
    pub(super) next: RwSignal<Option<String>>,
    pub(super) state: RwSignal<PickerState>,
    /// Bumped on every look at the library, so only the answer to the latest one is shown.
    pub(super) generation: StoredValue<u32>,
}

impl MediaPicker {
    pub(super) fn new(i18n: I18n, session: Session) -> MediaPicker {
        MediaPicker {
            i18n,
            session,
            open: RwSignal::new(None),
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            state: RwSignal::new(PickerState::Loading),
            generation: StoredValue::new(0),
        }
    }

    /// Whether the picker is open for `usage` (reactive).
    pub(super) fn is_open(self, usage: PickerUse) -> bool {
        self.open.get() == Some(usage)
    }

    /// Opens the picker for `usage`, showing the newest images (uploads since the last look
    /// included).
    pub(super) fn show(self, usage: PickerUse) {
        self.open.set(Some(usage));
        self.load(None);
    }

    /// Closes the picker for `usage` if it is open for it, else opens it for `usage`.
    pub(super) fn toggle(self, usage: PickerUse) {
        if self.open.get_untracked() == Some(usage) {
            self.close();
        } else {
            self.show(usage);
        }
    }

    pub(super) fn close(self) {
        self.open.set(None);
    }

    /// Asks for the newest images (`after` none) or the page after `after`.
    pub(super) fn load(self, after: Option<String>) {
        let Some(current) = self.generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        let MediaPicker {
            i18n,
            session,
            items,
            next,
            state,
            generation,
            ..
        } = self;
        state.set(PickerState::Loading);
        leptos::task::spawn_local(async move {
            let more = after.is_some();
            let result = api::media_library(session, MEDIA_PAGE_SIZE, after).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok(page) => {
                    items.update(|all| {
                        if !more {
                            all.clear();
                        }
                        for m in page.items {
                            if !all.iter().any(|x| x.id == m.id) {
                                all.push(m);
                            }
                        }
                    });
                    next.set(page.next);
                    state.set(PickerState::Ready);
                }
                Err(e) => {
                    let message = if e.is_unauthenticated() {
                        session.sign_out();
                        i18n.t().session_ended.to_owned()
                    } else if e.is_forbidden() {
                        i18n.t().no_permission.to_owned()
                    } else {
                        format!("{} ({e})", i18n.t().api_unreachable)
                    };
                    state.set(PickerState::Failed(message));
                }
            }
        });
    }
}

/// The picker's panel while it is open for `usage` (`div.media-picker`, id `dom_id`): a button
/// per image of the library (`li.media-pick`, the media ID in `data-id`; an image that failed
/// processing, or one `added` says is there already, cannot be chosen), "more" while the library
/// has more, and a close button. `on_pick` gets the chosen image.
pub(super) fn media_picker(
    picker: MediaPicker,
    usage: PickerUse,
    dom_id: &'static str,
    hint: Option<fn(&'static crate::i18n::Messages) -> &'static str>,
    added: impl Fn(&MediaItem) -> bool + Copy + Send + Sync + 'static,
    on_pick: impl Fn(MediaItem) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = picker.i18n;
    let title_id = format!("{dom_id}-title");
    let picks = move || {
        picker
            .items
            .get()
            .into_iter()
            .map(|m| {
                let is_added = added(&m);
                let usable = m.status != MediaStatus::Failed;
                let label = if m.alt.trim().is_empty() {
                    m.file_name.clone()
                } else {
                    m.alt.clone()
                };
                let title = label.clone();
                let (id, status, thumbnail_url) =
                    (m.id.clone(), m.status.code(), m.thumbnail_url.clone());
                view! {
                    <li class="media-pick" data-id=id data-status=status>
                        <button
                            type="button"
                            disabled=is_added || !usable
                            aria-pressed=is_added.to_string()
                            title=title
                            on:click=move |_| on_pick(m.clone())
                        >
                            <img src=thumbnail_url alt="" loading="lazy"/>
                            <span class="pick-label">{label}</span>
                            {is_added
                                .then(|| {
                                    view! { <span class="badge">{move || i18n.t().image_added}</span> }
                                })}
                            {(!usable)
                                .then(|| {
                                    view! {
                                        <span class="badge status-failed">
                                            {move || i18n.t().media_status_failed}
                                        </span>
                                    }
                                })}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || picker.is_open(usage)>
            <div id=dom_id class="media-picker" role="region" aria-labelledby=title_id.clone()>
                <div class="picker-head">
                    <h3 id=title_id.clone()>{move || i18n.t().media_title}</h3>
                    <button type="button" class="close-picker secondary" on:click=move |_| picker.close()>
                        {move || i18n.t().close}
                    </button>
                </div>
                {hint.map(|hint| view! { <p class="hint picker-hint">{move || hint(i18n.t())}</p> })}
                {move || match picker.state.get() {
                    PickerState::Failed(message) => {
                        view! { <p class="form-error" role="alert">{message}</p> }.into_any()
                    }
                    PickerState::Loading if picker.items.with(Vec::is_empty) => {
                        ui::loading_line(move || i18n.t().media_loading)
                            .into_any()
                    }
                    PickerState::Ready if picker.items.with(Vec::is_empty) => {
                        view! { <p class="status">{move || i18n.t().media_empty}</p> }.into_any()
                    }
                    _ => ().into_any(),
                }}
                <ul class="media-picks">{picks}</ul>
                <Show when=move || picker.next.with(Option::is_some)>
                    <button
                        type="button"
                        class="more-media secondary"
                        disabled=move || picker.state.get() == PickerState::Loading
                        on:click=move |_| picker.load(picker.next.get_untracked())
                    >
                        {move || i18n.t().media_more}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// The product's images in display order (the first labelled as the thumbnail), with buttons
/// to move and remove them; for staff who may change products, a drop zone and file input that
/// upload to the media library and add the new images, and a picker of the library's images.
pub(super) fn images_section(
    i18n: I18n,
    form: Form,
    can_write: bool,
    picker: MediaPicker,
) -> impl IntoView {
    let session = Session::expect();
    let uploads = Uploads::new();
    let on_files = move |files: Vec<web_sys::File>| {
        uploads.start(session, files, String::new(), move |media, file_name| {
            form.add_image(EditorImage {
                id: media.id,
                alt: media.alt,
                thumbnail_url: media.thumbnail_url,
                file_name: Some(file_name),
            });
        });
    };
    let image_list = move || {
        let list = form.images.get();
        let count = list.len();
        list.into_iter()
            .enumerate()
            .map(|(at, img)| {
                let label = img.label(i18n, at + 1);
                let id = img.id.clone();
                let (first, last) = (at == 0, at + 1 >= count);
                view! {
                    <li class="image-item" data-id=img.id.clone()>
                        <img src=img.thumbnail_url.clone() alt=img.alt.clone() loading="lazy"/>
                        <span class="image-label">{label}</span>
                        {first
                            .then(|| {
                                view! {
                                    <span class="badge thumbnail-badge">
                                        {move || i18n.t().image_thumbnail}
                                    </span>
                                }
                            })}
                        {can_write
                            .then(|| {
                                view! {
                                    <span class="item-actions">
                                        <button
                                            type="button"
                                            class="image-up secondary"
                                            aria-label=move || i18n.t().move_up
                                            title=move || i18n.t().move_up
                                            disabled=first
                                            on:click=move |_| form.move_image(at, true)
                                        >
                                            "↑"
                                        </button>
                                        <button
                                            type="button"
                                            class="image-down secondary"
                                            aria-label=move || i18n.t().move_down
                                            title=move || i18n.t().move_down
                                            disabled=last
                                            on:click=move |_| form.move_image(at, false)
                                        >
                                            "↓"
                                        </button>
                                        <button
                                            type="button"
                                            class="image-remove danger"
                                            on:click=move |_| form.remove_image(&id)
                                        >
                                            {move || i18n.t().remove}
                                        </button>
                                    </span>
                                }
                            })}
                    </li>
                }
            })
            .collect_view()
    };
    // The images of the library already on the product cannot be added again.
    let added = move |m: &MediaItem| form.images.with(|list| list.iter().any(|i| i.id == m.id));
    let on_pick = move |m: MediaItem| {
        form.add_image(EditorImage {
            id: m.id,
            alt: m.alt,
            thumbnail_url: m.thumbnail_url,
            file_name: Some(m.file_name),
        });
    };
    view! {
        <section class="editor-section product-images" aria-labelledby="product-images-title">
            <h2 id="product-images-title">{move || i18n.t().product_images}</h2>
            <p class="hint">{move || i18n.t().product_images_hint}</p>
            {field_error(form.errors, "images".into())}
            <ol class="image-list">{image_list}</ol>
            <Show when=move || form.images.with(Vec::is_empty)>
                <p class="status no-images">{move || i18n.t().product_no_images}</p>
            </Show>
            {can_write
                .then(|| {
                    view! {
                        <FileDrop input_id="product-image-file" input_name="image-file" multiple=true on_files/>
                        {upload_results(uploads)}
                        <button
                            type="button"
                            class="pick-media secondary"
                            aria-expanded=move || picker.is_open(PickerUse::Images).to_string()
                            aria-controls="media-picker"
                            on:click=move |_| picker.toggle(PickerUse::Images)
                        >
                            {move || i18n.t().pick_media}
                        </button>
                        {media_picker(picker, PickerUse::Images, "media-picker", None, added, on_pick)}
                    }
                })}
        </section>
    }
}
