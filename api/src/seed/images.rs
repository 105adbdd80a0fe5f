//! Pictures for the demo catalog, drawn at start-up (no image files in the repository): a soft
//! two-colour gradient with a plate-like disc per product, stored through the media library like
//! any upload, so the demo shows thumbnails, galleries and resized copies.

use diesel::prelude::*;
use image::{ImageFormat, Rgb, RgbImage};

use crate::access::audit::Actor;
use crate::catalog::editor;
use crate::catalog::input::ProductPatch;
use crate::db::schema::{media, products};
use crate::db::{Db, DbError};
use crate::media::MediaStore;
use crate::media::service::{self, Upload};

/// A 720×720 PNG in colours derived from `seed`.
fn picture(seed: usize) -> Vec<u8> {
    const PALETTE: [([u8; 3], [u8; 3]); 6] = [
        ([250, 236, 214], [214, 160, 96]),
        ([232, 244, 226], [120, 170, 96]),
        ([252, 232, 226], [212, 110, 86]),
        ([236, 236, 248], [122, 118, 190]),
        ([246, 240, 220], [180, 150, 60]),
        ([226, 240, 244], [84, 150, 170]),
    ];
    let (light, dark) = PALETTE[seed % PALETTE.len()];
    let size = 720u32;
    let centre = (size / 2) as f32 + ((seed * 37) % 60) as f32 - 30.0;
    let radius = 210.0 + ((seed * 53) % 50) as f32;
    let img = RgbImage::from_fn(size, size, |x, y| {
        let t = (x + y) as f32 / (2 * size) as f32;
        let mix = |a: u8, b: u8, t: f32| (f32::from(a) * (1.0 - t) + f32::from(b) * t) as u8;
        let d = ((x as f32 - centre).powi(2) + (y as f32 - size as f32 / 2.0).powi(2)).sqrt();
        if d < radius {
            let shade = 0.25 + 0.5 * (d / radius);
            Rgb([
                mix(dark[0], light[0], shade),
                mix(dark[1], light[1], shade),
                mix(dark[2], light[2], shade),
            ])
        } else {
            Rgb([
                mix(light[0], 255, t * 0.6),
                mix(light[1], 255, t * 0.6),
                mix(light[2], 255, t * 0.6),
            ])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    if img.write_to(&mut out, ImageFormat::Png).is_err() {
        return Vec::new();
    }
    out.into_inner()
}

/// Gives each demo product without images one picture; nothing when the library already has
/// images.
pub async fn demo_images(db: &Db, store: &MediaStore) -> Result<usize, String> {
    let todo: Vec<(i64, String, String)> = db
        .run(|c| {
            let any: i64 = media::table.count().get_result(c)?;
            if any > 0 {
                return Ok::<_, DbError>(vec![]);
            }
            Ok(products::table
                .select((products::id, products::slug, products::name))
                .order(products::id)
                .load(c)?)
        })
        .await
        .map_err(|e| e.to_string())?;
    let actor = Actor {
        kind: "system",
        id: None,
        name: "demo seed".into(),
        ip: None,
    };
    for (i, (id, slug, name)) in todo.iter().enumerate() {
        let media = service::upload(
            db,
            store,
            Upload {
                file_name: format!("{slug}.png"),
                bytes: picture(i),
                alt: name.clone(),
            },
            actor.clone(),
        )
        .await
        .map_err(|e| format!("demo image for {slug}: {e}"))?;
        let (id, actor) = (shared::ProductId(*id), actor.clone());
        db.run(move |c| {
            editor::update(
                c,
                id,
                ProductPatch {
                    images: Some(vec![media.id]),
                    ..ProductPatch::default()
                },
                &actor,
            )
        })
        .await
        .map_err(|e| format!("demo image for {slug}: {e}"))?;
    }
    Ok(todo.len())
}
