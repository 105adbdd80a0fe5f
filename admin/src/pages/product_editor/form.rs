//! The editor's form state: one signal per field, the variant rows with a price cell per
//! channel, the images, and the product input built from them (with the keys that tie the
//! server's user errors back to the fields).

use super::*;

/// An image of the product as the editor shows it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EditorImage {
    /// The media ID.
    pub(super) id: String,
    pub(super) alt: String,
    pub(super) thumbnail_url: String,
    /// The file's name, when the editor knows it (uploaded or chosen here).
    pub(super) file_name: Option<String>,
}

impl EditorImage {
    /// What names the image in lists: its alt text, else its file name, else "Image N" (`n`
    /// counts from 1).
    pub(super) fn label(&self, i18n: I18n, n: usize) -> String {
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
pub(super) struct PriceCell {
    pub(super) amount: RwSignal<String>,
    pub(super) compare: RwSignal<String>,
}

/// One row of the variants table (text as typed). `uid` tells rows apart while editing; `id`
/// is the variant's ID for a saved one.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) uid: u32,
    pub(super) id: Option<String>,
    pub(super) sku: RwSignal<String>,
    pub(super) values: [RwSignal<String>; MAX_OPTIONS],
    pub(super) stock: RwSignal<String>,
    /// The stock when the editor loaded the variant: the save is refused (`STOCK_CHANGED`)
    /// when orders took some since, instead of overwriting their change.
    pub(super) loaded_stock: Option<i64>,
    pub(super) weight: RwSignal<String>,
    pub(super) backorder: RwSignal<bool>,
    /// The media ID of the image shown for the variant; empty for none.
    pub(super) image: RwSignal<String>,
    /// One per channel, in the order of the editor's channels.
    pub(super) prices: Vec<PriceCell>,
}

impl Row {
    pub(super) fn empty(uid: u32, channels: &[Channel]) -> Row {
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

    pub(super) fn from_variant(uid: u32, v: &Variant, channels: &[Channel]) -> Row {
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
pub(super) struct Form {
    pub(super) name: RwSignal<String>,
    pub(super) slug: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) status: RwSignal<ProductStatus>,
    pub(super) option_count: RwSignal<usize>,
    pub(super) option_names: [RwSignal<String>; MAX_OPTIONS],
    /// IDs of the channels where the product is listed.
    pub(super) listed: RwSignal<Vec<String>>,
    /// IDs of the channels where it is published.
    pub(super) published: RwSignal<Vec<String>>,
    /// IDs of its categories.
    pub(super) categories: RwSignal<Vec<String>>,
    /// Its images, in display order.
    pub(super) images: RwSignal<Vec<EditorImage>>,
    pub(super) rows: RwSignal<Vec<Row>>,
    pub(super) next_uid: StoredValue<u32>,
    pub(super) errors: RwSignal<Vec<(String, String)>>,
}

impl Form {
    pub(super) fn new(product: Option<&Product>, channels: &[Channel]) -> Form {
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

    pub(super) fn add_row(&self, channels: &[Channel]) {
        let uid = self.next_uid.get_value();
        self.next_uid.set_value(uid.wrapping_add(1));
        let row = Row::empty(uid, channels);
        self.rows.update(|r| r.push(row));
    }

    /// Adds an image at the end of the list, unless it is there already.
    pub(super) fn add_image(&self, image: EditorImage) {
        self.images.update(|list| {
            if !list.iter().any(|i| i.id == image.id) {
                list.push(image);
            }
        });
    }

    /// Moves image `at` one place up (`up`) or down.
    pub(super) fn move_image(&self, at: usize, up: bool) {
        self.images.update(|list| {
            let other = if up { at.checked_sub(1) } else { Some(at + 1) };
            if let Some(other) = other.filter(|o| *o < list.len() && at < list.len()) {
                list.swap(at, other);
            }
        });
    }

    /// Takes an image off the product; variants that showed it show none.
    pub(super) fn remove_image(&self, id: &str) {
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
    pub(super) fn remove_option(&self, i: usize) {
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
pub(super) fn toggle(ids: RwSignal<Vec<String>>, id: &str, on: bool) {
    ids.update(|ids| {
        ids.retain(|x| x != id);
        if on {
            ids.push(id.to_owned());
        }
    });
}

/// Keeps `signal` equal to the text of the input whose event this handles.
pub(super) fn bind(
    signal: RwSignal<String>,
) -> impl Fn(leptos::ev::Event) + Copy + Send + Sync + 'static {
    move |ev| signal.set(event_target_value(&ev))
}

/// The errors for the field `key`, each as `<p class="field-error">`.
pub(super) fn field_error(errors: RwSignal<Vec<(String, String)>>, key: String) -> impl IntoView {
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
pub(super) fn invalid(
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
pub(super) struct Sent {
    pub(super) rows: Vec<u32>,
    pub(super) options: usize,
    pub(super) price_codes: Vec<String>,
}

/// The key of the visible field a user error's path names (`["input", "variants", "1", "sku"]`
/// → that row's SKU cell), or `None` when no field on the form matches.
pub(super) fn error_key(field: &[String], sent: &Sent) -> Option<String> {
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
pub(super) fn parse_int(text: &str) -> Result<Option<i64>, ()> {
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
pub(super) fn build_input(
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
pub(super) fn absolute() -> NavigateOptions {
    NavigateOptions {
        resolve: false,
        ..NavigateOptions::default()
    }
}

/// Content the editor holds when nothing was written.
pub(super) fn blank_content(html: &str) -> bool {
    let t = html.trim();
    t.is_empty() || matches!(t, "<br>" | "<p><br></p>" | "<p></p>")
}
