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

use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::web::ClientError;
use shared::web::ui::focus_first_invalid;
use wasm_bindgen::JsCast;

use crate::api::{
    self, FieldError, MEDIA_PAGE_SIZE, MediaItem, MediaStatus, Permission, PriceInput,
    ProductInput, ProductStatus, VariantInput,
};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

use super::categories::{TreeNode, category_tree};
use super::uploads::{FileDrop, Uploads, upload_results};
use super::{id_from_segment, id_segment, load_error};

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
    // "Saved." and the errors not about one field: they outlive the form, which is built again
    // from the saved product.
    let notice = RwSignal::new(false);
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
            notice.set(true);
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
        LoadState::Loading => {
            view! { <p class="status" role="status">{move || i18n.t().product_loading}</p> }
                .into_any()
        }
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
                notice,
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
        Err(e) if api::is_forbidden(&e) => None,
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

/// An image of the product as the editor shows it.
#[derive(Debug, Clone, PartialEq)]
struct EditorImage {
    /// The media ID.
    id: String,
    alt: String,
    thumbnail_url: String,
    /// The file's name, when the editor knows it (uploaded or chosen here).
    file_name: Option<String>,
}

impl EditorImage {
    /// What names the image in lists: its alt text, else its file name, else "Image N" (`n`
    /// counts from 1).
    fn label(&self, i18n: I18n, n: usize) -> String {
        if !self.alt.trim().is_empty() {
            self.alt.clone()
        } else if let Some(name) = self.file_name.as_ref().filter(|f| !f.is_empty()) {
            name.clone()
        } else {
            i18n.t().image_n.replace("{n}", &n.to_string())
        }
    }
}

/// A variant's price cells in one channel (text as typed).
#[derive(Debug, Clone, Copy)]
struct PriceCell {
    amount: RwSignal<String>,
    compare: RwSignal<String>,
}

/// One row of the variants table (text as typed). `uid` tells rows apart while editing; `id`
/// is the variant's ID for a saved one.
#[derive(Debug, Clone)]
struct Row {
    uid: u32,
    id: Option<String>,
    sku: RwSignal<String>,
    values: [RwSignal<String>; MAX_OPTIONS],
    stock: RwSignal<String>,
    /// The stock when the editor loaded the variant: the save is refused (`STOCK_CHANGED`)
    /// when orders took some since, instead of overwriting their change.
    loaded_stock: Option<i64>,
    weight: RwSignal<String>,
    backorder: RwSignal<bool>,
    /// The media ID of the image shown for the variant; empty for none.
    image: RwSignal<String>,
    /// One per channel, in the order of the editor's channels.
    prices: Vec<PriceCell>,
}

impl Row {
    fn empty(uid: u32, channels: &[Channel]) -> Row {
        Row {
            uid,
            id: None,
            sku: RwSignal::new(String::new()),
            values: std::array::from_fn(|_| RwSignal::new(String::new())),
            stock: RwSignal::new(String::new()),
            loaded_stock: None,
            weight: RwSignal::new(String::new()),
            backorder: RwSignal::new(false),
            image: RwSignal::new(String::new()),
            prices: channels
                .iter()
                .map(|_| PriceCell {
                    amount: RwSignal::new(String::new()),
                    compare: RwSignal::new(String::new()),
                })
                .collect(),
        }
    }

    fn from_variant(uid: u32, v: &Variant, channels: &[Channel]) -> Row {
        Row {
            uid,
            id: Some(v.id.clone()),
            sku: RwSignal::new(v.sku.clone()),
            values: std::array::from_fn(|i| {
                RwSignal::new(v.option_values.get(i).cloned().unwrap_or_default())
            }),
            stock: RwSignal::new(v.stock.to_string()),
            loaded_stock: Some(v.stock),
            weight: RwSignal::new(v.weight_grams.map(|w| w.to_string()).unwrap_or_default()),
            backorder: RwSignal::new(v.sell_when_out_of_stock),
            image: RwSignal::new(v.image_id.clone().unwrap_or_default()),
            prices: channels
                .iter()
                .map(|c| {
                    let price = v.prices.iter().find(|p| p.channel_id == c.id);
                    PriceCell {
                        amount: RwSignal::new(
                            price
                                .map(|p| p.price.amount.to_string())
                                .unwrap_or_default(),
                        ),
                        compare: RwSignal::new(
                            price
                                .and_then(|p| p.compare_at_price.as_ref())
                                .map(|c| c.amount.to_string())
                                .unwrap_or_default(),
                        ),
                    }
                })
                .collect(),
        }
    }
}

/// The editor's state: text as typed, checked IDs, the variant rows and the field errors
/// (`(field key, message)`; keys as [`error_key`] makes them).
#[derive(Debug, Clone, Copy)]
struct Form {
    name: RwSignal<String>,
    slug: RwSignal<String>,
    description: RwSignal<String>,
    status: RwSignal<ProductStatus>,
    option_count: RwSignal<usize>,
    option_names: [RwSignal<String>; MAX_OPTIONS],
    /// IDs of the channels where the product is listed.
    listed: RwSignal<Vec<String>>,
    /// IDs of the channels where it is published.
    published: RwSignal<Vec<String>>,
    /// IDs of its categories.
    categories: RwSignal<Vec<String>>,
    /// Its images, in display order.
    images: RwSignal<Vec<EditorImage>>,
    rows: RwSignal<Vec<Row>>,
    next_uid: StoredValue<u32>,
    errors: RwSignal<Vec<(String, String)>>,
}

impl Form {
    fn new(product: Option<&Product>, channels: &[Channel]) -> Form {
        let options: Vec<String> = product.map(|p| p.options.clone()).unwrap_or_default();
        let rows: Vec<Row> = match product {
            Some(p) if !p.variants.is_empty() => p
                .variants
                .iter()
                .zip(0_u32..)
                .map(|(v, uid)| Row::from_variant(uid, v, channels))
                .collect(),
            _ => vec![Row::empty(0, channels)],
        };
        let next_uid = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        Form {
            name: RwSignal::new(product.map(|p| p.name.clone()).unwrap_or_default()),
            slug: RwSignal::new(product.map(|p| p.slug.clone()).unwrap_or_default()),
            description: RwSignal::new(product.map(|p| p.description.clone()).unwrap_or_default()),
            status: RwSignal::new(product.map_or(NEW_PRODUCT_STATUS, |p| p.status)),
            option_count: RwSignal::new(options.len().min(MAX_OPTIONS)),
            option_names: std::array::from_fn(|i| {
                RwSignal::new(options.get(i).cloned().unwrap_or_default())
            }),
            listed: RwSignal::new(
                product
                    .map(|p| {
                        p.channel_listings
                            .iter()
                            .map(|l| l.channel_id.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            published: RwSignal::new(
                product
                    .map(|p| {
                        p.channel_listings
                            .iter()
                            .filter(|l| l.published)
                            .map(|l| l.channel_id.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            categories: RwSignal::new(product.map(|p| p.category_ids.clone()).unwrap_or_default()),
            images: RwSignal::new(
                product
                    .map(|p| {
                        p.images
                            .iter()
                            .map(|i| EditorImage {
                                id: i.id.clone(),
                                alt: i.alt.clone(),
                                thumbnail_url: i.url.clone(),
                                file_name: None,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            rows: RwSignal::new(rows),
            next_uid: StoredValue::new(next_uid),
            errors: RwSignal::new(Vec::new()),
        }
    }

    fn add_row(&self, channels: &[Channel]) {
        let uid = self.next_uid.get_value();
        self.next_uid.set_value(uid.wrapping_add(1));
        let row = Row::empty(uid, channels);
        self.rows.update(|r| r.push(row));
    }

    /// Adds an image at the end of the list, unless it is there already.
    fn add_image(&self, image: EditorImage) {
        self.images.update(|list| {
            if !list.iter().any(|i| i.id == image.id) {
                list.push(image);
            }
        });
    }

    /// Moves image `at` one place up (`up`) or down.
    fn move_image(&self, at: usize, up: bool) {
        self.images.update(|list| {
            let other = if up { at.checked_sub(1) } else { Some(at + 1) };
            if let Some(other) = other.filter(|o| *o < list.len() && at < list.len()) {
                list.swap(at, other);
            }
        });
    }

    /// Takes an image off the product; variants that showed it show none.
    fn remove_image(&self, id: &str) {
        self.images.update(|list| list.retain(|i| i.id != id));
        self.rows.with_untracked(|rows| {
            for row in rows {
                if row.image.with_untracked(|i| i == id) {
                    row.image.set(String::new());
                }
            }
        });
    }

    /// Removes option `i`: later options (and each row's values) move up one place.
    fn remove_option(&self, i: usize) {
        let count = self.option_count.get_untracked();
        if i >= count {
            return;
        }
        let shift = |cells: &[RwSignal<String>; MAX_OPTIONS]| {
            for k in i..MAX_OPTIONS {
                let next = cells
                    .get(k + 1)
                    .map(|c| c.get_untracked())
                    .unwrap_or_default();
                cells[k].set(next);
            }
        };
        shift(&self.option_names);
        self.rows.with_untracked(|rows| {
            for row in rows {
                shift(&row.values);
            }
        });
        self.option_count.set(count - 1);
    }
}

/// The set `ids` with `id` in it (`on`) or not.
fn toggle(ids: RwSignal<Vec<String>>, id: &str, on: bool) {
    ids.update(|ids| {
        ids.retain(|x| x != id);
        if on {
            ids.push(id.to_owned());
        }
    });
}

/// Keeps `signal` equal to the text of the input whose event this handles.
fn bind(signal: RwSignal<String>) -> impl Fn(leptos::ev::Event) + Copy + Send + Sync + 'static {
    move |ev| signal.set(event_target_value(&ev))
}

/// The errors for the field `key`, each as `<p class="field-error">`.
fn field_error(errors: RwSignal<Vec<(String, String)>>, key: String) -> impl IntoView {
    move || {
        errors.with(|all| {
            all.iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, message)| view! { <p class="field-error">{message.clone()}</p> })
                .collect_view()
        })
    }
}

/// Whether the field `key` has an error (for `aria-invalid`).
fn invalid(
    errors: RwSignal<Vec<(String, String)>>,
    key: String,
) -> impl Fn() -> &'static str + Send + Sync + 'static {
    move || {
        if errors.with(|all| all.iter().any(|(k, _)| *k == key)) {
            "true"
        } else {
            "false"
        }
    }
}

/// What the form sent, to place the server's user errors: the rows in order, how many option
/// names there were and the codes of the listed channels (the order of each variant's prices).
#[derive(Debug, Clone, PartialEq)]
struct Sent {
    rows: Vec<u32>,
    options: usize,
    price_codes: Vec<String>,
}

/// The key of the visible field a user error's path names (`["input", "variants", "1", "sku"]`
/// → that row's SKU cell), or `None` when no field on the form matches.
fn error_key(field: &[String], sent: &Sent) -> Option<String> {
    let path: Vec<&str> = field.iter().map(String::as_str).collect();
    let path = path.strip_prefix(&["input"]).unwrap_or(&path);
    match path {
        [f @ ("name" | "slug" | "description" | "status")] => Some((*f).to_owned()),
        ["options"] => Some("options".to_owned()),
        ["options", i] => {
            let i: usize = i.parse().ok()?;
            (i < sent.options).then(|| format!("option-{i}"))
        }
        ["categories", ..] => Some("categories".to_owned()),
        ["images", ..] => Some("images".to_owned()),
        ["channels", ..] => Some("channels".to_owned()),
        ["variants"] => Some("variants".to_owned()),
        ["variants", r, rest @ ..] => {
            let uid = sent.rows.get(r.parse::<usize>().ok()?)?;
            match rest {
                ["sku"] => Some(format!("v{uid}-sku")),
                ["optionValues"] if sent.options > 0 => Some(format!("v{uid}-value-0")),
                ["optionValues", j] => {
                    let j: usize = j.parse().ok()?;
                    (j < sent.options).then(|| format!("v{uid}-value-{j}"))
                }
                ["stock"] => Some(format!("v{uid}-stock")),
                ["weightGrams"] => Some(format!("v{uid}-weight")),
                ["image"] => Some(format!("v{uid}-image")),
                ["prices", j, what] => {
                    let code = sent.price_codes.get(j.parse::<usize>().ok()?)?;
                    Some(if *what == "compareAtAmount" {
                        format!("v{uid}-compare-{code}")
                    } else {
                        format!("v{uid}-price-{code}")
                    })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// An integer as typed (`12,900` and `12900` alike); `Ok(None)` when empty, `Err` when it is
/// not a whole number.
fn parse_int(text: &str) -> Result<Option<i64>, ()> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>().map(Some).map_err(|_| ())
}

/// The input to send, or the field errors found without asking the server (numbers that are
/// not whole numbers, missing prices).
fn build_input(
    i18n: I18n,
    form: Form,
    channels: &[Channel],
    categories: &[TreeNode],
) -> Result<(ProductInput, Sent), Vec<(String, String)>> {
    let t = i18n.t();
    let mut errors = Vec::new();
    let options = form.option_count.get_untracked();
    let listed = form.listed.get_untracked();
    let published = form.published.get_untracked();
    // Listed channels in the editor's order; each variant's prices follow it.
    let listed_channels: Vec<(usize, &Channel)> = channels
        .iter()
        .enumerate()
        .filter(|(_, c)| listed.contains(&c.id))
        .collect();
    let chosen = form.categories.get_untracked();
    let images: Vec<String> = form
        .images
        .with_untracked(|list| list.iter().map(|i| i.id.clone()).collect());
    let rows = form.rows.get_untracked();
    let mut variants = Vec::new();
    for row in &rows {
        let uid = row.uid;
        // A number as typed; not a whole number → an error under `key`.
        let number = |text: String, key: String, errors: &mut Vec<(String, String)>| {
            parse_int(&text).unwrap_or_else(|()| {
                errors.push((key, t.not_a_number.to_owned()));
                None
            })
        };
        let stock = number(
            row.stock.get_untracked(),
            format!("v{uid}-stock"),
            &mut errors,
        )
        .unwrap_or(0);
        let weight = number(
            row.weight.get_untracked(),
            format!("v{uid}-weight"),
            &mut errors,
        );
        let mut prices = Vec::new();
        for (k, c) in &listed_channels {
            let Some(cell) = row.prices.get(*k) else {
                continue;
            };
            let key = format!("v{uid}-price-{}", c.code);
            let compare = number(
                cell.compare.get_untracked(),
                format!("v{uid}-compare-{}", c.code),
                &mut errors,
            );
            match parse_int(&cell.amount.get_untracked()) {
                Ok(Some(amount)) => prices.push(PriceInput {
                    channel: c.id.clone(),
                    amount,
                    compare_at_amount: compare,
                }),
                Ok(None) => errors.push((key, t.price_required.to_owned())),
                Err(()) => errors.push((key, t.not_a_number.to_owned())),
            }
        }
        variants.push(VariantInput {
            id: row.id.clone(),
            sku: row.sku.get_untracked().trim().to_owned(),
            option_values: row.values[..options]
                .iter()
                .map(|v| v.get_untracked().trim().to_owned())
                .collect(),
            weight_grams: weight,
            stock,
            expected_stock: row.loaded_stock,
            sell_when_out_of_stock: row.backorder.get_untracked(),
            prices,
            // Only one of the product's images (one taken off shows none).
            image: Some(row.image.get_untracked()).filter(|i| images.contains(i)),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let slug = form.slug.get_untracked().trim().to_owned();
    let input = ProductInput {
        name: form.name.get_untracked().trim().to_owned(),
        // Empty: made from the name (new product) or kept (existing one).
        slug: (!slug.is_empty()).then_some(slug),
        description: form.description.get_untracked().trim().to_owned(),
        status: form.status.get_untracked(),
        options: form.option_names[..options]
            .iter()
            .map(|n| n.get_untracked().trim().to_owned())
            .collect(),
        categories: categories
            .iter()
            .filter(|c| chosen.contains(&c.id))
            .map(|c| c.id.clone())
            .collect(),
        channels: listed_channels
            .iter()
            .map(|(_, c)| (c.id.clone(), published.contains(&c.id)))
            .collect(),
        variants,
        images,
    };
    let sent = Sent {
        rows: rows.iter().map(|r| r.uid).collect(),
        options,
        price_codes: listed_channels
            .iter()
            .map(|(_, c)| c.code.clone())
            .collect(),
    };
    Ok((input, sent))
}

/// Navigation to a full path (`/admin/…`), as links in the admin write them.
fn absolute() -> NavigateOptions {
    NavigateOptions {
        resolve: false,
        ..NavigateOptions::default()
    }
}

/// Content the editor holds when nothing was written.
fn blank_content(html: &str) -> bool {
    let t = html.trim();
    t.is_empty() || matches!(t, "<br>" | "<p><br></p>" | "<p></p>")
}

/// The form for one product. `unsaved_content` is content that could not be saved the last
/// time (shown instead of the product's, still to save); the form puts it there when that
/// happens before it loads the product again with `reload`.
fn editor(
    data: Arc<EditorData>,
    product_id: Option<String>,
    unsaved_content: StoredValue<Option<String>>,
    notice: RwSignal<bool>,
    form_errors: RwSignal<Vec<String>>,
    reload: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
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
        notice.set(false);
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
                    if api::is_unauthenticated(&e) {
                        session.sign_out();
                        navigate("/admin/login", absolute());
                    } else if api::is_forbidden(&e) {
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
                notice.set(true);
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
                <legend>{move || i18n.t().product_variants}</legend>
                <p class="hint">{move || i18n.t().product_variants_hint}</p>
                {field_error(errors, "variants".into())}
                <div class="table-scroll">
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
                </div>
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
                <RichEditor html=content_html node=content_ref dirty=content_dirty editable=can_write picker/>
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
                <Show when=move || notice.get()>
                    <p class="notice" role="status">{move || i18n.t().saved}</p>
                </Show>
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

/// The input for option name `i`, with its remove button.
fn option_name(i18n: I18n, form: Form, i: usize, can_write: bool) -> impl IntoView {
    let name = form.option_names[i];
    let id = format!("option-{i}");
    view! {
        <div class="option-name">
            <label for=id.clone()>
                {move || i18n.t().option_n.replace("{n}", &(i + 1).to_string())}
            </label>
            <input
                id=id.clone()
                name=id.clone()
                type="text"
                autocomplete="off"
                placeholder=move || i18n.t().option_placeholder
                aria-invalid=invalid(form.errors, id.clone())
                prop:value=move || name.get()
                on:input=bind(name)
                on:change=bind(name)
            />
            {can_write
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="remove-option secondary"
                            data-index=i
                            on:click=move |_| form.remove_option(i)
                        >
                            {move || i18n.t().remove}
                        </button>
                    }
                })}
            {field_error(form.errors, id)}
        </div>
    }
}

/// The "listed" and "published" checkboxes of one channel.
fn channel_choice(i18n: I18n, form: Form, c: Channel) -> impl IntoView {
    let listed_id = c.id.clone();
    let published_id = c.id.clone();
    let (listed_name, published_name) = (
        format!("channel-{}", c.code),
        format!("published-{}", c.code),
    );
    let on_listed = {
        let id = c.id.clone();
        move |ev: leptos::ev::Event| toggle(form.listed, &id, event_target_checked(&ev))
    };
    let on_published = {
        let id = c.id.clone();
        move |ev: leptos::ev::Event| toggle(form.published, &id, event_target_checked(&ev))
    };
    let code = c.code.clone();
    view! {
        <li class="channel-choice" data-channel=code>
            <label class="check">
                <input
                    type="checkbox"
                    name=listed_name
                    value=c.id.clone()
                    prop:checked=move || form.listed.with(|l| l.contains(&listed_id))
                    on:change=on_listed
                />
                " " {c.name} " " <small>"(" {c.code} ", " {c.currency} ")"</small>
            </label>
            <label class="check published">
                <input
                    type="checkbox"
                    name=published_name
                    value=c.id
                    prop:checked=move || form.published.with(|p| p.contains(&published_id))
                    on:change=on_published
                />
                " " {move || i18n.t().listing_published}
            </label>
        </li>
    }
}

/// The checkbox of one category, indented by its depth.
fn category_choice(form: Form, c: TreeNode) -> impl IntoView {
    let id = c.id.clone();
    let on_change = {
        let id = c.id.clone();
        move |ev: leptos::ev::Event| toggle(form.categories, &id, event_target_checked(&ev))
    };
    view! {
        <li class="category-choice" data-depth=c.depth style=format!("--depth: {}", c.depth)>
            <label class="check">
                <input
                    type="checkbox"
                    name=format!("category-{}", c.slug)
                    value=c.id.clone()
                    prop:checked=move || form.categories.with(|s| s.contains(&id))
                    on:change=on_change
                />
                " " {c.name}
            </label>
        </li>
    }
}

/// One text cell of a variant row: the input named `name` and its errors under `key`.
fn cell_input(
    form: Form,
    class: &'static str,
    name: String,
    label: Signal<String>,
    key: String,
    value: RwSignal<String>,
    numeric: bool,
) -> impl IntoView {
    view! {
        <td class=class>
            <input
                name=name
                type="text"
                inputmode=numeric.then_some("numeric")
                autocomplete="off"
                aria-label=label
                aria-invalid=invalid(form.errors, key.clone())
                prop:value=move || value.get()
                on:input=bind(value)
                on:change=bind(value)
            />
            {field_error(form.errors, key)}
        </td>
    }
}

/// One variant: SKU, a value per option, stock, weight, backorder and prices per listed channel.
fn variant_row(
    i18n: I18n,
    form: Form,
    channels: StoredValue<Vec<Channel>>,
    row: Row,
    can_write: bool,
) -> impl IntoView {
    let uid = row.uid;
    let values = row.values;
    let prices = row.prices.clone();
    let backorder = row.backorder;
    let remove = move |_| form.rows.update(|rows| rows.retain(|r| r.uid != uid));
    view! {
        <tr class="variant-row" data-row=uid data-variant=row.id.clone().unwrap_or_default()>
            {cell_input(
                form,
                "sku",
                "sku".into(),
                Signal::derive(move || i18n.t().col_sku.to_owned()),
                format!("v{uid}-sku"),
                row.sku,
                false,
            )}
            {move || {
                (0..form.option_count.get())
                    .map(|j| {
                        let name = form.option_names[j];
                        cell_input(
                            form,
                            "value",
                            format!("value-{j}"),
                            Signal::derive(move || {
                                let label = name.get();
                                if label.trim().is_empty() {
                                    i18n.t().option_n.replace("{n}", &(j + 1).to_string())
                                } else {
                                    label
                                }
                            }),
                            format!("v{uid}-value-{j}"),
                            values[j],
                            false,
                        )
                    })
                    .collect_view()
            }}
            {cell_input(
                form,
                "stock",
                "stock".into(),
                Signal::derive(move || i18n.t().col_stock.to_owned()),
                format!("v{uid}-stock"),
                row.stock,
                true,
            )}
            {cell_input(
                form,
                "weight",
                "weight".into(),
                Signal::derive(move || i18n.t().col_weight.to_owned()),
                format!("v{uid}-weight"),
                row.weight,
                true,
            )}
            <td class="backorder">
                <input
                    type="checkbox"
                    name="backorder"
                    aria-label=move || i18n.t().col_backorder
                    prop:checked=move || backorder.get()
                    on:change=move |ev| backorder.set(event_target_checked(&ev))
                />
            </td>
            {variant_image_cell(i18n, form, uid, row.image)}
            {move || {
                let listed = form.listed.get();
                channels
                    .with_value(|ch| {
                        ch.iter()
                            .zip(prices.iter())
                            .filter(|(c, _)| listed.contains(&c.id))
                            .map(|(c, cell)| {
                                let (code, currency) = (c.code.clone(), c.currency.clone());
                                let price_label = Signal::derive(move || {
                                    i18n.t()
                                        .col_price_in
                                        .replace("{channel}", &code)
                                        .replace("{currency}", &currency)
                                });
                                let code = c.code.clone();
                                let compare_label = Signal::derive(move || {
                                    i18n.t().col_compare_in.replace("{channel}", &code)
                                });
                                view! {
                                    {cell_input(
                                        form,
                                        "price",
                                        format!("price-{}", c.code),
                                        price_label,
                                        format!("v{uid}-price-{}", c.code),
                                        cell.amount,
                                        true,
                                    )}
                                    {cell_input(
                                        form,
                                        "compare",
                                        format!("compare-{}", c.code),
                                        compare_label,
                                        format!("v{uid}-compare-{}", c.code),
                                        cell.compare,
                                        true,
                                    )}
                                }
                            })
                            .collect_view()
                    })
            }}
            <td class="actions">
                {can_write
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="remove-variant secondary"
                                disabled=move || form.rows.with(|r| r.len() <= 1)
                                on:click=remove
                            >
                                {move || i18n.t().remove}
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}

/// The variant's image: none, or one of the product's images.
fn variant_image_cell(i18n: I18n, form: Form, uid: u32, image: RwSignal<String>) -> impl IntoView {
    let key = format!("v{uid}-image");
    view! {
        <td class="image">
            <select
                name="image"
                aria-label=move || i18n.t().col_image
                aria-invalid=invalid(form.errors, key.clone())
                on:change=move |ev| image.set(event_target_value(&ev))
            >
                <option value="" prop:selected=move || image.with(String::is_empty)>
                    {move || i18n.t().image_none}
                </option>
                {move || {
                    form.images
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(at, img)| {
                            let id = img.id.clone();
                            let value = img.id.clone();
                            view! {
                                <option value=value prop:selected=move || image.with(|i| *i == id)>
                                    {move || img.label(i18n, at + 1)}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {field_error(form.errors, key)}
        </td>
    }
}

/// Where the media library picker is.
#[derive(Debug, Clone, PartialEq)]
enum PickerState {
    Loading,
    Ready,
    Failed(String),
}

/// What the media library picker is open for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum PickerUse {
    /// Adding images to the product's images.
    Images,
    /// Putting an image in the detail content.
    Content,
}

/// The media library picker of the editor, shared by the images section and the rich content
/// editor: open for one of them at a time, with the library's images it shows (newest first,
/// a page more on request).
#[derive(Clone, Copy)]
struct MediaPicker {
    i18n: I18n,
    session: Session,
    open: RwSignal<Option<PickerUse>>,
    items: RwSignal<Vec<MediaItem>>,
    /// The cursor of the page after the shown images, while there is one.
    next: RwSignal<Option<String>>,
    state: RwSignal<PickerState>,
    /// Bumped on every look at the library, so only the answer to the latest one is shown.
    generation: StoredValue<u32>,
}

impl MediaPicker {
    fn new(i18n: I18n, session: Session) -> MediaPicker {
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
    fn is_open(self, usage: PickerUse) -> bool {
        self.open.get() == Some(usage)
    }

    /// Opens the picker for `usage`, showing the newest images (uploads since the last look
    /// included).
    fn show(self, usage: PickerUse) {
        self.open.set(Some(usage));
        self.load(None);
    }

    /// Closes the picker for `usage` if it is open for it, else opens it for `usage`.
    fn toggle(self, usage: PickerUse) {
        if self.open.get_untracked() == Some(usage) {
            self.close();
        } else {
            self.show(usage);
        }
    }

    fn close(self) {
        self.open.set(None);
    }

    /// Asks for the newest images (`after` none) or the page after `after`.
    fn load(self, after: Option<String>) {
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
                    let message = if api::is_unauthenticated(&e) {
                        session.sign_out();
                        i18n.t().session_ended.to_owned()
                    } else if api::is_forbidden(&e) {
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
fn media_picker(
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
                        {move || i18n.t().picker_close}
                    </button>
                </div>
                {hint.map(|hint| view! { <p class="hint picker-hint">{move || hint(i18n.t())}</p> })}
                {move || match picker.state.get() {
                    PickerState::Failed(message) => {
                        view! { <p class="form-error" role="alert">{message}</p> }.into_any()
                    }
                    PickerState::Loading if picker.items.with(Vec::is_empty) => {
                        view! { <p class="status" role="status">{move || i18n.t().media_loading}</p> }
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
fn images_section(i18n: I18n, form: Form, can_write: bool, picker: MediaPicker) -> impl IntoView {
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

/// A toolbar command of the rich editor.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tool {
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
    fn class_and_face(self) -> (&'static str, &'static str) {
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

    fn label(self, t: &'static crate::i18n::Messages) -> &'static str {
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
const TABLE_HTML: &str = "<table><tbody><tr><td><br></td><td><br></td></tr>\
<tr><td><br></td><td><br></td></tr></tbody></table><p><br></p>";

/// `text` safe inside an HTML attribute or element.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    document().dyn_into::<web_sys::HtmlDocument>().ok()
}

/// Puts the caret in `editor` (at its end) unless the selection already is inside it.
fn focus_editor(editor: &web_sys::HtmlElement) {
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
fn editor_range(editor: &web_sys::HtmlElement) -> Option<web_sys::Range> {
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
fn insert_image(editor: &web_sys::HtmlElement, range: Option<web_sys::Range>, image: &MediaItem) {
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
fn insert_image_node(
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

/// A small WYSIWYG editor for the product's detail content: a `contenteditable` area and a
/// toolbar using the browser's editing commands, with an image button that opens the media
/// library `picker` and puts the chosen image at the caret. `dirty` turns true on any change;
/// the HTML is read from `node` when the form is saved.
#[component]
fn RichEditor(
    html: String,
    node: NodeRef<html::Div>,
    dirty: RwSignal<bool>,
    editable: bool,
    picker: MediaPicker,
) -> impl IntoView {
    let i18n = use_i18n();
    // Where the caret was when the picker opened: choosing in the picker moves the focus.
    let saved_range = StoredValue::new_local(None::<web_sys::Range>);
    let toggle_picker = move |_| {
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
        picker.close();
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
                            aria-label=move || i18n.t().product_content
                            aria-controls="product-content"
                        >
                            {tools}
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
                        </div>
                    }
                })}
            <div
                id="product-content"
                class="rich-editor"
                contenteditable=if editable { "true" } else { "false" }
                role="textbox"
                aria-multiline="true"
                aria-labelledby="product-content-title"
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
            {editable
                .then(|| {
                    media_picker(
                        picker,
                        PickerUse::Content,
                        "content-media-picker",
                        Some(|t| t.content_picker_hint),
                        |_| false,
                        on_pick,
                    )
                })}
            <p class="hint">{move || i18n.t().product_content_hint}</p>
        </div>
    }
}
