//! The editor's option names, channel and category choices, and the variant table (one row per
//! variant: SKU, option values, stock, weight, backorder, image and a price per channel).

use super::*;

/// The input for option name `i`, with its remove button.
pub(super) fn option_name(i18n: I18n, form: Form, i: usize, can_write: bool) -> impl IntoView {
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
pub(super) fn channel_choice(i18n: I18n, form: Form, c: Channel) -> impl IntoView {
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
pub(super) fn category_choice(form: Form, c: TreeNode) -> impl IntoView {
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
pub(super) fn cell_input(
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
pub(super) fn variant_row(
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
pub(super) fn variant_image_cell(
    i18n: I18n,
    form: Form,
    uid: u32,
    image: RwSignal<String>,
) -> impl IntoView {
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
