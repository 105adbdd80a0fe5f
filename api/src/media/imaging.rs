//! Checking uploaded images and making their resized copies. Pure functions over bytes: the
//! upload is inspected from its header alone (format, dimensions) so a decompression bomb is
//! refused before anything is decoded; decoding then runs under explicit memory limits.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

/// The sizes the server makes of every image (shared with the pages that offer them).
pub use shared::image::Rendition as Size;

/// File name of a size next to the original.
pub fn file_name(size: Size) -> &'static str {
    match size {
        Size::Thumbnail => "thumbnail.jpg",
        Size::Listing => "listing.jpg",
        Size::Detail => "detail.jpg",
    }
}

/// What the header of an acceptable image says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

impl ImageInfo {
    pub fn content_type(&self) -> &'static str {
        match self.format {
            ImageFormat::Png => "image/png",
            ImageFormat::WebP => "image/webp",
            _ => "image/jpeg",
        }
    }

    pub fn extension(&self) -> &'static str {
        match self.format {
            ImageFormat::Png => "png",
            ImageFormat::WebP => "webp",
            _ => "jpg",
        }
    }
}

/// Why an upload is not an acceptable image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooBig { size: usize, limit: usize },
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the image is {width}×{height} pixels; the limit is {limit} pixels in all")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    #[error("the image could not be read: {0}")]
    Corrupt(String),
}

/// Checks an upload from its bytes' header: size, format, pixel count.
pub fn inspect(bytes: &[u8], max_bytes: usize, max_pixels: u64) -> Result<ImageInfo, ImageProblem> {
    if bytes.is_empty() {
        return Err(ImageProblem::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(ImageProblem::TooBig {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| ImageProblem::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(ImageProblem::NotAnImage);
    }
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| ImageProblem::Corrupt(e.to_string()))?;
    if width == 0 || height == 0 {
        return Err(ImageProblem::Corrupt("the image has no pixels".into()));
    }
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(ImageProblem::TooManyPixels {
            width,
            height,
            limit: max_pixels,
        });
    }
    Ok(ImageInfo {
        format,
        width,
        height,
    })
}

/// One resized copy: JPEG bytes and its dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resized {
    pub size: Size,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Decodes the image (within `max_pixels` and the memory that needs) and makes every `Size` as
/// JPEG, transparent areas on white.
pub fn resize_all(bytes: &[u8], max_pixels: u64) -> Result<Vec<Resized>, ImageProblem> {
    let info = inspect(bytes, usize::MAX, max_pixels)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), info.format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(info.width);
    limits.max_image_height = Some(info.height);
    // Room for the decoded image at 4 bytes a pixel, plus the copies.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(64 * 1024 * 1024));
    reader.limits(limits);
    let corrupt = |e: image::ImageError| ImageProblem::Corrupt(e.to_string());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    // Phone photos are stored sideways with an EXIF orientation: the copies come out upright.
    let orientation = decoder.orientation().map_err(corrupt)?;
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    decoded.apply_orientation(orientation);
    let flat = flatten_on_white(decoded);
    Size::ALL
        .iter()
        .map(|&size| {
            let (w, h) = size.fit(flat.width(), flat.height());
            let resized;
            let img: &RgbImage = if (w, h) == (flat.width(), flat.height()) {
                &flat
            } else {
                resized =
                    image::imageops::resize(&flat, w, h, image::imageops::FilterType::Lanczos3);
                &resized
            };
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
                .encode_image(img)
                .map_err(corrupt)?;
            Ok(Resized {
                size,
                width: w,
                height: h,
                bytes: out,
            })
        })
        .collect()
}

/// RGB with any transparency blended onto white (JPEG has no alpha).
fn flatten_on_white(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        out.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PNG of `w`×`h` pixels, half transparent.
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, _| {
            image::Rgba([200, (x % 255) as u8, 40, if x % 2 == 0 { 255 } else { 0 }])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn acceptable_images_are_described() {
        let info = inspect(&png(30, 20), 1 << 20, 10_000).unwrap();
        assert_eq!(
            (info.width, info.height, info.content_type()),
            (30, 20, "image/png")
        );
    }

    #[test]
    fn bad_uploads_are_refused_before_decoding() {
        assert_eq!(inspect(b"", 10, 10), Err(ImageProblem::Empty));
        assert_eq!(
            inspect(b"<svg></svg>", 100, 10),
            Err(ImageProblem::NotAnImage)
        );
        assert_eq!(
            inspect(b"%PDF-1.7 ...", 100, 10),
            Err(ImageProblem::NotAnImage)
        );
        assert!(matches!(
            inspect(&png(30, 20), 10, 10_000),
            Err(ImageProblem::TooBig { .. })
        ));
        assert!(matches!(
            inspect(&png(30, 20), 1 << 20, 599),
            Err(ImageProblem::TooManyPixels {
                width: 30,
                height: 20,
                ..
            })
        ));
        // A PNG header claiming 100,000 × 100,000 pixels (valid checksum) with no data behind.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let mut crc = 0xFFFF_FFFFu32;
        for &b in &bomb[12..29] {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        bomb[29..33].copy_from_slice(&(!crc).to_be_bytes());
        assert!(matches!(
            inspect(&bomb, 1 << 20, 40_000_000),
            Err(ImageProblem::TooManyPixels { width: 100_000, .. })
        ));
        let mut truncated = png(50, 50);
        truncated.truncate(60);
        assert!(resize_all(&truncated, 40_000_000).is_err());
    }

    #[test]
    fn sizes_are_made_without_enlarging() {
        let out = resize_all(&png(1600, 800), 40_000_000).unwrap();
        let dims: Vec<(u32, u32)> = out.iter().map(|r| (r.width, r.height)).collect();
        assert_eq!(dims, vec![(240, 120), (600, 300), (1400, 700)]);
        assert!(
            out.iter()
                .all(|r| image::guess_format(&r.bytes).unwrap() == ImageFormat::Jpeg)
        );
        let small = resize_all(&png(100, 50), 40_000_000).unwrap();
        assert!(small.iter().all(|r| (r.width, r.height) == (100, 50)));
    }
}
