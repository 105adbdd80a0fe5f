//! Uploading images to the media library, shared by the media page and the product editor: a
//! drop zone with a file input, the uploads one after another, and a line per file telling
//! how its upload went.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, FileList, HtmlInputElement};

use crate::api::{self, MediaInfo, UploadError};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

/// The image types the library takes (the file chooser offers only these).
pub const IMAGE_TYPES: &str = "image/jpeg,image/png,image/webp";

/// Why one file did not become an image of the library.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Failure {
    /// Larger than the server takes.
    TooLarge,
    /// The server refused the file: the user error's code and the messages (both empty when it
    /// gave no reason).
    Refused { code: String, message: String },
    /// The viewer may not upload.
    NoPermission,
    /// The session ended; nothing more is uploaded.
    SignedOut,
    /// The request failed (what went wrong, for staff to report).
    Unreachable(String),
}

impl Failure {
    /// The code a browser can tell failures apart by (`data-code`).
    fn code(&self) -> String {
        match self {
            Failure::TooLarge => "PAYLOAD_TOO_LARGE".to_owned(),
            Failure::Refused { code, .. } => code.clone(),
            Failure::NoPermission => "FORBIDDEN".to_owned(),
            Failure::SignedOut => "UNAUTHENTICATED".to_owned(),
            Failure::Unreachable(_) => "UNREACHABLE".to_owned(),
        }
    }

    /// What staff read.
    fn message(&self, i18n: I18n) -> String {
        let t = i18n.t();
        match self {
            Failure::TooLarge => t.upload_too_large.to_owned(),
            Failure::Refused { code, message } => match code.as_str() {
                "INVALID" => t.upload_invalid.to_owned(),
                "TOO_LONG" => t.upload_too_long.to_owned(),
                "BLANK" => t.upload_blank.to_owned(),
                _ if message.is_empty() => t.request_refused.to_owned(),
                _ => message.clone(),
            },
            Failure::NoPermission => t.no_permission.to_owned(),
            Failure::SignedOut => t.session_ended.to_owned(),
            Failure::Unreachable(detail) => format!("{} ({detail})", t.api_unreachable),
        }
    }
}

/// Where one file's upload is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UploadState {
    Waiting,
    Uploading,
    Done,
    Failed(Failure),
}

/// One file handed to [`Uploads::start`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UploadLine {
    uid: u32,
    file_name: String,
    state: UploadState,
}

/// The uploads of one page: a line per file, newest batch last.
#[derive(Debug, Clone, Copy)]
pub struct Uploads {
    lines: RwSignal<Vec<UploadLine>>,
    next_uid: StoredValue<u32>,
}

impl Uploads {
    pub fn new() -> Uploads {
        Uploads {
            lines: RwSignal::new(Vec::new()),
            next_uid: StoredValue::new(0),
        }
    }

    /// Whether a file is still waiting or uploading (reactive).
    pub fn busy(&self) -> bool {
        self.lines.with(|lines| {
            lines
                .iter()
                .any(|l| matches!(l.state, UploadState::Waiting | UploadState::Uploading))
        })
    }

    /// Sets the state of line `uid`; `false` when the page is gone.
    fn set_state(&self, uid: u32, state: UploadState) -> bool {
        self.lines
            .try_update(|lines| {
                if let Some(line) = lines.iter_mut().find(|l| l.uid == uid) {
                    line.state = state;
                }
            })
            .is_some()
    }

    /// Uploads `files` one after another with the alt text `alt`. `on_uploaded` gets each image
    /// the library took, with the name of its file. Leaving the page stops the uploads not yet
    /// begun.
    pub fn start(
        self,
        session: Session,
        files: Vec<File>,
        alt: String,
        on_uploaded: impl Fn(MediaInfo, String) + 'static,
    ) {
        let batch: Vec<(u32, File)> = files
            .into_iter()
            .map(|file| {
                let uid = self.next_uid.get_value();
                self.next_uid.set_value(uid.wrapping_add(1));
                (uid, file)
            })
            .collect();
        self.lines.update(|lines| {
            lines.extend(batch.iter().map(|(uid, file)| UploadLine {
                uid: *uid,
                file_name: file.name(),
                state: UploadState::Waiting,
            }));
        });
        leptos::task::spawn_local(async move {
            let mut signed_out = false;
            for (uid, file) in batch {
                if signed_out {
                    if !self.set_state(uid, UploadState::Failed(Failure::SignedOut)) {
                        return;
                    }
                    continue;
                }
                if !self.set_state(uid, UploadState::Uploading) {
                    return;
                }
                let name = file.name();
                let state = match api::upload_media(session, file, alt.clone()).await {
                    Ok(media) => {
                        if !self.set_state(uid, UploadState::Done) {
                            return;
                        }
                        on_uploaded(media, name);
                        continue;
                    }
                    Err(UploadError::TooLarge) => Failure::TooLarge,
                    Err(UploadError::Refused(refusals)) => Failure::Refused {
                        code: refusals.first().map(|r| r.code.clone()).unwrap_or_default(),
                        message: refusals
                            .into_iter()
                            .map(|r| r.message)
                            .collect::<Vec<_>>()
                            .join(" "),
                    },
                    Err(UploadError::Client(e)) if e.is_unauthenticated() => {
                        session.sign_out();
                        signed_out = true;
                        Failure::SignedOut
                    }
                    Err(UploadError::Client(e)) if e.is_forbidden() => Failure::NoPermission,
                    Err(UploadError::Client(e)) => {
                        leptos::logging::warn!("upload: {e}");
                        Failure::Unreachable(e.to_string())
                    }
                };
                if !self.set_state(uid, UploadState::Failed(state)) {
                    return;
                }
            }
        });
    }
}

/// The files of a file list, in order.
fn files_of(list: &FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A drop zone (`div.dropzone`, `dragging` while files are dragged over it) holding a visible
/// file input (`input[type=file]` named `input_name`, id `input_id`) for those who do not drag.
/// Dropped or chosen files go to `on_files`.
#[component]
pub fn FileDrop(
    input_id: &'static str,
    input_name: &'static str,
    multiple: bool,
    on_files: impl Fn(Vec<File>) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let dragging = RwSignal::new(false);
    let on_dragover = move |ev: DragEvent| {
        // Taking the drop at all needs this.
        ev.prevent_default();
        if let Some(transfer) = ev.data_transfer() {
            transfer.set_drop_effect("copy");
        }
        dragging.set(true);
    };
    let on_dragleave = move |ev: DragEvent| {
        // Moving onto a child of the zone is not leaving it.
        let zone = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let to = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if let (Some(zone), Some(to)) = (zone, to)
            && zone.contains(Some(&to))
        {
            return;
        }
        dragging.set(false);
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev
            .data_transfer()
            .and_then(|t| t.files())
            .map(|list| files_of(&list))
            .unwrap_or_default();
        if !files.is_empty() {
            on_files(files);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let files = input
            .files()
            .map(|list| files_of(&list))
            .unwrap_or_default();
        // Choosing the same file again is a change too.
        input.set_value("");
        if !files.is_empty() {
            on_files(files);
        }
    };
    view! {
        <div
            class="dropzone"
            class:dragging=move || dragging.get()
            on:dragenter=on_dragover
            on:dragover=on_dragover
            on:dragleave=on_dragleave
            on:drop=on_drop
        >
            <label class="dropzone-hint" for=input_id>{move || i18n.t().dropzone_hint}</label>
            <input
                id=input_id
                type="file"
                name=input_name
                multiple=multiple
                accept=IMAGE_TYPES
                on:change=on_change
            />
        </div>
    }
}

/// A line per uploaded file (`ul.upload-results`): its name and "Uploaded" (`li.ok`), why it
/// failed (`li.error`, with the reason's code in `data-code`), or that it is on its way
/// (`li.pending`; the list is `aria-busy` meanwhile).
pub fn upload_results(uploads: Uploads) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="upload-results" aria-live="polite" aria-busy=move || uploads.busy().to_string()>
            <For
                each=move || uploads.lines.get()
                key=|line| line.clone()
                children=move |line| {
                    let (class, code) = match &line.state {
                        UploadState::Waiting | UploadState::Uploading => ("pending", None),
                        UploadState::Done => ("ok", None),
                        UploadState::Failed(f) => ("error", Some(f.code())),
                    };
                    let state = line.state.clone();
                    let message = move || match &state {
                        UploadState::Waiting => i18n.t().upload_waiting.to_owned(),
                        UploadState::Uploading => i18n.t().uploading.to_owned(),
                        UploadState::Done => i18n.t().upload_ok.to_owned(),
                        UploadState::Failed(f) => f.message(i18n),
                    };
                    view! {
                        <li class=class data-code=code>
                            <span class="file-name">{line.file_name.clone()}</span>
                            " "
                            <span class="upload-message">{message}</span>
                        </li>
                    }
                }
            />
        </ul>
    }
}
