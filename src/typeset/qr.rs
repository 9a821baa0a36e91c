//! A QR code as vector rectangles, so it prints sharp at any size and costs a few hundred bytes.

use super::{BLACK, Item};
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, bits, ec};

/// The QR code of `data` as filled rectangles, `size` millimetres square with its top-left
/// corner at (`x`, `y`), including a quiet zone of two modules. Dark modules next to each other
/// in a row become one rectangle.
pub fn qr(data: &str, x: f32, y: f32, size: f32) -> Item {
    let (n, colours) = modules(data);
    let module = size / (n + 4) as f32;
    let mut rects = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colours[row * n + col] == Color::Dark {
                let start = col;
                while col < n && colours[row * n + col] == Color::Dark {
                    col += 1;
                }
                rects.push([
                    x + (start + 2) as f32 * module,
                    y + (row + 2) as f32 * module,
                    (col - start) as f32 * module,
                    module,
                ]);
            } else {
                col += 1;
            }
        }
    }
    Item::Fill {
        rects,
        colour: BLACK,
    }
}

/// The modules of `data`'s QR code, row by row. The mask is fixed rather than chosen by the
/// penalty rules (any of the eight is a valid QR code; trying all of them was a tenth of a
/// certificate's time).
fn modules(data: &str) -> (usize, Vec<Color>) {
    let level = EcLevel::M;
    let bits = bits::encode_auto(data.as_bytes(), level).expect("an address fits a QR code");
    let version = bits.version();
    let bytes = bits.into_bytes();
    let (data, ecc) = ec::construct_codewords(&bytes, version, level).expect("codewords");
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    canvas.apply_mask(MaskPattern::Checkerboard);
    (version.width() as usize, canvas.into_colors())
}
