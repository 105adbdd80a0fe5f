//! Categories: the tree, each category indented under its parent. Staff who may write create a
//! category (top-level or under a parent), rename one in place, move one under another parent
//! or to the top level, and delete one that has no subcategories (its products stay in the
//! catalog).

use crate::ui;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::{self, CategoryParent, FieldError, Permission};
use crate::i18n::{I18n, use_i18n};
use crate::session::Session;

use crate::ui::{Load, Toasts};

/// A category in tree order, with its depth (0 for a top-level category).
#[derive(Debug, Clone, PartialEq)]
pub struct TreeNode {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub depth: usize,
}

/// Orders the API's flat list as a tree: each category followed by its subcategories
/// (depth-first), siblings in the order given. A category whose parent is unknown (or that sits
/// in a cycle) is shown at the top level.
pub fn category_tree(flat: Vec<api::Category>) -> Vec<TreeNode> {
    let is_root = |c: &api::Category| {
        c.parent_id
            .as_ref()
            .is_none_or(|p| !flat.iter().any(|o| &o.id == p))
    };
    let roots: Vec<usize> = (0..flat.len()).filter(|i| is_root(&flat[*i])).collect();
    let mut placed = vec![false; flat.len()];
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(flat.len());
    let mut visit = |start: usize, placed: &mut Vec<bool>| {
        let mut stack = vec![(start, 0_usize)];
        while let Some((i, depth)) = stack.pop() {
            if placed[i] {
                continue;
            }
            placed[i] = true;
            order.push((i, depth));
            let children: Vec<usize> = (0..flat.len())
                .filter(|j| flat[*j].parent_id.as_deref() == Some(flat[i].id.as_str()))
                .collect();
            stack.extend(children.into_iter().rev().map(|j| (j, depth + 1)));
        }
    };
    for root in roots {
        visit(root, &mut placed);
    }
    for i in 0..flat.len() {
        if !placed[i] {
            visit(i, &mut placed);
        }
    }
    let mut flat: Vec<Option<api::Category>> = flat.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(i, depth)| {
            let c = flat.get_mut(i)?.take()?;
            Some(TreeNode {
                id: c.id,
                slug: c.slug,
                name: c.name,
                parent_id: c.parent_id,
                depth,
            })
        })
        .collect()
}

/// The IDs of `nodes[at]` and every category below it (they follow it in tree order).
fn subtree_ids(nodes: &[TreeNode], at: usize) -> Vec<String> {
    let Some(top) = nodes.get(at) else {
        return Vec::new();
    };
    std::iter::once(top.id.clone())
        .chain(
            nodes[at + 1..]
                .iter()
                .take_while(|n| n.depth > top.depth)
                .map(|n| n.id.clone()),
        )
        .collect()
}

/// A category's name indented by its depth, for a parent `<select>`.
fn indented(node: &TreeNode) -> String {
    format!("{}{}", "\u{2003}".repeat(node.depth), node.name)
}

/// Where the page is.
#[component]
pub fn Categories() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let state = RwSignal::new(Load::Loading);
    let nodes = RwSignal::new(Vec::<TreeNode>::new());
    let can_write = RwSignal::new(false);
    // Errors of a change to one category: (category ID, message).
    let node_errors = RwSignal::new(Vec::<(String, String)>::new());
    let generation = StoredValue::new(0_u32);
    let load = move || {
        // (A task may call this after the page is gone: then it does nothing.)
        let Some(current) = generation.try_update_value(|g| {
            *g = g.wrapping_add(1);
            *g
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = api::catalog_base(session).await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            match result {
                Ok(data) => {
                    can_write.set(
                        data.viewer
                            .is_some_and(|v| v.permissions.contains(&Permission::ProductsWrite)),
                    );
                    nodes.set(category_tree(data.categories));
                    state.set(Load::Ready);
                }
                Err(e) => state.set(Load::Failed(e)),
            }
        });
    };
    load();
    // Runs a change to the category `id`; reloads the tree when it was accepted.
    let change = move |id: String, request: Change| {
        node_errors.update(|e| e.retain(|(x, _)| *x != id));
        leptos::task::spawn_local(async move {
            let result = match request {
                Change::Rename(name) => {
                    api::category_update(session, id.clone(), Some(name), CategoryParent::Keep)
                        .await
                }
                Change::Move(parent) => {
                    api::category_update(session, id.clone(), None, parent).await
                }
                Change::Delete => api::category_delete(session, id.clone()).await,
            };
            match result {
                Ok(Ok(())) => load(),
                Ok(Err(errors)) => {
                    let messages = messages_or(i18n, errors);
                    node_errors.update(|e| e.extend(messages.into_iter().map(|m| (id.clone(), m))));
                    // Show the category as it is again (e.g. the parent select).
                    load();
                }
                Err(e) if e.is_unauthenticated() || e.is_forbidden() => {
                    state.set(Load::Failed(e));
                }
                Err(e) => node_errors.update(|errors| {
                    errors.push((id.clone(), format!("{} ({e})", i18n.t().api_unreachable)));
                }),
            }
        });
    };
    view! {
        <section class="categories" aria-labelledby="categories-title">
            <h1 id="categories-title">{move || i18n.t().categories_title}</h1>
            {move || ui::load_status(state.get(), "categories", |t| t.categories_loading, load)}
            <Show when=move || state.with(Load::is_ready)>
                <Show when=move || can_write.get()>
                    <CreateForm nodes on_created=load/>
                </Show>
                <Show when=move || nodes.with(Vec::is_empty)>
                    <p class="status">{move || i18n.t().categories_empty}</p>
                </Show>
                <ul class="category-tree">
                    {move || {
                        let all = nodes.get();
                        let write = can_write.get();
                        (0..all.len())
                            .map(|at| node_view(i18n, &all, at, write, node_errors, change))
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}

/// A change to one category.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    Rename(String),
    Move(CategoryParent),
    Delete,
}

/// The messages of user errors; a refusal without any says so.
fn messages_or(i18n: I18n, errors: Vec<FieldError>) -> Vec<String> {
    if errors.is_empty() {
        vec![i18n.t().request_refused.to_owned()]
    } else {
        errors.into_iter().map(|e| e.message).collect()
    }
}

/// One category of the tree with its actions.
fn node_view(
    i18n: I18n,
    all: &[TreeNode],
    at: usize,
    can_write: bool,
    node_errors: RwSignal<Vec<(String, String)>>,
    change: impl Fn(String, Change) + Copy + Send + Sync + 'static,
) -> AnyView {
    let Some(node) = all.get(at).cloned() else {
        return ().into_any();
    };
    let id = node.id.clone();
    let renaming = RwSignal::new(false);
    let new_name = RwSignal::new(node.name.clone());
    let errors = {
        let id = id.clone();
        move || {
            node_errors.with(|e| {
                e.iter()
                    .filter(|(x, _)| *x == id)
                    .map(|(_, m)| view! { <p class="field-error" role="alert">{m.clone()}</p> })
                    .collect_view()
            })
        }
    };
    let actions = can_write.then(|| {
        // Every category but this one and those below it can be its parent.
        let excluded = subtree_ids(all, at);
        let current_parent = node.parent_id.clone().unwrap_or_default();
        let parent_options = all
            .iter()
            .filter(|n| !excluded.contains(&n.id))
            .map(|n| {
                view! {
                    <option value=n.id.clone() data-slug=n.slug.clone() selected=n.id == current_parent>
                        {indented(n)}
                    </option>
                }
            })
            .collect_view();
        let on_move = {
            let id = id.clone();
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                let parent = if value.is_empty() {
                    CategoryParent::Root
                } else {
                    CategoryParent::Under(value)
                };
                change(id.clone(), Change::Move(parent));
            }
        };
        let on_delete = {
            let id = id.clone();
            move |_| change(id.clone(), Change::Delete)
        };
        let on_rename = {
            let id = id.clone();
            move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                renaming.set(false);
                change(id.clone(), Change::Rename(new_name.get_untracked().trim().to_owned()));
            }
        };
        let top_level = node.parent_id.is_none();
        view! {
            <span class="category-actions">
                <button
                    type="button"
                    class="rename-category secondary"
                    aria-expanded=move || renaming.get().to_string()
                    on:click=move |_| renaming.update(|r| *r = !*r)
                >
                    {move || i18n.t().rename}
                </button>
                <label class="inline move-label">
                    <span class="visually-hidden">{move || i18n.t().category_parent}</span>
                    <select name="parent" class="move-category" on:change=on_move>
                        <option value="" selected=top_level>{move || i18n.t().top_level}</option>
                        {parent_options}
                    </select>
                </label>
                <button type="button" class="delete-category danger" on:click=on_delete>
                    {move || i18n.t().delete}
                </button>
            </span>
            <Show when=move || renaming.get()>
                <form class="category-rename" on:submit=on_rename.clone()>
                    <label class="visually-hidden" for=format!("rename-{at}")>{move || i18n.t().col_name}</label>
                    <input
                        id=format!("rename-{at}")
                        name="name"
                        type="text"
                        autocomplete="off"
                        prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                        on:change=move |ev| new_name.set(event_target_value(&ev))
                    />
                    <button type="submit">{move || i18n.t().save}</button>
                    <button type="button" class="cancel secondary" on:click=move |_| renaming.set(false)>
                        {move || i18n.t().cancel}
                    </button>
                </form>
            </Show>
        }
    });
    view! {
        <li
            class="category-node"
            data-slug=node.slug.clone()
            data-id=node.id.clone()
            data-depth=node.depth
            style=format!("--depth: {}", node.depth)
        >
            <span class="category-name">{node.name.clone()}</span>
            " "
            <code class="category-slug">{node.slug.clone()}</code>
            {actions}
            {errors}
        </li>
    }
    .into_any()
}

/// Creates a category (top-level or under a parent); `on_created` runs after the server
/// accepted.
#[component]
fn CreateForm(
    nodes: RwSignal<Vec<TreeNode>>,
    on_created: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    // Errors by field (`name`, `slug`, `parent`) and those about no one field.
    let field_errors = RwSignal::new(Vec::<(String, String)>::new());
    let form_errors = RwSignal::new(Vec::<String>::new());
    let toasts = Toasts::expect();
    let busy = RwSignal::new(false);
    let signed_out = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        field_errors.set(Vec::new());
        form_errors.set(Vec::new());
        let n = name.get_untracked().trim().to_owned();
        let s = Some(slug.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let p = Some(parent.get_untracked()).filter(|p| !p.is_empty());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::category_create(session, n, s, p).await;
            busy.set(false);
            match result {
                Ok(Ok(_)) => {
                    toasts.show(move || i18n.t().saved.to_owned());
                    name.set(String::new());
                    slug.set(String::new());
                    on_created();
                }
                Ok(Err(errors)) if errors.is_empty() => {
                    form_errors.set(vec![i18n.t().request_refused.to_owned()]);
                }
                Ok(Err(errors)) => {
                    let mut placed = Vec::new();
                    let mut rest = Vec::new();
                    for e in errors {
                        let field: Vec<&str> =
                            e.path.iter().flatten().map(String::as_str).collect();
                        match field.as_slice() {
                            ["input", f @ ("name" | "slug" | "parent")] => {
                                placed.push(((*f).to_owned(), e.message));
                            }
                            _ => rest.push(e.message),
                        }
                    }
                    field_errors.set(placed);
                    form_errors.set(rest);
                }
                Err(e) if e.is_unauthenticated() => {
                    session.sign_out();
                    signed_out.set(true);
                }
                Err(e) if e.is_forbidden() => {
                    form_errors.set(vec![i18n.t().no_permission.to_owned()]);
                }
                Err(e) => form_errors.set(vec![format!("{} ({e})", i18n.t().api_unreachable)]),
            }
        });
    };
    let error_for = move |key: &'static str| {
        move || {
            field_errors.with(|all| {
                all.iter()
                    .filter(|(k, _)| k == key)
                    .map(|(_, m)| view! { <p class="field-error">{m.clone()}</p> })
                    .collect_view()
            })
        }
    };
    view! {
        <form class="category-create admin-form" on:submit=submit>
            <h2>{move || i18n.t().category_create_title}</h2>
            {move || {
                form_errors
                    .get()
                    .into_iter()
                    .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
                    .collect_view()
            }}
            <Show when=move || signed_out.get()>
                <Redirect path="/login"/>
            </Show>
            <label for="category-name">{move || i18n.t().col_name}</label>
            <input
                id="category-name"
                name="name"
                type="text"
                autocomplete="off"
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
                on:change=move |ev| name.set(event_target_value(&ev))
            />
            {error_for("name")}
            <label for="category-slug">{move || i18n.t().col_slug}</label>
            <input
                id="category-slug"
                name="slug"
                type="text"
                autocomplete="off"
                placeholder=move || i18n.t().slug_placeholder
                prop:value=move || slug.get()
                on:input=move |ev| slug.set(event_target_value(&ev))
                on:change=move |ev| slug.set(event_target_value(&ev))
            />
            {error_for("slug")}
            <label for="category-parent">{move || i18n.t().category_parent}</label>
            <select
                id="category-parent"
                name="parent"
                on:change=move |ev| parent.set(event_target_value(&ev))
            >
                {move || {
                    // Drawn again with the tree; keep what was chosen if it still exists.
                    let chosen = parent.get_untracked();
                    let all = nodes.get();
                    if !all.iter().any(|n| n.id == chosen) {
                        parent.set(String::new());
                    }
                    let options = all
                        .iter()
                        .map(|n| {
                            view! {
                                <option value=n.id.clone() data-slug=n.slug.clone() selected=n.id == chosen>
                                    {indented(n)}
                                </option>
                            }
                        })
                        .collect_view();
                    view! {
                        <option value="" selected=chosen.is_empty()>{move || i18n.t().top_level}</option>
                        {options}
                    }
                }}
            </select>
            {error_for("parent")}
            <button type="submit" disabled=move || busy.get()>{move || i18n.t().category_create_submit}</button>
        </form>
    }
}
