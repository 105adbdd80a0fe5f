//! The sizes the server renders every product image in, and how a page offers them to the
//! browser (`srcset` + `sizes`), so a phone at 3× picks the detail rendition and a desktop
//! card the thumbnail. The server's imaging, the drawn pages and the storefront all use this.

/// A rendition of an uploaded image, fitted inside a square of [`Rendition::max_side`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendition {
    /// Cart lines, admin lists, product cards on a 1× screen.
    Thumbnail,
    /// Product cards.
    Listing,
    /// The product page's gallery.
    Detail,
}

impl Rendition {
    pub const ALL: [Rendition; 3] = [Rendition::Thumbnail, Rendition::Listing, Rendition::Detail];

    /// The longest side, in pixels.
    pub fn max_side(self) -> u32 {
        match self {
            Rendition::Thumbnail => 240,
            Rendition::Listing => 600,
            Rendition::Detail => 1400,
        }
    }

    /// The rendition's pixel size for an original of `width` × `height`.
    pub fn fit(self, width: u32, height: u32) -> (u32, u32) {
        fit(width, height, self.max_side())
    }
}

/// `width` × `height` scaled down (never up) to fit a square of `side`, keeping the shape;
/// no side becomes zero.
pub fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    if width <= side && height <= side {
        return (width, height);
    }
    let scale = |a: u32, b: u32| ((u64::from(a) * u64::from(side)) / u64::from(b)).max(1) as u32;
    if width >= height {
        (side, scale(height, width))
    } else {
        (scale(width, height), side)
    }
}

/// A `srcset` offering the renditions at `urls` of an original of `width` × `height`, each
/// with its real width. Renditions that come out the same size as a smaller one (a small
/// original) are left out. While the renditions are still being made the server names the
/// original for each: then the widths would be wrong, and the answer is empty (no `srcset`;
/// the `src` alone). Returns an HTML attribute value; URLs must not contain spaces or commas
/// (the server's media URLs never do).
pub fn srcset(width: i64, height: i64, urls: &[(Rendition, impl AsRef<str>)]) -> String {
    if urls
        .iter()
        .enumerate()
        .any(|(i, (_, url))| urls[..i].iter().any(|(_, u)| u.as_ref() == url.as_ref()))
    {
        return String::new();
    }
    let clamp = |v: i64| u32::try_from(v.max(1)).unwrap_or(u32::MAX);
    let (width, height) = (clamp(width), clamp(height));
    let mut out = String::new();
    let mut last = 0;
    for (rendition, url) in urls {
        let (w, _) = rendition.fit(width, height);
        if w <= last {
            continue;
        }
        last = w;
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(url.as_ref());
        out.push(' ');
        out.push_str(&w.to_string());
        out.push('w');
    }
    out
}

/// How wide a product card's picture is drawn (the storefront's grid: two columns on a
/// phone, three from 600 px, four of at most 260 px from 1024 px).
pub const CARD_SIZES: &str = "(min-width: 1024px) 260px, (min-width: 600px) 33vw, 50vw";

/// How wide the product page's main picture is drawn (the whole width on a phone, half of the
/// page from 768 px, at most 540 px).
pub const GALLERY_SIZES: &str = "(min-width: 1120px) 540px, (min-width: 768px) 50vw, 100vw";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_shape_and_never_enlarges() {
        assert_eq!(fit(4000, 3000, 600), (600, 450));
        assert_eq!(fit(3000, 4000, 600), (450, 600));
        assert_eq!(fit(500, 300, 600), (500, 300));
        assert_eq!(fit(10_000, 1, 240), (240, 1));
    }

    #[test]
    fn srcset_names_each_rendition_by_its_real_width() {
        let urls = [
            (Rendition::Thumbnail, "/media/a/thumbnail.jpg"),
            (Rendition::Listing, "/media/a/listing.jpg"),
        ];
        assert_eq!(
            srcset(1200, 1600, &urls),
            "/media/a/thumbnail.jpg 180w, /media/a/listing.jpg 450w"
        );
        // A 200 px original: both renditions are the original's size; one candidate.
        assert_eq!(srcset(200, 100, &urls), "/media/a/thumbnail.jpg 200w");
        // Nonsense sizes from a broken record do not panic.
        assert_eq!(srcset(0, -5, &urls), "/media/a/thumbnail.jpg 1w");
        // Renditions not made yet: every size names the original.
        let pending = [
            (Rendition::Thumbnail, "/media/a/original.png"),
            (Rendition::Listing, "/media/a/original.png"),
        ];
        assert_eq!(srcset(1200, 1600, &pending), "");
    }
}
