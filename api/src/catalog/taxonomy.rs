//! Categories (a tree) and collections (manually ordered groups): how products are grouped.

use diesel::prelude::*;
use shared::{CategoryId, CollectionId, ProductId};

use super::CatalogError;
use super::input::{self, DESCRIPTION_MAX, NAME_MAX};
use super::model::{Category, CategoryRow, Collection, CollectionRow};
use crate::access::audit::{self, Actor};
use crate::db::schema::{
    categories, collection_products, collections, product_categories, products,
};
use crate::db::{self, AnyConnection};
use crate::validation::{Violation, ViolationCode};

/// Deepest a category may sit (a root is at depth 1).
pub const MAX_DEPTH: usize = 5;
/// Most products one collection holds.
pub const COLLECTION_MAX: usize = 500;

/// What staff send to create or change a category or collection. `None` keeps a field (on
/// update) or takes its default (on create).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    /// Categories only: the new parent; `Some(None)` makes it a root.
    pub parent: Option<Option<CategoryId>>,
    /// Categories only: the place among its siblings.
    pub position: Option<i32>,
    /// Collections only: shown on the home page.
    pub featured: Option<bool>,
}

fn check_text(input: &mut GroupInput, creating: bool, errors: &mut Vec<Violation>) {
    if let Some(name) = &mut input.name {
        *name = name.trim().to_owned();
    }
    match &input.name {
        None if creating => errors.push(Violation::new(
            &["name"],
            ViolationCode::Blank,
            "enter a name",
        )),
        Some(n) if n.is_empty() => errors.push(Violation::new(
            &["name"],
            ViolationCode::Blank,
            "enter a name",
        )),
        Some(n) if n.chars().count() > NAME_MAX => errors.push(Violation::new(
            &["name"],
            ViolationCode::TooLong,
            format!("use at most {NAME_MAX} characters"),
        )),
        _ => {}
    }
    if let Some(slug) = &mut input.slug {
        *slug = slug.trim().to_owned();
        if let Some((code, message)) = input::check_slug(slug) {
            errors.push(Violation::new(&["slug"], code, message));
        }
    }
    if let Some(d) = &mut input.description {
        *d = d.trim().to_owned();
        if d.chars().count() > DESCRIPTION_MAX {
            errors.push(Violation::new(
                &["description"],
                ViolationCode::TooLong,
                format!("use at most {DESCRIPTION_MAX} characters"),
            ));
        }
    }
}

fn done(errors: Vec<Violation>) -> Result<(), CatalogError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CatalogError::Invalid(errors))
    }
}

/// The whole category tree, each level by position then name.
pub fn categories(conn: &mut AnyConnection) -> Result<Vec<Category>, CatalogError> {
    Ok(categories::table
        .select(CategoryRow::as_select())
        .order((categories::position, categories::name, categories::id))
        .load::<CategoryRow>(conn)?
        .into_iter()
        .map(Category::from)
        .collect())
}

/// Depth of `id` in `tree` (a root is 1), following parents; `None` on a cycle.
fn depth(tree: &[(i64, Option<i64>)], id: i64) -> Option<usize> {
    let mut depth = 1;
    let mut at = id;
    while let Some(parent) = tree.iter().find(|(i, _)| *i == at).and_then(|(_, p)| *p) {
        depth += 1;
        at = parent;
        if depth > tree.len() + 1 {
            return None;
        }
    }
    Some(depth)
}

/// Height of the subtree under `id` (a leaf is 1); bounded, so a cycle cannot recurse forever.
fn height(tree: &[(i64, Option<i64>)], id: i64) -> usize {
    fn walk(tree: &[(i64, Option<i64>)], id: i64, budget: usize) -> usize {
        if budget == 0 {
            return usize::MAX / 2;
        }
        1 + tree
            .iter()
            .filter(|(_, p)| *p == Some(id))
            .map(|(c, _)| walk(tree, *c, budget - 1))
            .max()
            .unwrap_or(0)
    }
    walk(tree, id, tree.len() + 1)
}

/// Category moves read the whole tree, then write: on PostgreSQL they take the table's write
/// lock first, so two concurrent moves cannot each pass the cycle check and close a loop.
fn lock_tree(conn: &mut AnyConnection) -> Result<(), CatalogError> {
    if let AnyConnection::Postgresql(_) = conn {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE")
            .map_err(|e| CatalogError::Internal(crate::db::DbError::Query(e)))?;
    }
    Ok(())
}

/// Creates a category (under `parent` when given).
pub fn create_category(
    conn: &mut AnyConnection,
    mut input: GroupInput,
    actor: &Actor,
) -> Result<CategoryId, CatalogError> {
    let mut errors = Vec::new();
    check_text(&mut input, true, &mut errors);
    done(errors)?;
    db::write_transaction(conn, |conn| {
        lock_tree(conn)?;
        let tree: Vec<(i64, Option<i64>)> = categories::table
            .select((categories::id, categories::parent_id))
            .load(conn)?;
        let parent = input.parent.flatten();
        if let Some(p) = parent {
            match depth(&tree, p.key()) {
                _ if !tree.iter().any(|(i, _)| *i == p.key()) => {
                    return Err(CatalogError::Invalid(vec![Violation::new(
                        &["parent"],
                        ViolationCode::NotFound,
                        format!("there is no category {p}"),
                    )]));
                }
                Some(d) if d >= MAX_DEPTH => {
                    return Err(CatalogError::Invalid(vec![Violation::new(
                        &["parent"],
                        ViolationCode::NotAllowed,
                        format!("categories nest at most {MAX_DEPTH} levels deep"),
                    )]));
                }
                _ => {}
            }
        }
        let name = input.name.clone().unwrap_or_default();
        let slug = match &input.slug {
            Some(s) => s.clone(),
            None => {
                let base = input::slug_base(&name, "category");
                let taken: Vec<String> = categories::table
                    .filter(
                        categories::slug
                            .like(input::prefix_pattern(&base))
                            .escape('\\'),
                    )
                    .select(categories::slug)
                    .load(conn)?;
                input::free_slug(&base, &taken)
            }
        };
        let now = db::now();
        let id: i64 = diesel::insert_into(categories::table)
            .values((
                categories::parent_id.eq(parent.map(|p| p.key())),
                categories::slug.eq(&slug),
                categories::name.eq(&name),
                categories::description.eq(input.description.clone().unwrap_or_default()),
                categories::position.eq(input.position.unwrap_or(0)),
                categories::created_at.eq(now),
                categories::updated_at.eq(now),
            ))
            .returning(categories::id)
            .get_result(conn)
            .map_err(|e| CatalogError::taken_or(e, "slug", &slug))?;
        audit::record(
            conn,
            actor,
            "category.create",
            Some(CategoryId(id).to_string()),
            serde_json::json!({ "slug": slug }),
            now,
        )?;
        Ok(CategoryId(id))
    })
}

/// Changes a category: its text, its place among siblings, or its parent (never below itself,
/// never deeper than `MAX_DEPTH` with its subtree).
pub fn update_category(
    conn: &mut AnyConnection,
    id: CategoryId,
    mut input: GroupInput,
    actor: &Actor,
) -> Result<CategoryId, CatalogError> {
    let mut errors = Vec::new();
    check_text(&mut input, false, &mut errors);
    done(errors)?;
    db::write_transaction(conn, |conn| {
        lock_tree(conn)?;
        let mut tree: Vec<(i64, Option<i64>)> = categories::table
            .select((categories::id, categories::parent_id))
            .load(conn)?;
        if !tree.iter().any(|(i, _)| *i == id.key()) {
            return Err(CatalogError::NotFound);
        }
        if let Some(parent) = input.parent {
            if let Some(p) = parent
                && !tree.iter().any(|(i, _)| *i == p.key())
            {
                return Err(CatalogError::Invalid(vec![Violation::new(
                    &["parent"],
                    ViolationCode::NotFound,
                    format!("there is no category {p}"),
                )]));
            }
            for node in tree.iter_mut().filter(|(i, _)| *i == id.key()) {
                node.1 = parent.map(|p| p.key());
            }
            match depth(&tree, id.key()) {
                None => {
                    return Err(CatalogError::Invalid(vec![Violation::new(
                        &["parent"],
                        ViolationCode::NotAllowed,
                        "a category cannot move below itself or one of its subcategories",
                    )]));
                }
                Some(d) if d + height(&tree, id.key()) - 1 > MAX_DEPTH => {
                    return Err(CatalogError::Invalid(vec![Violation::new(
                        &["parent"],
                        ViolationCode::NotAllowed,
                        format!("categories nest at most {MAX_DEPTH} levels deep"),
                    )]));
                }
                _ => {}
            }
        }
        let now = db::now();
        let current: CategoryRow = categories::table
            .find(id.key())
            .select(CategoryRow::as_select())
            .first(conn)?;
        let slug = input.slug.clone().unwrap_or(current.slug);
        diesel::update(categories::table.find(id.key()))
            .set((
                categories::name.eq(input.name.clone().unwrap_or(current.name)),
                categories::slug.eq(&slug),
                categories::description
                    .eq(input.description.clone().unwrap_or(current.description)),
                categories::parent_id.eq(match input.parent {
                    Some(p) => p.map(|p| p.key()),
                    None => current.parent_id,
                }),
                categories::position.eq(input.position.unwrap_or(current.position)),
                categories::updated_at.eq(now),
            ))
            .execute(conn)
            .map_err(|e| CatalogError::taken_or(e, "slug", &slug))?;
        audit::record(
            conn,
            actor,
            "category.update",
            Some(id.to_string()),
            serde_json::json!({ "slug": slug }),
            now,
        )?;
        Ok(id)
    })
}

/// Deletes a category that has no subcategories; its products stay, outside it.
pub fn delete_category(
    conn: &mut AnyConnection,
    id: CategoryId,
    actor: &Actor,
) -> Result<(), CatalogError> {
    db::write_transaction(conn, |conn| {
        let children: i64 = categories::table
            .filter(categories::parent_id.eq(id.key()))
            .count()
            .get_result(conn)?;
        if children > 0 {
            return Err(CatalogError::Invalid(vec![Violation::new(
                &["id"],
                ViolationCode::NotAllowed,
                format!("the category has {children} subcategories; move or delete them first"),
            )]));
        }
        let deleted = diesel::delete(categories::table.find(id.key())).execute(conn)?;
        if deleted == 0 {
            return Err(CatalogError::NotFound);
        }
        audit::record(
            conn,
            actor,
            "category.delete",
            Some(id.to_string()),
            serde_json::json!({}),
            db::now(),
        )?;
        Ok(())
    })
}

/// Every collection, featured ones first, then by name.
pub fn collections(
    conn: &mut AnyConnection,
    featured_only: bool,
) -> Result<Vec<Collection>, CatalogError> {
    let mut q = collections::table
        .select(CollectionRow::as_select())
        .into_boxed();
    if featured_only {
        q = q.filter(collections::featured.eq(true));
    }
    Ok(q.order((
        collections::featured.desc(),
        collections::name,
        collections::id,
    ))
    .load::<CollectionRow>(conn)?
    .into_iter()
    .map(Collection::from)
    .collect())
}

/// The collection with `slug`, if there is one.
pub fn collection_by_slug(
    conn: &mut AnyConnection,
    slug: &str,
) -> Result<Option<Collection>, CatalogError> {
    Ok(collections::table
        .filter(collections::slug.eq(slug))
        .select(CollectionRow::as_select())
        .first::<CollectionRow>(conn)
        .optional()?
        .map(Collection::from))
}

/// The products of a collection, in its order.
pub fn collection_product_ids(
    conn: &mut AnyConnection,
    id: CollectionId,
) -> Result<Vec<ProductId>, CatalogError> {
    Ok(collection_products::table
        .filter(collection_products::collection_id.eq(id.key()))
        .select(collection_products::product_id)
        .order((
            collection_products::position,
            collection_products::product_id,
        ))
        .load::<i64>(conn)?
        .into_iter()
        .map(ProductId)
        .collect())
}

/// Creates or changes a collection; `products`, when given, becomes its whole content in that
/// order.
pub fn save_collection(
    conn: &mut AnyConnection,
    id: Option<CollectionId>,
    mut input: GroupInput,
    products_in_order: Option<Vec<ProductId>>,
    actor: &Actor,
) -> Result<CollectionId, CatalogError> {
    let mut errors = Vec::new();
    check_text(&mut input, id.is_none(), &mut errors);
    if let Some(list) = &products_in_order {
        if list.len() > COLLECTION_MAX {
            errors.push(Violation::new(
                &["products"],
                ViolationCode::TooLong,
                format!("a collection holds at most {COLLECTION_MAX} products"),
            ));
        }
        for (i, p) in list.iter().enumerate() {
            if list[..i].contains(p) {
                errors.push(Violation::indexed(
                    "products",
                    i,
                    ViolationCode::Taken,
                    format!("{p} is listed twice"),
                ));
            }
        }
    }
    done(errors)?;
    db::write_transaction(conn, |conn| {
        let now = db::now();
        let id = match id {
            Some(id) => {
                let current: CollectionRow = collections::table
                    .find(id.key())
                    .select(CollectionRow::as_select())
                    .first(conn)
                    .optional()?
                    .ok_or(CatalogError::NotFound)?;
                let slug = input.slug.clone().unwrap_or(current.slug);
                diesel::update(collections::table.find(id.key()))
                    .set((
                        collections::name.eq(input.name.clone().unwrap_or(current.name)),
                        collections::slug.eq(&slug),
                        collections::description
                            .eq(input.description.clone().unwrap_or(current.description)),
                        collections::featured.eq(input.featured.unwrap_or(current.featured)),
                        collections::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .map_err(|e| CatalogError::taken_or(e, "slug", &slug))?;
                id
            }
            None => {
                let name = input.name.clone().unwrap_or_default();
                let slug = match &input.slug {
                    Some(s) => s.clone(),
                    None => {
                        let base = input::slug_base(&name, "collection");
                        let taken: Vec<String> = collections::table
                            .filter(
                                collections::slug
                                    .like(input::prefix_pattern(&base))
                                    .escape('\\'),
                            )
                            .select(collections::slug)
                            .load(conn)?;
                        input::free_slug(&base, &taken)
                    }
                };
                CollectionId(
                    diesel::insert_into(collections::table)
                        .values((
                            collections::slug.eq(&slug),
                            collections::name.eq(&name),
                            collections::description
                                .eq(input.description.clone().unwrap_or_default()),
                            collections::featured.eq(input.featured.unwrap_or(false)),
                            collections::created_at.eq(now),
                            collections::updated_at.eq(now),
                        ))
                        .returning(collections::id)
                        .get_result(conn)
                        .map_err(|e| CatalogError::taken_or(e, "slug", &slug))?,
                )
            }
        };
        if let Some(list) = &products_in_order {
            let keys: Vec<i64> = list.iter().map(|p| p.key()).collect();
            let known: Vec<i64> = products::table
                .filter(products::id.eq_any(&keys))
                .select(products::id)
                .load(conn)?;
            let missing: Vec<Violation> = list
                .iter()
                .enumerate()
                .filter(|(_, p)| !known.contains(&p.key()))
                .map(|(i, p)| {
                    Violation::indexed(
                        "products",
                        i,
                        ViolationCode::NotFound,
                        format!("there is no product {p}"),
                    )
                })
                .collect();
            done(missing)?;
            diesel::delete(
                collection_products::table.filter(collection_products::collection_id.eq(id.key())),
            )
            .execute(conn)?;
            for (position, p) in keys.iter().enumerate() {
                diesel::insert_into(collection_products::table)
                    .values((
                        collection_products::collection_id.eq(id.key()),
                        collection_products::product_id.eq(p),
                        collection_products::position.eq(position as i32),
                    ))
                    .execute(conn)?;
            }
        }
        audit::record(
            conn,
            actor,
            "collection.save",
            Some(id.to_string()),
            serde_json::json!({ "products": products_in_order.as_ref().map(Vec::len) }),
            now,
        )?;
        Ok(id)
    })
}

/// Deletes a collection (its products stay).
pub fn delete_collection(
    conn: &mut AnyConnection,
    id: CollectionId,
    actor: &Actor,
) -> Result<(), CatalogError> {
    db::write_transaction(conn, |conn| {
        let deleted = diesel::delete(collections::table.find(id.key())).execute(conn)?;
        if deleted == 0 {
            return Err(CatalogError::NotFound);
        }
        audit::record(
            conn,
            actor,
            "collection.delete",
            Some(id.to_string()),
            serde_json::json!({}),
            db::now(),
        )?;
        Ok(())
    })
}

/// Category IDs of each product in `ids`: one statement.
pub fn categories_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<(i64, i64)>, CatalogError> {
    Ok(product_categories::table
        .filter(product_categories::product_id.eq_any(ids))
        .select((
            product_categories::product_id,
            product_categories::category_id,
        ))
        .order((
            product_categories::product_id,
            product_categories::category_id,
        ))
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_follows_parents_and_spots_cycles() {
        let tree = vec![(1, None), (2, Some(1)), (3, Some(2))];
        assert_eq!(depth(&tree, 3), Some(3));
        assert_eq!(height(&tree, 1), 3);
        assert_eq!(height(&tree, 3), 1);
        let cycle = vec![(1, Some(3)), (2, Some(1)), (3, Some(2))];
        assert_eq!(depth(&cycle, 1), None);
    }
}
