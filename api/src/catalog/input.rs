//! What staff send to create or change a product, and the rules it must follow before it
//! touches the database. Pure: every rule here is checked without a connection, and each broken
//! rule becomes one `Violation` with the path of its field.

use shared::{CategoryId, ChannelId, MAX_AMOUNT, MediaId, VariantId};

use super::ProductStatus;
use crate::validation::{Violation, ViolationCode};

pub const NAME_MAX: usize = 200;
pub const SLUG_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 2_000;
pub const SKU_MAX: usize = 64;
pub const OPTIONS_MAX: usize = 3;
pub const OPTION_NAME_MAX: usize = 30;
pub const OPTION_VALUE_MAX: usize = 50;
pub const VARIANTS_MAX: usize = 100;
pub const CATEGORIES_MAX: usize = 20;
pub const IMAGES_MAX: usize = 20;
pub const STOCK_MAX: i64 = 1_000_000_000;
pub const WEIGHT_MAX: i32 = 1_000_000;

/// A product as staff want it to be (create, or the result of applying an update).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDraft {
    pub name: String,
    /// `None`: made from the name (on create) or kept (on update).
    pub slug: Option<String>,
    pub description: String,
    pub status: ProductStatus,
    pub option_names: Vec<String>,
    pub category_ids: Vec<CategoryId>,
    /// The channels the product is listed in, and whether shoppers there see it.
    pub channels: Vec<ChannelDraft>,
    pub variants: Vec<VariantDraft>,
    /// Images from the media library, in display order (the first is the thumbnail).
    pub images: Vec<MediaId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelDraft {
    pub channel_id: ChannelId,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantDraft {
    /// An existing variant to change; `None`: matched by SKU, or new.
    pub id: Option<VariantId>,
    pub sku: String,
    pub option_values: Vec<String>,
    pub weight_grams: Option<i32>,
    pub stock_quantity: i64,
    /// The stock the editor read (for an existing variant): the new count is written only if
    /// the stock is still that (or already the new count), so a save never overwrites units an
    /// order took meanwhile. `None` sets the count as given.
    pub expected_stock: Option<i64>,
    pub sell_when_out_of_stock: bool,
    pub prices: Vec<PriceDraft>,
    /// One of the product's images, shown when the variant is chosen.
    pub image: Option<MediaId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceDraft {
    pub channel_id: ChannelId,
    /// Minor units of the channel's currency.
    pub amount: i64,
    pub compare_at: Option<i64>,
}

/// Changes to a product: `None` keeps a field as it is. `variants`, when given, is the whole new
/// set: variants left out are removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductPatch {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub status: Option<ProductStatus>,
    pub option_names: Option<Vec<String>>,
    pub category_ids: Option<Vec<CategoryId>>,
    pub channels: Option<Vec<ChannelDraft>>,
    pub variants: Option<Vec<VariantDraft>>,
    pub images: Option<Vec<MediaId>>,
}

impl ProductPatch {
    /// `current` with this patch applied (the slug only when the patch names one).
    pub fn apply(self, current: ProductDraft) -> ProductDraft {
        ProductDraft {
            name: self.name.unwrap_or(current.name),
            slug: self.slug.or(current.slug),
            description: self.description.unwrap_or(current.description),
            status: self.status.unwrap_or(current.status),
            option_names: self.option_names.unwrap_or(current.option_names),
            category_ids: self.category_ids.unwrap_or(current.category_ids),
            channels: self.channels.unwrap_or(current.channels),
            variants: self.variants.unwrap_or(current.variants),
            images: self.images.unwrap_or(current.images),
        }
    }
}

/// Whether `c` may appear in a slug: lower-case ASCII letters, digits, Hangul syllables.
fn slug_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// A URL-safe slug from a name: `"단백질 쉐이크 (14포)"` → `"단백질-쉐이크-14포"`. Empty when the
/// name has no letter or digit.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if slug_char(c) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars()
        .take(SLUG_MAX)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// The slug a name gives, or `fallback` when it gives none.
pub fn slug_base(name: &str, fallback: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { fallback.to_owned() } else { s }
}

/// The escaped `LIKE` pattern of every slug starting with `base`.
pub fn prefix_pattern(base: &str) -> String {
    let escaped = base
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("{escaped}%")
}

/// `base`, or `base-2`, `base-3`… whichever is not in `taken` (the slugs starting with `base`).
pub fn free_slug(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|s| s == base) {
        return base.to_owned();
    }
    let n = (2..)
        .find(|n| !taken.contains(&format!("{base}-{n}")))
        .unwrap_or(2);
    format!("{base}-{n}")
}

/// Checks a slug given by staff: what is wrong with it, if anything.
pub fn check_slug(slug: &str) -> Option<(ViolationCode, String)> {
    if slug.is_empty() {
        return Some((
            ViolationCode::Blank,
            "enter a slug, or leave it out to make one from the name".into(),
        ));
    }
    if slug.chars().count() > SLUG_MAX {
        return Some((
            ViolationCode::TooLong,
            format!("use at most {SLUG_MAX} characters"),
        ));
    }
    let parts_ok = slug
        .split('-')
        .all(|p| !p.is_empty() && p.chars().all(slug_char));
    if !parts_ok {
        return Some((
            ViolationCode::Invalid,
            format!(
                "use lower-case letters, digits, Hangul and single hyphens between them (e.g. \"{}\")",
                slugify(slug)
            ),
        ));
    }
    None
}

/// The stored form of a SKU: trimmed, upper-case (SKUs compare without case).
pub fn normalize_sku(sku: &str) -> String {
    sku.trim().to_ascii_uppercase()
}

/// Trims the text fields and checks every rule that needs no database. On success the draft is
/// ready to store (SKUs normalised).
pub fn validate(draft: &mut ProductDraft) -> Result<(), Vec<Violation>> {
    let mut errors = Vec::new();
    let mut err = |field: Vec<String>, code: ViolationCode, message: String| {
        errors.push(Violation {
            field,
            code,
            message,
        })
    };
    let f = |parts: &[&str]| parts.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();

    draft.name = draft.name.trim().to_owned();
    if draft.name.is_empty() {
        err(
            f(&["name"]),
            ViolationCode::Blank,
            "enter the product's name".into(),
        );
    } else if draft.name.chars().count() > NAME_MAX {
        err(
            f(&["name"]),
            ViolationCode::TooLong,
            format!("use at most {NAME_MAX} characters"),
        );
    }
    if let Some(slug) = &mut draft.slug {
        *slug = slug.trim().to_owned();
        if let Some((code, message)) = check_slug(slug) {
            err(f(&["slug"]), code, message);
        }
    }
    draft.description = draft.description.trim().to_owned();
    if draft.description.chars().count() > DESCRIPTION_MAX {
        err(
            f(&["description"]),
            ViolationCode::TooLong,
            format!("use at most {DESCRIPTION_MAX} characters"),
        );
    }

    // Options: up to three distinct names.
    for name in &mut draft.option_names {
        *name = name.trim().to_owned();
    }
    if draft.option_names.len() > OPTIONS_MAX {
        err(
            f(&["options"]),
            ViolationCode::TooLong,
            format!("a product has at most {OPTIONS_MAX} options"),
        );
    }
    for (i, name) in draft.option_names.iter().enumerate() {
        let field = f(&["options", &i.to_string()]);
        if name.is_empty() {
            err(
                field,
                ViolationCode::Blank,
                "name the option (e.g. 맛, 용량)".into(),
            );
        } else if name.chars().count() > OPTION_NAME_MAX {
            err(
                field,
                ViolationCode::TooLong,
                format!("use at most {OPTION_NAME_MAX} characters"),
            );
        } else if draft.option_names[..i].contains(name) {
            err(
                field,
                ViolationCode::Taken,
                format!("the option \"{name}\" is named twice"),
            );
        }
    }

    if draft.category_ids.len() > CATEGORIES_MAX {
        err(
            f(&["categories"]),
            ViolationCode::TooLong,
            format!("a product is in at most {CATEGORIES_MAX} categories"),
        );
    }
    for (i, id) in draft.category_ids.iter().enumerate() {
        if draft.category_ids[..i].contains(id) {
            err(
                f(&["categories", &i.to_string()]),
                ViolationCode::Taken,
                format!("category {id} is listed twice"),
            );
        }
    }
    if draft.images.len() > IMAGES_MAX {
        err(
            f(&["images"]),
            ViolationCode::TooLong,
            format!("a product has at most {IMAGES_MAX} images"),
        );
    }
    for (i, id) in draft.images.iter().enumerate() {
        if draft.images[..i].contains(id) {
            err(
                f(&["images", &i.to_string()]),
                ViolationCode::Taken,
                format!("image {id} is listed twice"),
            );
        }
    }
    for (i, c) in draft.channels.iter().enumerate() {
        if draft.channels[..i]
            .iter()
            .any(|o| o.channel_id == c.channel_id)
        {
            err(
                f(&["channels", &i.to_string(), "channel"]),
                ViolationCode::Taken,
                format!("channel {} is listed twice", c.channel_id),
            );
        }
    }

    // Variants.
    if draft.variants.is_empty() {
        err(
            f(&["variants"]),
            ViolationCode::Blank,
            "a product needs at least one variant (its SKU, price and stock)".into(),
        );
    } else if draft.variants.len() > VARIANTS_MAX {
        err(
            f(&["variants"]),
            ViolationCode::TooLong,
            format!("a product has at most {VARIANTS_MAX} variants"),
        );
    }
    let option_count = draft.option_names.len();
    if option_count == 0 && draft.variants.len() > 1 {
        err(
            f(&["options"]),
            ViolationCode::Blank,
            "name at least one option (e.g. 맛) so shoppers can tell the variants apart".into(),
        );
    }
    for v in &mut draft.variants {
        v.sku = normalize_sku(&v.sku);
        for value in &mut v.option_values {
            *value = value.trim().to_owned();
        }
    }
    for (i, v) in draft.variants.iter().enumerate() {
        let at = |rest: &[&str]| {
            let mut p = vec!["variants".to_owned(), i.to_string()];
            p.extend(rest.iter().map(|s| (*s).to_owned()));
            p
        };
        if v.sku.is_empty() {
            err(
                at(&["sku"]),
                ViolationCode::Blank,
                "enter the variant's SKU".into(),
            );
        } else if v.sku.len() > SKU_MAX {
            err(
                at(&["sku"]),
                ViolationCode::TooLong,
                format!("use at most {SKU_MAX} characters"),
            );
        } else if !v
            .sku
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            err(
                at(&["sku"]),
                ViolationCode::Invalid,
                "use letters, digits, '-', '_' and '.' only".into(),
            );
        } else if draft.variants[..i].iter().any(|o| o.sku == v.sku) {
            err(
                at(&["sku"]),
                ViolationCode::Taken,
                format!("SKU {} is used by another variant of this product", v.sku),
            );
        }
        if let Some(id) = v.id
            && draft.variants[..i].iter().any(|o| o.id == Some(id))
        {
            err(
                at(&["id"]),
                ViolationCode::Taken,
                format!("variant {id} is listed twice"),
            );
        }
        if v.option_values.len() != option_count {
            err(
                at(&["optionValues"]),
                ViolationCode::Invalid,
                format!(
                    "give one value per option ({option_count}: {})",
                    draft.option_names.join(", ")
                ),
            );
        } else {
            for (j, value) in v.option_values.iter().enumerate() {
                if value.is_empty() {
                    err(
                        at(&["optionValues", &j.to_string()]),
                        ViolationCode::Blank,
                        format!("enter a value for {}", draft.option_names[j]),
                    );
                } else if value.chars().count() > OPTION_VALUE_MAX {
                    err(
                        at(&["optionValues", &j.to_string()]),
                        ViolationCode::TooLong,
                        format!("use at most {OPTION_VALUE_MAX} characters"),
                    );
                }
            }
            if option_count > 0
                && draft.variants[..i]
                    .iter()
                    .any(|o| o.option_values == v.option_values)
            {
                err(
                    at(&["optionValues"]),
                    ViolationCode::Taken,
                    format!("another variant already is {}", v.option_values.join(" / ")),
                );
            }
        }
        if let Some(image) = v.image
            && !draft.images.contains(&image)
        {
            err(
                at(&["image"]),
                ViolationCode::Invalid,
                format!(
                    "image {image} is not one of the product's images; add it to `images` first"
                ),
            );
        }
        if !(0..=STOCK_MAX).contains(&v.stock_quantity) {
            err(
                at(&["stock"]),
                ViolationCode::OutOfRange,
                format!("stock must be between 0 and {STOCK_MAX}"),
            );
        }
        if let Some(w) = v.weight_grams
            && !(0..=WEIGHT_MAX).contains(&w)
        {
            err(
                at(&["weightGrams"]),
                ViolationCode::OutOfRange,
                format!("weight must be between 0 and {WEIGHT_MAX} grams"),
            );
        }
        for (j, p) in v.prices.iter().enumerate() {
            let pf = |name: &str| at(&["prices", &j.to_string(), name]);
            if !(0..=MAX_AMOUNT).contains(&p.amount) {
                err(
                    pf("amount"),
                    ViolationCode::OutOfRange,
                    format!("a price must be between 0 and {MAX_AMOUNT}"),
                );
            }
            if let Some(c) = p.compare_at
                && c <= p.amount
            {
                err(
                    pf("compareAtAmount"),
                    ViolationCode::OutOfRange,
                    "the compare-at price must be higher than the price".into(),
                );
            }
            if v.prices[..j].iter().any(|o| o.channel_id == p.channel_id) {
                err(
                    pf("channel"),
                    ViolationCode::Taken,
                    format!("channel {} is priced twice", p.channel_id),
                );
            } else if !draft.channels.iter().any(|c| c.channel_id == p.channel_id) {
                err(
                    pf("channel"),
                    ViolationCode::Invalid,
                    format!(
                        "the product is not listed in channel {}; add it to `channels` first",
                        p.channel_id
                    ),
                );
            }
        }
        for c in &draft.channels {
            if !v.prices.iter().any(|p| p.channel_id == c.channel_id) {
                err(
                    at(&["prices"]),
                    ViolationCode::Blank,
                    format!(
                        "give a price in channel {}, where the product is listed",
                        c.channel_id
                    ),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(sku: &str, values: &[&str]) -> VariantDraft {
        VariantDraft {
            id: None,
            sku: sku.into(),
            option_values: values.iter().map(|s| (*s).to_owned()).collect(),
            weight_grams: Some(500),
            stock_quantity: 10,
            expected_stock: None,
            sell_when_out_of_stock: false,
            prices: vec![PriceDraft {
                channel_id: ChannelId(1),
                amount: 12_900,
                compare_at: None,
            }],
            image: None,
        }
    }

    fn draft() -> ProductDraft {
        ProductDraft {
            name: " 단백질 쉐이크 ".into(),
            slug: None,
            description: String::new(),
            status: ProductStatus::Draft,
            option_names: vec!["맛".into()],
            category_ids: vec![],
            channels: vec![ChannelDraft {
                channel_id: ChannelId(1),
                published: true,
            }],
            variants: vec![
                variant("shake-choco", &["초코"]),
                variant("SHAKE-VANILLA", &["바닐라"]),
            ],
            images: vec![],
        }
    }

    fn codes(d: ProductDraft) -> Vec<(String, ViolationCode)> {
        let mut d = d;
        validate(&mut d)
            .unwrap_err()
            .into_iter()
            .map(|v| (v.field.join("."), v.code))
            .collect()
    }

    #[test]
    fn slugs_keep_hangul_and_drop_punctuation() {
        assert_eq!(
            slugify("단백질 쉐이크 초코맛 (14포)"),
            "단백질-쉐이크-초코맛-14포"
        );
        assert_eq!(slugify("  Oat GRANOLA -- 500g! "), "oat-granola-500g");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify(&"가".repeat(300)).chars().count(), SLUG_MAX);
        let taken = ["oat".to_owned(), "oat-2".to_owned(), "oats".to_owned()];
        assert_eq!(free_slug("oat", &taken), "oat-3");
        assert_eq!(free_slug("rice", &taken), "rice");
        assert_eq!(slug_base("!!!", "collection"), "collection");
        assert_eq!(prefix_pattern("a_b%"), "a\\_b\\%%");
        assert!(check_slug("protein-shake").is_none());
        assert!(check_slug("단백질-쉐이크").is_none());
        for bad in [
            "",
            "Upper",
            "two--hyphens",
            "-lead",
            "trail-",
            "spa ce",
            "slash/x",
        ] {
            assert!(check_slug(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn a_good_draft_is_trimmed_and_normalised() {
        let mut d = draft();
        validate(&mut d).unwrap();
        assert_eq!(d.name, "단백질 쉐이크");
        assert_eq!(d.variants[0].sku, "SHAKE-CHOCO");
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        let mut d = draft();
        d.name = "  ".into();
        d.variants[1].sku = "shake-choco".into();
        d.variants[0].stock_quantity = -1;
        d.variants[0].prices[0].amount = -5;
        d.variants[1].prices[0].compare_at = Some(100);
        d.variants[1].option_values = vec![];
        let got = codes(d);
        assert!(
            got.contains(&("name".into(), ViolationCode::Blank)),
            "{got:?}"
        );
        assert!(
            got.contains(&("variants.1.sku".into(), ViolationCode::Taken)),
            "{got:?}"
        );
        assert!(
            got.contains(&("variants.0.stock".into(), ViolationCode::OutOfRange)),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "variants.0.prices.0.amount".into(),
                ViolationCode::OutOfRange
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "variants.1.prices.0.compareAtAmount".into(),
                ViolationCode::OutOfRange
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&("variants.1.optionValues".into(), ViolationCode::Invalid)),
            "{got:?}"
        );
    }

    #[test]
    fn variants_differ_and_are_priced_where_listed() {
        let mut d = draft();
        d.variants[1].option_values = vec!["초코".into()];
        d.channels.push(ChannelDraft {
            channel_id: ChannelId(2),
            published: true,
        });
        d.variants[0].prices.push(PriceDraft {
            channel_id: ChannelId(3),
            amount: 1,
            compare_at: None,
        });
        let got = codes(d);
        assert!(
            got.contains(&("variants.1.optionValues".into(), ViolationCode::Taken)),
            "{got:?}"
        );
        assert!(
            got.contains(&("variants.0.prices".into(), ViolationCode::Blank)),
            "{got:?}"
        );
        assert!(
            got.contains(&("variants.0.prices.1.channel".into(), ViolationCode::Invalid)),
            "{got:?}"
        );
        let mut d = draft();
        d.variants.clear();
        assert_eq!(codes(d), vec![("variants".into(), ViolationCode::Blank)]);
        let mut d = draft();
        d.name = "가".repeat(NAME_MAX + 1);
        d.option_names = vec!["a".into(), "b".into(), "c".into(), "a".into()];
        let got = codes(d);
        assert!(
            got.contains(&("name".into(), ViolationCode::TooLong)),
            "{got:?}"
        );
        assert!(
            got.contains(&("options".into(), ViolationCode::TooLong)),
            "{got:?}"
        );
        assert!(
            got.contains(&("options.3".into(), ViolationCode::Taken)),
            "{got:?}"
        );
    }
}
