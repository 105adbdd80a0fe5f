//! The product editor, for a new product (`/products/new`) and an existing one
//! (`/products/:id`): name, slug, description and status; its images in display order (the
//! first is the thumbnail), uploaded here or chosen from the media library; up to three option
//! names; the channels where the product is listed and published; its categories; its variants
//! with SKU, option values, stock, weight, backorder, the image shown for the variant and a
//! price (and "was" price) in every listed channel; and the rich detail content, with images
//! from the media library put where the caret is. The server checks every rule and saves all
//! or nothing; its user errors are shown next to the field they name.

use std::cell::RefCell;
use std::sync::Arc;

use crate::ui::{self, Toasts, focus_first_invalid};
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::web::ClientError;
use wasm_bindgen::JsCast;

mod form;
pub(crate) mod media;
pub(crate) mod rich_text;
mod variants;

use self::form::*;
use self::media::*;
use self::rich_text::*;
use self::variants::*;
use crate::api::{
    self, FieldError, MEDIA_PAGE_SIZE, MediaItem, MediaStatus, Permission, PriceInput,
    ProductInput, ProductStatus, VariantInput,
};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

use super::categories::{TreeNode, category_tree};
use super::uploads::{FileDrop, Uploads, upload_results};
use super::{id_from_segment, id_segment};
use crate::ui::load_error;

/// The most option names a product has.
const MAX_OPTIONS: usize = 3;

/// The status of a new product.
const NEW_PRODUCT_STATUS: ProductStatus = ProductStatus::Draft;

/// The editor form's element id.
const FORM_ID: &str = "product-editor";

type Product = api::Product;
type Variant = api::Variant;

/// A sales channel as the editor shows it.
type Channel = api::ChannelInfo;

/// Everything the editor starts from.
#[derive(Debug, Clone, PartialEq)]
struct EditorData {
    can_write: bool,
    channels: Vec<Channel>,
    /// The viewer may not read the channel settings: `channels` are only those the product is
    /// listed in.
    channels_limited: bool,
    categories: Vec<TreeNode>,
    /// `None` for a new product.
    product: Option<Product>,
}

/// Where loading the editor is.
#[derive(Debug, Clone, PartialEq)]
enum LoadState {
    Loading,
    Ready(Arc<EditorData>),
    /// There is no product with this ID.
    NotFound,
    Failed(ClientError),
}

/// What a just-created product's page shows when it opens: "Saved.", and the content when it
/// could not be saved (with why).
struct JustCreated {
    id: String,
    content_error: Option<String>,
    unsaved_content: Option<String>,
}

thread_local! {
    /// Set right before the editor of a new product opens the product's own page.
    static JUST_CREATED: RefCell<Option<JustCreated>> = const { RefCell::new(None) };
}

/// A new product.
#[component]
pub fn ProductNew() -> impl IntoView {
    editor_page(None)
}

/// An existing product, by the number of its ID in the path (`/products/42` for
/// `gid://jangteo/Product/42`; the whole ID is understood too).
#[component]
pub fn ProductEdit() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            let segment = p.get("id").or_else(|| p.get("any")).unwrap_or_default();
            id_from_segment(shared::ProductId::KIND, &segment)
        })
    });
    move || match id.get() {
        Some(id) => untrack(move || editor_page(Some(id))),
        None => view! {
            <p class="status error" role="alert">{move || i18n.t().product_not_found}</p>
        }
        .into_any(),
    }
}

/// Loads what the editor needs and shows it; after a save the product is loaded again.
fn editor_page(id: Option<String>) -> AnyView {
    let i18n = use_i18n();
    let session = Session::expect();
    let state = RwSignal::new(LoadState::Loading);
    // The errors not about one field: they outlive the form, which is built again from the
    // saved product.
    let form_errors = RwSignal::new(Vec::<String>::new());
    let mut unsaved_content = None;
    if let Some(id) = &id {
        let created = JUST_CREATED.with(|c| {
            let mut c = c.borrow_mut();
            if c.as_ref().is_some_and(|j| &j.id == id) {
                c.take()
            } else {
                None
            }
        });
        if let Some(created) = created {
            Toasts::expect().show(move || i18n.t().saved.to_owned());
            form_errors.set(created.content_error.into_iter().collect());
            unsaved_content = created.unsaved_content;
        }
    }
    let unsaved_content = StoredValue::new(unsaved_content);
    let generation = StoredValue::new(0_u32);
    let product_id = StoredValue::new(id.clone());
    let load = move || {
        // (A task may call this after the page is gone: then it does nothing.)
        let Some(current) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        let Some(id) = product_id.try_get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = load_editor(session, id).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            state.set(match result {
                Ok(Some(data)) => LoadState::Ready(Arc::new(data)),
                Ok(None) => LoadState::NotFound,
                Err(e) => LoadState::Failed(e),
            });
        });
    };
    load();
    let title_new = id.is_none();
    let view = move || match state.get() {
        LoadState::Loading => ui::loading_line(move || i18n.t().product_loading).into_any(),
        LoadState::NotFound => {
            view! { <p class="status error" role="alert">{move || i18n.t().product_not_found}</p> }
                .into_any()
        }
        LoadState::Failed(e) => load_error("product", e, load),
        LoadState::Ready(data) => untrack(move || {
            editor(
                data,
                product_id.get_value(),
                unsaved_content,
                form_errors,
                load,
            )
            .into_any()
        }),
    };
    view! {
        <section class="product-edit" aria-labelledby="product-editor-title">
            <p class="back"><A href="/admin/products" attr:class="back-link">{move || i18n.t().back_to_products}</A></p>
            <h1 id="product-editor-title">
                {move || if title_new { i18n.t().product_new_title } else { i18n.t().product_edit_title }}
            </h1>
            {view}
        </section>
    }
    .into_any()
}

/// The channels, categories and permissions, and the product when `id` is given;
/// `Ok(None)` when there is no product with that ID.
async fn load_editor(
    session: Session,
    id: Option<String>,
) -> Result<Option<EditorData>, ClientError> {
    let base = api::catalog_base(session).await?;
    let product = match id {
        Some(id) => match api::product_detail(session, id).await? {
            Some(p) => Some(p),
            None => return Ok(None),
        },
        None => None,
    };
    let all_channels = match api::sales_channels(session).await {
        Ok(channels) => Some(channels),
        Err(e) if e.is_forbidden() => None,
        Err(e) => return Err(e),
    };
    let can_write = base
        .viewer
        .is_some_and(|v| v.permissions.contains(&Permission::ProductsWrite));
    let channels_limited = all_channels.is_none();
    Ok(Some(EditorData {
        can_write,
        channels: all_channels.unwrap_or_else(|| {
            product
                .as_ref()
                .map(api::listed_channels)
                .unwrap_or_default()
        }),
        channels_limited,
        categories: category_tree(base.categories),
        product,
    }))
}

/// The form for one product. `unsaved_content` is content that could not be saved the last
/// time (shown instead of the product's, still to save); the form puts it there when that
/// happens before it loads the product again with `reload`.
fn editor(
    data: Arc<EditorData>,
    product_id: Option<String>,
    unsaved_content: StoredValue<Option<String>>,
    form_errors: RwSignal<Vec<String>>,
    reload: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let toasts = Toasts::expect();
    let navigate = use_navigate();
    let can_write = data.can_write;
    let channels_limited = data.channels_limited;
    let form = Form::new(data.product.as_ref(), &data.channels);
    let channels = StoredValue::new(data.channels.clone());
    let categories = StoredValue::new(data.categories.clone());
    let busy = RwSignal::new(false);
    // Whether the content changed since it was loaded (or could not be saved).
    let pending = unsaved_content.try_update_value(Option::take).flatten();
    let content_dirty = RwSignal::new(pending.is_some());
    let content_html = pending.unwrap_or_else(|| {
        data.product
            .as_ref()
            .map(|p| p.content_html.clone())
            .unwrap_or_default()
    });
    let content_ref = NodeRef::<html::Div>::new();
    let product_id = StoredValue::new(product_id);
    let picker = MediaPicker::new(i18n, session);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !can_write {
            return;
        }
        form_errors.set(Vec::new());
        form.errors.set(Vec::new());
        let built = channels
            .with_value(|ch| categories.with_value(|cats| build_input(i18n, form, ch, cats)));
        let (input, sent) = match built {
            Ok(x) => x,
            Err(errors) => {
                form.errors.set(errors);
                focus_first_invalid(FORM_ID);
                return;
            }
        };
        let html = content_ref
            .get_untracked()
            .map(|el| el.inner_html())
            .unwrap_or_default();
        let content_changed = content_dirty.get_untracked();
        let id = product_id.get_value();
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = match id.clone() {
                None => api::product_create(session, input).await,
                Some(id) => api::product_update(session, id.clone(), input)
                    .await
                    .map(|r| r.map(|()| id)),
            };
            let saved_id = match saved {
                Ok(Ok(saved_id)) => saved_id,
                Ok(Err(errors)) if errors.is_empty() => {
                    busy.set(false);
                    form_errors.set(vec![i18n.t().request_refused.to_owned()]);
                    return;
                }
                Ok(Err(errors)) => {
                    busy.set(false);
                    show_user_errors(form, form_errors, &sent, errors);
                    focus_first_invalid(FORM_ID);
                    return;
                }
                Err(e) => {
                    busy.set(false);
                    if e.is_unauthenticated() {
                        session.sign_out();
                        navigate("/admin/login", absolute());
                    } else if e.is_forbidden() {
                        form_errors.set(vec![i18n.t().no_permission.to_owned()]);
                    } else {
                        form_errors.set(vec![format!("{} ({e})", i18n.t().api_unreachable)]);
                    }
                    return;
                }
            };
            // The content is saved on its own, once the product exists.
            let content_wanted = if id.is_none() {
                !blank_content(&html)
            } else {
                content_changed
            };
            let mut content_error = None;
            if content_wanted {
                match api::product_content_update(session, saved_id.clone(), html.clone()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(errors)) => {
                        let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
                        content_error = Some(format!(
                            "{}: {}",
                            i18n.t().content_not_saved,
                            messages.join(" ")
                        ));
                    }
                    Err(e) => {
                        content_error = Some(format!("{}: {e}", i18n.t().content_not_saved));
                    }
                }
            }
            busy.set(false);
            if id.is_none() {
                let unsaved_content = content_error.is_some().then_some(html);
                JUST_CREATED.with(|c| {
                    *c.borrow_mut() = Some(JustCreated {
                        id: saved_id.clone(),
                        content_error,
                        unsaved_content,
                    });
                });
                navigate(
                    &format!("/admin/products/{}", id_segment(&saved_id)),
                    absolute(),
                );
            } else {
                if content_error.is_some() {
                    // Shown again (still to save) in the form loaded next.
                    unsaved_content.set_value(Some(html));
                } else {
                    content_dirty.set(false);
                }
                form_errors.set(content_error.into_iter().collect());
                toasts.show(move || i18n.t().saved.to_owned());
                reload();
            }
        });
    };

    let errors = form.errors;
    let status_options = {
        let current = form.status.get_untracked();
        ProductStatus::ALL
            .iter()
            .copied()
            .map(move |s| {
                view! {
                    <option value=s.code() selected=s == current>
                        {move || i18n.t().product_status(s)}
                    </option>
                }
            })
            .collect_view()
    };
    let has_field_errors = move || errors.with(|e| !e.is_empty());
    view! {
        <form
            class="product-editor"
            id=FORM_ID
            data-product=product_id.get_value().unwrap_or_default()
            novalidate=true
            on:submit=submit
        >
            {(!can_write)
                .then(|| view! { <p class="status read-only">{move || i18n.t().read_only}</p> })}
            <fieldset class="editor-section basics" disabled=!can_write>
                <legend>{move || i18n.t().product_basics}</legend>
                <label for="product-name">{move || i18n.t().col_name}</label>
                <input
                    id="product-name"
                    name="name"
                    type="text"
                    autocomplete="off"
                    aria-invalid=invalid(errors, "name".into())
                    prop:value=move || form.name.get()
                    on:input=bind(form.name)
                    on:change=bind(form.name)
                />
                {field_error(errors, "name".into())}
                <label for="product-slug">{move || i18n.t().col_slug}</label>
                <input
                    id="product-slug"
                    name="slug"
                    type="text"
                    autocomplete="off"
                    placeholder=move || i18n.t().slug_placeholder
                    aria-invalid=invalid(errors, "slug".into())
                    prop:value=move || form.slug.get()
                    on:input=bind(form.slug)
                    on:change=bind(form.slug)
                />
                {field_error(errors, "slug".into())}
                <label for="product-description">{move || i18n.t().product_description}</label>
                <textarea
                    id="product-description"
                    name="description"
                    rows="3"
                    aria-invalid=invalid(errors, "description".into())
                    prop:value=move || form.description.get()
                    on:input=bind(form.description)
                    on:change=bind(form.description)
                ></textarea>
                {field_error(errors, "description".into())}
                <label for="product-status">{move || i18n.t().col_status}</label>
                <select
                    id="product-status"
                    name="status"
                    on:change=move |ev| {
                        if let Some(s) = ProductStatus::from_code(&event_target_value(&ev)) {
                            form.status.set(s);
                        }
                    }
                >
                    {status_options}
                </select>
                {field_error(errors, "status".into())}
            </fieldset>
            {images_section(i18n, form, can_write, picker)}
            <fieldset class="editor-section options" disabled=!can_write>
                <legend>{move || i18n.t().product_options}</legend>
                <p class="hint">{move || i18n.t().product_options_hint}</p>
                {field_error(errors, "options".into())}
                {move || {
                    (0..form.option_count.get())
                        .map(|i| option_name(i18n, form, i, can_write))
                        .collect_view()
                }}
                <Show when=move || can_write && form.option_count.get() < MAX_OPTIONS>
                    <button
                        type="button"
                        class="add-option secondary"
                        on:click=move |_| {
                            form.option_count.update(|c| *c = (*c + 1).min(MAX_OPTIONS));
                        }
                    >
                        {move || i18n.t().add_option}
                    </button>
                </Show>
            </fieldset>
            <fieldset class="editor-section channels" disabled=!can_write>
                <legend>{move || i18n.t().col_channels}</legend>
                <p class="hint">{move || i18n.t().product_channels_hint}</p>
                {field_error(errors, "channels".into())}
                <ul class="channel-choices">
                    {channels.with_value(|ch| {
                        ch.iter().map(|c| channel_choice(i18n, form, c.clone())).collect_view()
                    })}
                </ul>
                <Show when=move || channels.with_value(Vec::is_empty) && !channels_limited>
                    <p class="status">{move || i18n.t().no_channels}</p>
                </Show>
                <Show when=move || channels_limited>
                    <p class="status channels-limited">{move || i18n.t().channels_limited}</p>
                </Show>
            </fieldset>
            <fieldset class="editor-section categories" disabled=!can_write>
                <legend>{move || i18n.t().nav_categories}</legend>
                {field_error(errors, "categories".into())}
                <ul class="category-choices">
                    {categories.with_value(|cats| {
                        cats.iter().map(|c| category_choice(form, c.clone())).collect_view()
                    })}
                </ul>
                <Show when=move || categories.with_value(Vec::is_empty)>
                    <p class="status">
                        {move || i18n.t().no_categories} " "
                        <A href="/admin/categories">{move || i18n.t().nav_categories}</A>
                    </p>
                </Show>
            </fieldset>
            <fieldset class="editor-section variants" disabled=!can_write>
                <legend id="product-variants-title">{move || i18n.t().product_variants}</legend>
                <p class="hint">{move || i18n.t().product_variants_hint}</p>
                {field_error(errors, "variants".into())}
                <ui::TableScroll labelledby="product-variants-title">
                    <table class="data variant-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t().col_sku}</th>
                                {move || {
                                    (0..form.option_count.get())
                                        .map(|i| {
                                            let name = form.option_names[i];
                                            view! {
                                                <th scope="col" class="value">
                                                    {move || {
                                                        let n = name.get();
                                                        if n.trim().is_empty() {
                                                            i18n.t().option_n.replace("{n}", &(i + 1).to_string())
                                                        } else {
                                                            n
                                                        }
                                                    }}
                                                </th>
                                            }
                                        })
                                        .collect_view()
                                }}
                                <th scope="col">{move || i18n.t().col_stock}</th>
                                <th scope="col">{move || i18n.t().col_weight}</th>
                                <th scope="col">{move || i18n.t().col_backorder}</th>
                                <th scope="col" class="image">{move || i18n.t().col_image}</th>
                                {move || {
                                    let listed = form.listed.get();
                                    channels
                                        .with_value(|ch| {
                                            ch.iter()
                                                .filter(|c| listed.contains(&c.id))
                                                .map(|c| {
                                                    let price = i18n
                                                        .t()
                                                        .col_price_in
                                                        .replace("{channel}", &c.code)
                                                        .replace("{currency}", &c.currency);
                                                    let compare = i18n
                                                        .t()
                                                        .col_compare_in
                                                        .replace("{channel}", &c.code);
                                                    view! {
                                                        <th scope="col" class="price">{price}</th>
                                                        <th scope="col" class="compare">{compare}</th>
                                                    }
                                                })
                                                .collect_view()
                                        })
                                }}
                                <th scope="col" class="actions">
                                    <span class="visually-hidden">{move || i18n.t().col_actions}</span>
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || form.rows.get()
                                key=|row| row.uid
                                children=move |row| variant_row(i18n, form, channels, row, can_write)
                            />
                        </tbody>
                    </table>
                </ui::TableScroll>
                <Show when=move || can_write>
                    <button
                        type="button"
                        class="add-variant secondary"
                        on:click=move |_| channels.with_value(|ch| form.add_row(ch))
                    >
                        {move || i18n.t().add_variant}
                    </button>
                </Show>
            </fieldset>
            <section class="editor-section content" aria-labelledby="product-content-title">
                <h2 id="product-content-title">{move || i18n.t().product_content}</h2>
                <RichEditor html=content_html node=content_ref dirty=content_dirty editable=can_write picker=picker/>
            </section>
            <div class="editor-actions">
                <Show when=has_field_errors>
                    <p class="error-summary" role="alert">{move || i18n.t().fix_fields}</p>
                </Show>
                {move || {
                    form_errors
                        .get()
                        .into_iter()
                        .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
                        .collect_view()
                }}
                <Show when=move || can_write>
                    <button type="submit" class="save" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t().saving } else { i18n.t().save }}
                    </button>
                </Show>
            </div>
        </form>
    }
}

/// Puts the server's user errors next to their fields; the rest become form-level errors.
fn show_user_errors(
    form: Form,
    form_errors: RwSignal<Vec<String>>,
    sent: &Sent,
    errors: Vec<FieldError>,
) {
    let mut placed = Vec::new();
    let mut rest = Vec::new();
    for e in errors {
        match error_key(e.path.as_deref().unwrap_or_default(), sent) {
            Some(key) => placed.push((key, e.message)),
            None => rest.push(e.message),
        }
    }
    form.errors.set(placed);
    form_errors.set(rest);
}
