//! Images (a seal) compressed once and reused: printpdf decodes and deflates an image at its
//! highest level on every document, which was a third of a certificate's time. Here each seal
//! is decoded and compressed once per process; the document carries a one-pixel placeholder
//! under the image's fixed id, swapped for the cached streams after printpdf has laid it out.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::{RawImage, RawImageData, RawImageFormat};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// An image as PDF streams: colour, and the alpha channel as a soft mask.
pub struct Encoded {
    pub width: usize,
    pub height: usize,
    rgb: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

/// Deflates at zlib's default level (a fraction of the time of the best level, a few per cent
/// larger) or, for what is compressed once and cached, the best.
pub fn deflate_at(data: &[u8], level: Compression) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), level);
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

pub fn deflate(data: &[u8]) -> Vec<u8> {
    deflate_at(data, Compression::default())
}

fn encode(png: &[u8]) -> Result<Encoded, String> {
    let image = RawImage::decode_from_bytes(png, &mut Vec::new())?;
    let RawImageData::U8(pixels) = &image.pixels else {
        return Err("只支持 8 位 PNG 图片".into());
    };
    let (rgb, alpha): (Vec<u8>, Option<Vec<u8>>) = match image.data_format {
        RawImageFormat::RGBA8 => (
            pixels.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect(),
            Some(pixels.chunks(4).map(|p| p[3]).collect()),
        ),
        RawImageFormat::RGB8 => (pixels.clone(), None),
        RawImageFormat::R8 => (pixels.iter().flat_map(|&g| [g, g, g]).collect(), None),
        RawImageFormat::RG8 => (
            pixels.chunks(2).flat_map(|p| [p[0], p[0], p[0]]).collect(),
            Some(pixels.chunks(2).map(|p| p[1]).collect()),
        ),
        other => return Err(format!("不支持的 PNG 像素格式 {other:?}")),
    };
    Ok(Encoded {
        width: image.width,
        height: image.height,
        rgb: deflate_at(&rgb, Compression::best()),
        alpha: alpha.map(|a| deflate_at(&a, Compression::best())),
    })
}

/// The encoded image of `png`, from the cache when it was seen before.
pub fn encoded(png: &[u8]) -> Result<Arc<Encoded>, String> {
    static CACHE: Mutex<Vec<([u8; 32], Arc<Encoded>)>> = Mutex::new(Vec::new());
    let key: [u8; 32] = Sha256::digest(png).into();
    if let Some((_, e)) = CACHE
        .lock()
        .expect("image cache")
        .iter()
        .find(|(k, _)| *k == key)
    {
        return Ok(e.clone());
    }
    let e = Arc::new(encode(png)?);
    let mut cache = CACHE.lock().expect("image cache");
    if cache.len() >= 32 {
        cache.remove(0);
    }
    cache.push((key, e.clone()));
    Ok(e)
}

/// The one-pixel stand-in printpdf lays out in the image's place.
pub fn placeholder() -> RawImage {
    RawImage {
        pixels: RawImageData::U8(vec![0, 0, 0]),
        width: 1,
        height: 1,
        data_format: RawImageFormat::RGB8,
        tag: Vec::new(),
    }
}

fn image_stream(width: usize, height: usize, space: &str, content: Vec<u8>) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(width as i64));
    dict.set("Height", Object::Integer(height as i64));
    dict.set("ColorSpace", Object::Name(space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    dict.set("Length", Object::Integer(content.len() as i64));
    dict
}

/// Where the resource `name` points, searching the document's dictionaries.
fn find(doc: &lopdf::Document, name: &[u8]) -> Option<ObjectId> {
    fn inside(obj: &Object, name: &[u8]) -> Option<ObjectId> {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => return None,
        };
        if let Ok(Object::Reference(id)) = dict.get(name) {
            return Some(*id);
        }
        dict.iter().find_map(|(_, v)| inside(v, name))
    }
    doc.objects.values().find_map(|o| inside(o, name))
}

/// Puts `image` where the placeholder named `name` is.
pub fn swap_in(doc: &mut lopdf::Document, name: &str, image: &Encoded) {
    let Some(id) = find(doc, name.as_bytes()) else {
        return;
    };
    let mut dict = image_stream(image.width, image.height, "DeviceRGB", Vec::new());
    if let Some(alpha) = &image.alpha {
        let mask = image_stream(image.width, image.height, "DeviceGray", alpha.clone());
        let mask_id = doc.add_object(Object::Stream(Stream::new(mask, alpha.clone())));
        dict.set("SMask", Object::Reference(mask_id));
    }
    dict.set("Length", Object::Integer(image.rgb.len() as i64));
    doc.objects
        .insert(id, Object::Stream(Stream::new(dict, image.rgb.clone())));
}
