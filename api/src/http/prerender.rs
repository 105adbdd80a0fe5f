//! The static body of a storefront catalog page: the page as the app draws it (same elements,
//! same CSS classes, the same words from `shared::text::storefront`), so a shopper reads the
//! product's name, price and picture before the app has loaded, or without JavaScript at all,
//! and a crawler reads the page's links. It is written into `<div id="prerender">`; the app
//! mounts hidden beside it and, once its own page has its data, shows itself and removes this
//! one in the same frame (`storefront/src/prerender.rs`), so nothing moves.
//!
//! Only what works without JavaScript is live: links, and the search form (a plain `GET
//! /search`). Buttons that need the app are drawn but do nothing until it takes over. No element
//! carries an `id` the app uses. Every text and attribute is escaped.

use std::fmt::Write;

use shared::text::storefront::Messages;

use super::shell::{ImageUrl, escape_html};
use crate::catalog::model::{Availability, Category, Collection, ShopListItem};
use crate::catalog::pages::{self, Page};
use crate::channel::Channel;
use crate::channel::seller::Seller;
use crate::media::imaging::Size;
use shared::image::{CARD_SIZES, GALLERY_SIZES, srcset};

/// The id of the element holding the static page (and the app's cue to take over).
pub const ROOT_ID: &str = "prerender";

/// What the static page is drawn with.
pub struct Prerender<'a> {
    pub channel: &'a Channel,
    pub text: &'static Messages,
    /// The whole category tree, in display order.
    pub categories: &'a [Category],
    /// Who sells here (the footer).
    pub seller: &'a Seller,
    /// An image's URL as the API gives it to the app (so the app's images are the same
    /// requests, already in the browser's cache when it takes over).
    pub image_url: ImageUrl<'a>,
}

impl Prerender<'_> {
    /// The static page for `page`, or `None` where the app alone draws it.
    pub fn render(&self, page: &Page) -> Option<String> {
        let main = match page {
            Page::Product(item) => self.product(item),
            Page::Home {
                collections,
                items,
                more,
            } => self.home(collections, items, *more),
            Page::Category { trail, items, more } => self.category(trail, items, *more),
            Page::Collection {
                collection,
                items,
                more,
            } => self.collection(collection, items, *more),
            Page::Search { query, items, more } => self.search(query, items.as_deref(), *more)?,
        };
        let mut out = String::with_capacity(main.len() + 2048);
        let _ = write!(out, "<div id=\"{ROOT_ID}\">");
        out.push_str(&self.header());
        let _ = write!(
            out,
            "<main class=\"prerendered\" id=\"prerendered-main\" tabindex=\"-1\">{main}</main>"
        );
        out.push_str(&self.footer());
        out.push_str("</div>");
        Some(out)
    }

    fn header(&self) -> String {
        let t = self.text;
        let e = escape_html;
        let mut nav = String::new();
        let mut top: Vec<&Category> = self
            .categories
            .iter()
            .filter(|c| c.parent_id.is_none())
            .collect();
        top.sort_by_key(|c| c.position);
        for c in top {
            let _ = write!(
                nav,
                "<a href=\"/category/{}\">{}</a>",
                e(&c.slug),
                e(&c.name)
            );
        }
        format!(
            "<a class=\"skip-link\" href=\"#prerendered-main\">{skip}</a>\
             <header class=\"site-header\">\
             <a href=\"/\" class=\"brand\">{shop}</a>\
             <form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\
             <label class=\"visually-hidden\" for=\"prerendered-search\">{search_label}</label>\
             <input type=\"search\" id=\"prerendered-search\" name=\"q\" required autocomplete=\"off\" \
             enterkeyhint=\"search\" placeholder=\"{placeholder}\">\
             <button type=\"submit\">{search}</button></form>\
             <div class=\"header-actions\">\
             <nav class=\"account-nav\" aria-label=\"{account}\">\
             <a href=\"/account/login\">{login}</a><a href=\"/account/register\">{register}</a></nav>\
             <div class=\"mini-cart\"><button type=\"button\" aria-label=\"{cart_label}\">\
             <span class=\"cart-word\">{cart}</span> <span class=\"cart-count\">0</span></button></div>\
             <button type=\"button\" class=\"lang-switch\" aria-label=\"{switch}\">{other}</button>\
             </div>\
             </header>\
             <nav class=\"categories\" aria-label=\"{categories}\">{nav}</nav>",
            skip = e(t.skip_to_content),
            shop = e(&self.channel.name),
            search_label = e(t.search_label),
            placeholder = e(t.search_placeholder),
            search = e(t.search_submit),
            account = e(t.account_nav_label),
            login = e(t.nav_login),
            register = e(t.nav_register),
            cart_label = e(&t.mini_cart_label.replace("{n}", "0")),
            cart = e(t.nav_cart),
            switch = e(t.switch_language),
            other = e(t.other_language_name),
            categories = e(t.categories_label),
        )
    }

    /// The footer, as `app.rs` draws it: links, the language switch, the seller details.
    fn footer(&self) -> String {
        let t = self.text;
        let e = escape_html;
        let mut out = format!(
            "<footer class=\"site-footer\"><p class=\"footer-links\"><a href=\"/orders/lookup\">{}</a> · {}\
             <button type=\"button\" class=\"lang-switch\" aria-label=\"{}\">{}</button></p>",
            e(t.order_lookup_title),
            e(t.footer_note),
            e(t.switch_language),
            e(t.other_language_name)
        );
        let s = self.seller;
        // In the order of `seller_labels` (as `client::shop::Seller::values` gives them).
        let values = [
            s.business_name.as_str(),
            &s.representative,
            &s.registration_number,
            &s.mail_order_number,
            &s.address,
            &s.phone,
            &s.email,
            &s.hours,
            &s.privacy_officer,
            &s.hosting_provider,
        ];
        let html = shared::text::storefront::seller_html(t, values, &s.escrow_notice);
        let _ = write!(out, "<div class=\"seller-block\">{html}</div>");
        out.push_str("</footer>");
        out
    }

    /// The ` srcset="…" sizes="…"` attributes of `image` over the renditions `sizes` (smallest
    /// first) drawn at `drawn` widths; nothing while the renditions are being made.
    fn srcset(&self, image: &crate::media::Media, sizes: &[Size], drawn: &str) -> String {
        let urls: Vec<(Size, String)> = sizes
            .iter()
            .map(|&size| (size, (self.image_url)(image, size)))
            .collect();
        let candidates = srcset(i64::from(image.width), i64::from(image.height), &urls);
        if candidates.is_empty() {
            return String::new();
        }
        format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape_html(&candidates),
            escape_html(drawn)
        )
    }

    /// A listing's product card, as `storefront/src/pages/catalog/card.rs` draws it; `eager`
    /// for the pictures above the fold.
    fn card(&self, item: &ShopListItem, nested: bool, eager: bool) -> String {
        let t = self.text;
        let e = escape_html;
        let product = &item.product;
        let thumb = match item.images.first() {
            Some(image) => format!(
                "<div class=\"product-thumb\"><img class=\"product-image\"{} src=\"{}\" \
                 alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"{}\" decoding=\"async\"></div>",
                self.srcset(image, &[Size::Thumbnail, Size::Listing], CARD_SIZES),
                e(&(self.image_url)(image, Size::Listing)),
                e(&image.alt),
                image.width,
                image.height,
                if eager { "eager" } else { "lazy" }
            ),
            None => format!(
                "<div class=\"product-thumb\" aria-hidden=\"true\">{}</div>",
                e(&product
                    .name
                    .chars()
                    .next()
                    .map(String::from)
                    .unwrap_or_default())
            ),
        };
        let level = if nested { "h3" } else { "h2" };
        let mut out = format!(
            "<li class=\"product-card\" data-slug=\"{slug}\"><a class=\"product-link\" \
             href=\"/products/{slug}\">{thumb}<{level} class=\"product-name\">{name}</{level}>\
             <p class=\"product-price\">{discount}{price}</p>",
            slug = e(&product.slug),
            name = e(&product.name),
            discount = match discount(item.price, item.compare_at) {
                d if d.is_empty() => d,
                d => d + " ",
            },
            price = e(&item.price.format()),
        );
        if let Some(was) = item.compare_at {
            let _ = write!(
                out,
                "<p class=\"product-was\"><span class=\"visually-hidden\">{}</span>\
                 <s class=\"compare-at\">{}</s></p>",
                e(t.compare_at_label),
                e(&was.format())
            );
        }
        if !item.available {
            let _ = write!(out, "<span class=\"sold-out\">{}</span>", e(t.sold_out));
        }
        out.push_str("</a></li>");
        out
    }

    /// A grid of cards, or the listing's empty line; the first `eager` pictures load at once.
    fn grid(&self, items: &[ShopListItem], nested: bool, eager: usize) -> String {
        if items.is_empty() {
            return format!(
                "<p class=\"status empty\">{}</p>",
                escape_html(self.text.empty_catalog)
            );
        }
        let mut out = String::from("<ul class=\"product-grid\">");
        for (i, item) in items.iter().enumerate() {
            out.push_str(&self.card(item, nested, i < eager));
        }
        out.push_str("</ul>");
        out
    }

    /// The home page, as `storefront/src/pages/home.rs` draws it: the featured collections,
    /// then every product, newest first.
    fn home(
        &self,
        collections: &[(Collection, Vec<ShopListItem>)],
        items: &[ShopListItem],
        more: bool,
    ) -> String {
        let t = self.text;
        let e = escape_html;
        let mut out = String::new();
        // A phone's first screen holds about two cards.
        let mut eager = 2;
        for (collection, products) in collections {
            let slug = e(&collection.slug);
            let _ = write!(
                out,
                "<section class=\"collection-section\" data-collection=\"{slug}\" \
                 aria-labelledby=\"prerendered-collection-{slug}\">\
                 <h2 id=\"prerendered-collection-{slug}\"><a href=\"/collections/{slug}\" \
                 class=\"collection-link\">{}</a></h2>",
                e(&collection.name)
            );
            if !collection.description.is_empty() {
                let _ = write!(
                    out,
                    "<p class=\"collection-description\">{}</p>",
                    e(&collection.description)
                );
            }
            out.push_str(&self.grid(products, true, eager));
            eager = eager.saturating_sub(products.len());
            out.push_str("</section>");
        }
        let _ = write!(
            out,
            "<section class=\"catalog all-products\" aria-labelledby=\"prerendered-catalog-heading\">\
             <h1 id=\"prerendered-catalog-heading\">{}</h1>{}</section>",
            e(t.products_heading),
            self.listing(items, more, t.empty_catalog, eager)
        );
        out
    }

    /// A listing's products as `ProductListing` shows its first page: the grid and "more", or
    /// the empty line; the first `eager` pictures load at once.
    fn listing(&self, items: &[ShopListItem], more: bool, empty: &str, eager: usize) -> String {
        let mut out = String::from("<div class=\"listing\" aria-busy=\"false\">");
        if items.is_empty() {
            let _ = write!(out, "<p class=\"status empty\">{}</p>", escape_html(empty));
        } else {
            out.push_str(&self.grid(items, false, eager));
            if more {
                let _ = write!(
                    out,
                    "<div class=\"more\"><button type=\"button\" class=\"load-more\">{}</button></div>",
                    escape_html(self.text.load_more)
                );
            }
        }
        out.push_str("</div>");
        out
    }

    /// The filter bar of a listing, as `FilterBar` draws it with no filter chosen (pages with
    /// filters in their address are not drawn). Its controls need the app.
    fn filters(&self, sorts: &[&str]) -> String {
        let t = self.text;
        let e = escape_html;
        let mut options = String::new();
        for (i, code) in sorts.iter().enumerate() {
            let _ = write!(
                options,
                "<option value=\"{code}\"{}>{}</option>",
                if i == 0 { " selected" } else { "" },
                e(t.sort(code))
            );
        }
        format!(
            "<form class=\"filters\" aria-label=\"{filters}\">\
             <div class=\"filter price-range\"><label for=\"prerendered-min-price\">{min}</label>\
             <input type=\"number\" id=\"prerendered-min-price\" min=\"0\" step=\"1\" inputmode=\"numeric\">\
             <span aria-hidden=\"true\">~</span><label for=\"prerendered-max-price\">{max}</label>\
             <input type=\"number\" id=\"prerendered-max-price\" min=\"0\" step=\"1\" inputmode=\"numeric\">\
             <button type=\"button\" class=\"apply\">{apply}</button></div>\
             <div class=\"filter in-stock\"><input type=\"checkbox\" id=\"prerendered-in-stock\">\
             <label for=\"prerendered-in-stock\">{in_stock}</label></div>\
             <div class=\"filter sort\"><label for=\"prerendered-sort\">{sort}</label>\
             <select id=\"prerendered-sort\">{options}</select></div></form>",
            filters = e(t.filters_label),
            min = e(t.filter_min_price),
            max = e(t.filter_max_price),
            apply = e(t.filter_apply),
            in_stock = e(t.filter_in_stock),
            sort = e(t.sort_label),
        )
    }

    /// A category page, as `pages/catalog/category.rs` draws it.
    fn category(&self, trail: &[Category], items: &[ShopListItem], more: bool) -> String {
        let t = self.text;
        let e = escape_html;
        let Some((category, above)) = trail.split_last() else {
            return String::new();
        };
        let mut out = String::from(
            "<section class=\"catalog category-page\" aria-labelledby=\"prerendered-category-heading\">",
        );
        if !above.is_empty() {
            out.push_str(&self.crumbs(above));
        }
        let _ = write!(
            out,
            "<h1 id=\"prerendered-category-heading\">{}</h1>",
            e(&category.name)
        );
        if !category.description.is_empty() {
            let _ = write!(
                out,
                "<p class=\"category-description\">{}</p>",
                e(&category.description)
            );
        }
        let mut below: Vec<&Category> = self
            .categories
            .iter()
            .filter(|c| c.parent_id == Some(category.id))
            .collect();
        below.sort_by_key(|c| c.position);
        if !below.is_empty() {
            let _ = write!(
                out,
                "<nav class=\"subcategories\" aria-label=\"{}\">",
                e(t.subcategories_label)
            );
            for c in below {
                let _ = write!(
                    out,
                    "<a href=\"/category/{}\">{}</a>",
                    e(&c.slug),
                    e(&c.name)
                );
            }
            out.push_str("</nav>");
        }
        out.push_str(&self.filters(&shared::text::storefront::SORTS));
        out.push_str(&self.listing(items, more, t.no_results, 2));
        out.push_str("</section>");
        out
    }

    /// A collection page, as `pages/catalog/collection.rs` draws it.
    fn collection(&self, collection: &Collection, items: &[ShopListItem], more: bool) -> String {
        let e = escape_html;
        let mut out = format!(
            "<section class=\"catalog collection-page\" aria-labelledby=\"prerendered-collection-heading\">\
             <h1 id=\"prerendered-collection-heading\" data-collection=\"{}\">{}</h1>",
            e(&collection.slug),
            e(&collection.name)
        );
        if !collection.description.is_empty() {
            let _ = write!(
                out,
                "<p class=\"collection-description\">{}</p>",
                e(&collection.description)
            );
        }
        out.push_str(&self.filters(&shared::text::storefront::COLLECTION_SORTS));
        out.push_str(&self.listing(items, more, self.text.no_results, 2));
        out.push_str("</section>");
        out
    }

    /// The search page, as `pages/catalog/search.rs` draws it: the prompt without a query, else
    /// the results' first page. `None` (not drawn) for a search the catalog refused.
    fn search(&self, query: &str, items: Option<&[ShopListItem]>, more: bool) -> Option<String> {
        let t = self.text;
        let e = escape_html;
        let mut out = String::from(
            "<section class=\"catalog search-page\" aria-labelledby=\"prerendered-search-heading\">",
        );
        if query.is_empty() {
            let _ = write!(
                out,
                "<h1 id=\"prerendered-search-heading\">{}</h1><p class=\"status empty\">{}</p>",
                e(t.search_title),
                e(t.search_prompt)
            );
        } else {
            let _ = write!(
                out,
                "<h1 id=\"prerendered-search-heading\">{}</h1>",
                e(&t.search_results.replace("{q}", query))
            );
            out.push_str(&self.filters(&shared::text::storefront::SORTS));
            out.push_str(&self.listing(items?, more, t.no_results, 2));
        }
        out.push_str("</section>");
        Some(out)
    }

    /// Links from home down `trail`, as `Breadcrumbs` draws them.
    fn crumbs(&self, trail: &[Category]) -> String {
        let t = self.text;
        let mut out = format!(
            "<nav class=\"breadcrumbs\" aria-label=\"{}\"><ol><li><a href=\"/\">{}</a></li>",
            escape_html(t.breadcrumb_label),
            escape_html(t.breadcrumb_home)
        );
        for c in trail {
            let _ = write!(
                out,
                "<li><a href=\"/category/{}\">{}</a></li>",
                escape_html(&c.slug),
                escape_html(&c.name)
            );
        }
        out.push_str("</ol></nav>");
        out
    }

    /// From home down the trail of the product's first category.
    fn breadcrumbs(&self, item: &ShopListItem) -> String {
        let trail = item
            .categories
            .first()
            .and_then(|first| pages::trail(self.categories, &first.slug))
            .unwrap_or_default();
        self.crumbs(&trail)
    }

    fn gallery(&self, item: &ShopListItem, shown: usize) -> String {
        let t = self.text;
        let name = &item.product.name;
        let Some(main) = item.images.get(shown).or(item.images.first()) else {
            let initial: String = name.chars().next().map(String::from).unwrap_or_default();
            return format!(
                "<div class=\"gallery\"><div class=\"product-thumb\" aria-hidden=\"true\">{}</div></div>",
                escape_html(&initial)
            );
        };
        let alt = if main.alt.trim().is_empty() {
            name
        } else {
            &main.alt
        };
        let mut out = format!(
            "<div class=\"gallery\"><img class=\"gallery-main\"{} src=\"{}\" alt=\"{}\" \
             width=\"{}\" height=\"{}\" fetchpriority=\"high\">",
            self.srcset(main, &[Size::Listing, Size::Detail], GALLERY_SIZES),
            escape_html(&(self.image_url)(main, Size::Detail)),
            escape_html(alt),
            main.width,
            main.height
        );
        let total = item.images.len();
        if total > 1 {
            let _ = write!(
                out,
                "<ul class=\"gallery-thumbs\" aria-label=\"{}\">",
                escape_html(t.gallery_label)
            );
            for (index, image) in item.images.iter().enumerate() {
                let label = t
                    .gallery_show
                    .replace("{n}", &(index + 1).to_string())
                    .replace("{total}", &total.to_string());
                let _ = write!(
                    out,
                    "<li><button type=\"button\" class=\"gallery-thumb\" aria-label=\"{}\" \
                     aria-pressed=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\" \
                     loading=\"lazy\" decoding=\"async\"></button></li>",
                    escape_html(&label),
                    index == shown,
                    escape_html(&(self.image_url)(image, Size::Thumbnail)),
                    escape_html(&image.alt),
                    image.width,
                    image.height
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
        out
    }

    fn product(&self, item: &ShopListItem) -> String {
        let t = self.text;
        let e = escape_html;
        let product = &item.product;
        // The variant the app picks first: the first that can be bought, else the first.
        let picked = item
            .variants
            .iter()
            .position(|v| v.availability != Availability::OutOfStock)
            .unwrap_or(0);
        let variant = item.variants.get(picked);
        let shown = variant
            .and_then(|v| v.image)
            .and_then(|id| item.images.iter().position(|m| m.id == id))
            .unwrap_or(0);
        let (price, compare_at, availability) = match variant {
            Some(v) => (v.price, v.compare_at, v.availability),
            None => (
                item.price,
                item.compare_at,
                if item.available {
                    Availability::InStock
                } else {
                    Availability::OutOfStock
                },
            ),
        };
        let mut out = format!(
            "<div class=\"product-page\"><article class=\"product-detail\" data-slug=\"{}\">{}\
             <div class=\"product-main\">{}<div class=\"product-summary\">\
             <h1 class=\"product-title\">{}</h1>",
            e(&product.slug),
            self.breadcrumbs(item),
            self.gallery(item, shown),
            e(&product.name)
        );
        if !product.description.is_empty() {
            let _ = write!(
                out,
                "<p class=\"product-description\">{}</p>",
                e(&product.description)
            );
        }
        out.push_str("<p class=\"variant-price\">");
        out.push_str(&discount(price, compare_at));
        let _ = write!(
            out,
            "<strong class=\"price\">{}</strong>",
            e(&price.format())
        );
        if let Some(was) = compare_at {
            let _ = write!(
                out,
                "<span class=\"visually-hidden\">{}</span><s class=\"compare-at\">{}</s>",
                e(t.compare_at_label),
                e(&was.format())
            );
        }
        // The purchase box: a sheet along the bottom of a phone's screen, as the app draws it.
        out.push_str("</p><div class=\"purchase-box\"><div class=\"variant-options\">");
        for (index, name) in product.option_names.iter().enumerate() {
            let mut values: Vec<&String> = Vec::new();
            for value in item
                .variants
                .iter()
                .filter_map(|v| v.option_values.get(index))
            {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            let current = variant.and_then(|v| v.option_values.get(index));
            let _ = write!(
                out,
                "<div class=\"field variant-field\"><label for=\"prerendered-option-{index}\">{}</label>\
                 <select class=\"variant-option\" id=\"prerendered-option-{index}\">",
                e(name)
            );
            for value in values {
                let _ = write!(
                    out,
                    "<option value=\"{v}\"{selected}>{v}</option>",
                    v = e(value),
                    selected = if Some(value) == current {
                        " selected"
                    } else {
                        ""
                    }
                );
            }
            out.push_str("</select></div>");
        }
        let (code, words) = match availability {
            Availability::InStock => ("IN_STOCK", t.availability_in_stock),
            Availability::LowStock => ("LOW_STOCK", t.availability_low_stock),
            Availability::Backorder => ("BACKORDER", t.availability_backorder),
            Availability::OutOfStock => ("OUT_OF_STOCK", t.availability_out_of_stock),
        };
        let _ = write!(
            out,
            "</div><p class=\"availability\" data-availability=\"{code}\">{}</p>",
            e(words)
        );
        let shipping = &self.channel.shipping;
        let shipping = e(&t.shipping(
            &shipping.fee.format(),
            shipping.fee.amount() == 0,
            shipping.free_from.map(|m| m.format()).as_deref(),
        ));
        let _ = write!(out, "<p class=\"shipping-line\">{shipping}</p>");
        let _ = write!(
            out,
            "<form class=\"add-to-cart\"><label for=\"prerendered-quantity\">{}</label>\
             <input id=\"prerendered-quantity\" type=\"number\" inputmode=\"numeric\" min=\"1\" \
             max=\"{}\" value=\"1\"><button type=\"button\" class=\"secondary\"{disabled}>{}</button>\
             <button type=\"button\" class=\"primary\"{disabled}>{}</button></form>",
            e(t.cart_col_quantity),
            shared::checkout::MAX_LINE_QUANTITY,
            e(t.add_to_cart),
            e(t.buy_now),
            disabled = if availability == Availability::OutOfStock {
                " disabled"
            } else {
                ""
            },
        );
        // The sections as the app draws them, with links to each; the rich content is stored
        // sanitised (`catalog::content`), as the app shows it. The returns policy is the app's.
        let sections = [
            ("product-details", t.tab_details),
            ("product-reviews", t.tab_reviews),
            ("product-questions", t.tab_questions),
            ("product-delivery", t.tab_delivery),
        ];
        let _ = write!(
            out,
            "</div></div></div><nav class=\"product-tabs\" aria-label=\"{}\">",
            e(t.product_sections)
        );
        for (id, name) in sections {
            let _ = write!(out, "<a href=\"#{id}\">{}</a>", e(name));
        }
        out.push_str("</nav>");
        let bodies = [
            format!(
                "<div class=\"product-content\">{}</div>",
                product.content_html
            ),
            format!("<p class=\"status empty\">{}</p>", e(t.reviews_none)),
            format!("<p class=\"status empty\">{}</p>", e(t.questions_none)),
            format!("<p>{shipping}</p>"),
        ];
        for ((id, name), body) in sections.into_iter().zip(bodies) {
            let _ = write!(
                out,
                "<section class=\"product-section\" id=\"{id}\" tabindex=\"-1\" \
                 aria-labelledby=\"{id}-title\"><h2 id=\"{id}-title\">{}</h2>{body}</section>",
                e(name)
            );
        }
        out.push_str("</article></div>");
        out
    }
}

/// The 할인율 before a price with a "was" price, as the app draws it (`<span class="discount">23%</span>`);
/// empty without one.
fn discount(price: shared::Money, was: Option<shared::Money>) -> String {
    was.and_then(|was| shared::money::discount_percent(price.amount(), was.amount()))
        .map(|d| format!("<span class=\"discount\">{d}%</span>"))
        .unwrap_or_default()
}
