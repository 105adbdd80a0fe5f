//! The detail content's rich-text editor: a toolbar over a `contenteditable` area, with
//! images from the media library put where the caret is.

use super::*;

/// A toolbar command of the rich editor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tool {
    Paragraph,
    Bold,
    H2,
    H3,
    BulletList,
    NumberedList,
    Link,
    AlignLeft,
    AlignCenter,
    AlignRight,
    Table,
}

impl Tool {
    const ALL: [Tool; 11] = [
        Tool::Paragraph,
        Tool::Bold,
        Tool::H2,
        Tool::H3,
        Tool::BulletList,
        Tool::NumberedList,
        Tool::Link,
        Tool::AlignLeft,
        Tool::AlignCenter,
        Tool::AlignRight,
        Tool::Table,
    ];

    /// The button's class (`tool-bold`, …) and its short face.
    pub(super) fn class_and_face(self) -> (&'static str, &'static str) {
        match self {
            Tool::Paragraph => ("tool-paragraph", "¶"),
            Tool::Bold => ("tool-bold", "B"),
            Tool::H2 => ("tool-h2", "H2"),
            Tool::H3 => ("tool-h3", "H3"),
            Tool::BulletList => ("tool-bullets", "•≡"),
            Tool::NumberedList => ("tool-numbers", "1≡"),
            Tool::Link => ("tool-link", "🔗"),
            Tool::AlignLeft => ("tool-align-left", "⇤"),
            Tool::AlignCenter => ("tool-align-center", "↔"),
            Tool::AlignRight => ("tool-align-right", "⇥"),
            Tool::Table => ("tool-table", "▦"),
        }
    }

    pub(super) fn label(self, t: &'static crate::i18n::Messages) -> &'static str {
        match self {
            Tool::Paragraph => t.tool_paragraph,
            Tool::Bold => t.tool_bold,
            Tool::H2 => t.tool_h2,
            Tool::H3 => t.tool_h3,
            Tool::BulletList => t.tool_bullets,
            Tool::NumberedList => t.tool_numbers,
            Tool::Link => t.tool_link,
            Tool::AlignLeft => t.tool_align_left,
            Tool::AlignCenter => t.tool_align_center,
            Tool::AlignRight => t.tool_align_right,
            Tool::Table => t.tool_table,
        }
    }
}

/// A 2×2 table with a paragraph after it (so writing can go on below).
pub(super) const TABLE_HTML: &str = "<table><tbody><tr><td><br></td><td><br></td></tr>\
<tr><td><br></td><td><br></td></tr></tbody></table><p><br></p>";

/// `text` safe inside an HTML attribute or element.
pub(super) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub(super) fn html_document() -> Option<web_sys::HtmlDocument> {
    document().dyn_into::<web_sys::HtmlDocument>().ok()
}

/// Puts the caret in `editor` (at its end) unless the selection already is inside it.
pub(super) fn focus_editor(editor: &web_sys::HtmlElement) {
    let _ = editor.focus();
    let Some(selection) = window().get_selection().ok().flatten() else {
        return;
    };
    let inside = selection
        .anchor_node()
        .is_some_and(|n| editor.contains(Some(&n)));
    if !inside {
        let _ = selection.select_all_children(editor);
        let _ = selection.collapse_to_end();
    }
}

/// The range of the selection when it is inside `editor`.
pub(super) fn editor_range(editor: &web_sys::HtmlElement) -> Option<web_sys::Range> {
    let selection = window().get_selection().ok().flatten()?;
    if selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let node = range.common_ancestor_container().ok()?;
    editor.contains(Some(&node)).then(|| range.clone_range())
}

/// Puts `image` in `editor` as `<img src alt>` with the URL of its detail size and its alt
/// text: at `range` (where the caret was when the picker opened) while that is still inside
/// the editor, else at the caret, else at the end.
pub(super) fn insert_image(
    editor: &web_sys::HtmlElement,
    range: Option<web_sys::Range>,
    image: &MediaItem,
) {
    let _ = editor.focus();
    let Some(selection) = window().get_selection().ok().flatten() else {
        return;
    };
    let inside = range.filter(|r| {
        r.common_ancestor_container()
            .is_ok_and(|n| editor.contains(Some(&n)))
    });
    if let Some(range) = inside {
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
    focus_editor(editor);
    let html = format!(
        "<img src=\"{}\" alt=\"{}\">",
        escape_html(&image.detail_url),
        escape_html(&image.alt)
    );
    let inserted = html_document()
        .and_then(|doc| {
            doc.exec_command_with_show_ui_and_value("insertHTML", false, &html)
                .ok()
        })
        .unwrap_or(false);
    if !inserted && let Err(e) = insert_image_node(&selection, image) {
        leptos::logging::warn!("insert image: {e:?}");
    }
}

/// Inserts an `<img>` element at the selection, the caret after it (where the browser has no
/// `insertHTML` command).
pub(super) fn insert_image_node(
    selection: &web_sys::Selection,
    image: &MediaItem,
) -> Result<(), wasm_bindgen::JsValue> {
    let img = document().create_element("img")?;
    img.set_attribute("src", &image.detail_url)?;
    img.set_attribute("alt", &image.alt)?;
    let range = selection.get_range_at(0)?;
    range.delete_contents()?;
    range.insert_node(&img)?;
    range.set_start_after(&img)?;
    range.collapse_with_to_start(true);
    selection.remove_all_ranges()?;
    selection.add_range(&range)?;
    Ok(())
}

/// A small WYSIWYG editor for rich text staff write (a product's detail content, the shop's
/// policies): a `contenteditable` area and a toolbar using the browser's editing commands, with
/// (given a media library `picker`) an image button that opens it and puts the chosen image at
/// the caret. `dirty` turns true on any change; the HTML is read from `node` when the form is
/// saved. `id` is the area's, `labelledby` the id of its heading.
#[component]
pub(crate) fn RichEditor(
    html: String,
    node: NodeRef<html::Div>,
    dirty: RwSignal<bool>,
    editable: bool,
    #[prop(optional)] picker: Option<MediaPicker>,
    #[prop(default = "product-content")] id: &'static str,
    #[prop(default = "product-content-title")] labelledby: &'static str,
    #[prop(default = |t| t.product_content_hint)] hint: fn(
        &'static crate::i18n::Messages,
    ) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    // Where the caret was when the picker opened: choosing in the picker moves the focus.
    let saved_range = StoredValue::new_local(None::<web_sys::Range>);
    let toggle_picker = move |_| {
        let Some(picker) = picker else {
            return;
        };
        if picker.open.get_untracked() == Some(PickerUse::Content) {
            picker.close();
            return;
        }
        let range = node.get_untracked().and_then(|editor| {
            focus_editor(&editor);
            editor_range(&editor)
        });
        saved_range.set_value(range);
        picker.show(PickerUse::Content);
    };
    let on_pick = move |image: MediaItem| {
        if let Some(picker) = picker {
            picker.close();
        }
        let Some(editor) = node.get_untracked() else {
            return;
        };
        let range = saved_range.try_update_value(Option::take).flatten();
        insert_image(&editor, range, &image);
        dirty.set(true);
    };
    let run = move |tool: Tool| {
        let (Some(editor), Some(doc)) = (node.get_untracked(), html_document()) else {
            return;
        };
        focus_editor(&editor);
        let _ = doc.exec_command_with_show_ui_and_value("defaultParagraphSeparator", false, "p");
        let exec = |command: &str, value: &str| {
            let _ = doc.exec_command_with_show_ui_and_value(command, false, value);
        };
        match tool {
            Tool::Paragraph => exec("formatBlock", "<p>"),
            Tool::Bold => exec("bold", ""),
            Tool::H2 => exec("formatBlock", "<h2>"),
            Tool::H3 => exec("formatBlock", "<h3>"),
            Tool::BulletList => exec("insertUnorderedList", ""),
            Tool::NumberedList => exec("insertOrderedList", ""),
            Tool::AlignLeft => exec("justifyLeft", ""),
            Tool::AlignCenter => exec("justifyCenter", ""),
            Tool::AlignRight => exec("justifyRight", ""),
            Tool::Table => exec("insertHTML", TABLE_HTML),
            Tool::Link => {
                let collapsed = window()
                    .get_selection()
                    .ok()
                    .flatten()
                    .is_none_or(|s| s.is_collapsed());
                let url = window()
                    .prompt_with_message_and_default(i18n.t().link_prompt, "https://")
                    .ok()
                    .flatten()
                    .map(|u| u.trim().to_owned())
                    .filter(|u| !u.is_empty() && u != "https://");
                let Some(url) = url else {
                    return;
                };
                // The prompt took the focus; the selection is still in the editor.
                let _ = editor.focus();
                if collapsed {
                    let link = escape_html(&url);
                    exec("insertHTML", &format!("<a href=\"{link}\">{link}</a>"));
                } else {
                    exec("createLink", &url);
                }
            }
        }
        dirty.set(true);
    };
    let tools = Tool::ALL
        .into_iter()
        .map(|tool| {
            let (class, face) = tool.class_and_face();
            view! {
                <button
                    type="button"
                    class=format!("tool {class}")
                    title=move || tool.label(i18n.t())
                    aria-label=move || tool.label(i18n.t())
                    // Keep the selection in the editor.
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |_| run(tool)
                >
                    {face}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="rich-editor-wrap">
            {editable
                .then(|| {
                    view! {
                        <div
                            class="rich-toolbar"
                            role="toolbar"
                            aria-labelledby=labelledby
                            aria-controls=id
                        >
                            {tools}
                            {picker.map(|picker| view! {
                                <button
                                    type="button"
                                    class="tool tool-image"
                                    title=move || i18n.t().tool_image
                                    aria-label=move || i18n.t().tool_image
                                    aria-expanded=move || picker.is_open(PickerUse::Content).to_string()
                                    aria-controls="content-media-picker"
                                    // Keep the selection in the editor.
                                    on:mousedown=|ev| ev.prevent_default()
                                    on:click=toggle_picker
                                >
                                    "🖼"
                                </button>
                            })}
                        </div>
                    }
                })}
            <div
                id=id
                class="rich-editor"
                contenteditable=if editable { "true" } else { "false" }
                role="textbox"
                aria-multiline="true"
                aria-labelledby=labelledby
                node_ref=node
                inner_html=html
                on:focus=move |_| {
                    if let Some(doc) = html_document() {
                        let _ = doc
                            .exec_command_with_show_ui_and_value("defaultParagraphSeparator", false, "p");
                    }
                }
                on:input=move |_| dirty.set(true)
            ></div>
            {picker
                .filter(|_| editable)
                .map(|picker| {
                    media_picker(
                        picker,
                        PickerUse::Content,
                        "content-media-picker",
                        Some(|t| t.content_picker_hint),
                        |_| false,
                        on_pick,
                    )
                })}
            <p class="hint">{move || hint(i18n.t())}</p>
        </div>
    }
}
