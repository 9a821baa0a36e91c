//! A QR code as vector rectangles, so it prints sharp at any size and costs a few hundred bytes.

use super::{BLACK, Item};
use qrcode::{Color, EcLevel, QrCode};

/// The QR code of `data` as filled rectangles, `size` millimetres square with its top-left
/// corner at (`x`, `y`), including a quiet zone of two modules. Dark modules next to each other
/// in a row become one rectangle.
pub fn qr(data: &str, x: f32, y: f32, size: f32) -> Item {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .expect("a verification address fits a QR code");
    let n = code.width();
    let colours = code.to_colors();
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
