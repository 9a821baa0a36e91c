//! Typesetting for the PDFs jiangxin makes (certificates, the 成绩表, pickup-code lists): a page is
//! a list of placed items in millimetres from the top-left corner; [`render`] turns pages into
//! PDF bytes with every text run in a face that has its characters.
//!
//! The same input gives the same bytes in any process: font and image resources have fixed ids,
//! the document's dates are the date the caller gives, and its `/ID` comes from the caller's
//! stable key (printpdf would take all of these from a process-wide counter).

pub mod fonts;
pub mod images;
pub mod qr;

use chrono::NaiveDate;
pub use fonts::{Fonts, Run};
use printpdf::{
    Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, WindingOrder, XObject,
    XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// Horizontal alignment of a text about its `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// A colour as red, green, blue in 0–1.
pub type Colour = [f32; 3];

pub const BLACK: Colour = [0.0, 0.0, 0.0];

/// One line of text. `y` is its baseline, in millimetres from the top of the page.
#[derive(Clone, Debug)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    /// Font size in points.
    pub size: f32,
    pub align: Align,
    /// The text shrinks (never below half its size) to fit this width in millimetres.
    pub max_width: Option<f32>,
    pub colour: Colour,
    pub text: String,
}

impl Text {
    pub fn new(x: f32, y: f32, size: f32, align: Align, text: impl Into<String>) -> Text {
        Text {
            x,
            y,
            size,
            align,
            max_width: None,
            colour: BLACK,
            text: text.into(),
        }
    }

    pub fn fit(mut self, width: f32) -> Text {
        self.max_width = Some(width);
        self
    }

    pub fn colour(mut self, colour: Colour) -> Text {
        self.colour = colour;
        self
    }
}

/// What can be placed on a page (millimetres from the top-left corner).
#[derive(Clone, Debug)]
pub enum Item {
    Text(Text),
    /// A straight line `width` points thick.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        colour: Colour,
    },
    /// An outlined rectangle.
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
        colour: Colour,
    },
    /// Filled rectangles `[x, y, w, h]` in one path (a QR code's dark modules).
    Fill {
        rects: Vec<[f32; 4]>,
        colour: Colour,
    },
    /// An image of the document's [`Doc::images`], scaled to `w` × `h`.
    Image {
        image: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// One page and what is on it.
#[derive(Clone, Debug)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

impl Page {
    /// An A4 page, landscape or portrait.
    pub fn a4(landscape: bool) -> Page {
        let (width, height) = if landscape {
            (297.0, 210.0)
        } else {
            (210.0, 297.0)
        };
        Page {
            width,
            height,
            items: Vec::new(),
        }
    }

    pub fn text(&mut self, text: Text) {
        self.items.push(Item::Text(text));
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.items.push(Item::Line {
            from,
            to,
            width,
            colour: BLACK,
        });
    }
}

/// A whole document.
#[derive(Clone, Debug)]
pub struct Doc {
    pub title: String,
    /// Its creation and modification date (a certificate's issue date).
    pub date: NaiveDate,
    /// A stable key (a certificate number): the document's `/ID` is derived from it.
    pub key: String,
    pub pages: Vec<Page>,
    /// PNG images the pages place by index.
    pub images: Vec<std::sync::Arc<Vec<u8>>>,
}

/// Why a document could not be set.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TypesetError {
    /// No face has this character: printing it would leave an empty space.
    #[error("字库中没有“{0}”（U+{cp:04X}）这个字", cp = u32::from(*.0))]
    Missing(char),
    #[error("图片无法读取：{0}")]
    Image(String),
}

/// The size at which `runs` fit `max_width` (mm), never below half of `size`.
fn fitted(fonts: &Fonts, runs: &[Run], size: f32, max_width: Option<f32>) -> f32 {
    let Some(max) = max_width else { return size };
    let width = fonts.width(runs, size) / PT_PER_MM;
    if width > max {
        (size * max / width).max(size / 2.0)
    } else {
        size
    }
}

/// Where a text's runs start (mm from the left) and its size after fitting.
pub fn place(fonts: &Fonts, text: &Text) -> Result<(Vec<Run>, f32, f32), TypesetError> {
    let runs = fonts.runs(&text.text).map_err(TypesetError::Missing)?;
    let size = fitted(fonts, &runs, text.size, text.max_width);
    let width = fonts.width(&runs, size) / PT_PER_MM;
    let x = match text.align {
        Align::Left => text.x,
        Align::Centre => text.x - width / 2.0,
        Align::Right => text.x - width,
    };
    Ok((runs, x, size))
}

/// The first character in `texts` no face has.
pub fn check<'a>(fonts: &Fonts, texts: impl IntoIterator<Item = &'a str>) -> Result<(), char> {
    texts
        .into_iter()
        .find_map(|t| fonts.missing(t))
        .map_or(Ok(()), Err)
}

fn colour(c: Colour) -> Color {
    if c[0] == c[1] && c[1] == c[2] {
        Color::Greyscale(Greyscale::new(c[0], None))
    } else {
        Color::Rgb(Rgb::new(c[0], c[1], c[2], None))
    }
}

fn point(page: &Page, x: f32, y: f32) -> Point {
    Point::new(Mm(x), Mm(page.height - y))
}

fn page_ops(
    fonts: &Fonts,
    page: &Page,
    used: &mut [bool],
    images: &[(XObjectId, (usize, usize))],
) -> Result<Vec<Op>, TypesetError> {
    let mut ops = Vec::new();
    for item in &page.items {
        match item {
            Item::Text(text) => {
                let (runs, mut x, size) = place(fonts, text)?;
                ops.push(Op::SetFillColor {
                    col: colour(text.colour),
                });
                for run in runs {
                    let face = fonts.face(run.face).expect("runs name loaded faces");
                    used[run.face] = true;
                    let width = fonts.width(std::slice::from_ref(&run), size) / PT_PER_MM;
                    // One text object per run, so each starts from an absolute position.
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(printpdf::FontId(face.id.to_string())),
                        size: Pt(size),
                    });
                    ops.push(Op::SetTextCursor {
                        pos: point(page, x, text.y),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(run.text)],
                    });
                    ops.push(Op::EndTextSection);
                    x += width;
                }
            }
            Item::Line {
                from,
                to,
                width,
                colour: c,
            } => {
                ops.push(Op::SetOutlineColor { col: colour(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: point(page, from.0, from.1),
                                bezier: false,
                            },
                            LinePoint {
                                p: point(page, to.0, to.1),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Frame {
                x,
                y,
                w,
                h,
                width,
                colour: c,
            } => {
                ops.push(Op::SetOutlineColor { col: colour(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawPolygon {
                    polygon: rectangles(page, &[[*x, *y, *w, *h]], PaintMode::Stroke),
                });
            }
            Item::Fill { rects, colour: c } => {
                ops.push(Op::SetFillColor { col: colour(*c) });
                ops.push(Op::DrawPolygon {
                    polygon: rectangles(page, rects, PaintMode::Fill),
                });
            }
            Item::Image { image, x, y, w, h } => {
                let Some((id, (px_w, px_h))) = images.get(*image) else {
                    continue;
                };
                // printpdf sizes an image by its dpi: choose the dpi that makes it `w` wide, and
                // scale its height to `h`.
                let dpi = *px_w as f32 * 25.4 / w;
                let natural_h = *px_h as f32 * 25.4 / dpi;
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(Mm(*x).into()),
                        translate_y: Some(Mm(page.height - y - h).into()),
                        dpi: Some(dpi),
                        scale_y: Some(h / natural_h),
                        ..Default::default()
                    },
                });
            }
        }
    }
    Ok(ops)
}

fn rectangles(page: &Page, rects: &[[f32; 4]], mode: PaintMode) -> Polygon {
    Polygon {
        rings: rects
            .iter()
            .map(|[x, y, w, h]| PolygonRing {
                points: [(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h)]
                    .into_iter()
                    .map(|(px, py)| LinePoint {
                        p: point(page, px, py),
                        bezier: false,
                    })
                    .collect(),
            })
            .collect(),
        mode,
        winding_order: WindingOrder::NonZero,
    }
}

/// Sets `doc` as PDF bytes.
pub fn render(fonts: &Fonts, doc: &Doc) -> Result<Vec<u8>, TypesetError> {
    let mut pdf = PdfDocument::new(&doc.title);
    let mut images = Vec::new();
    let mut encoded = Vec::new();
    for (i, png) in doc.images.iter().enumerate() {
        let image = images::encoded(png).map_err(TypesetError::Image)?;
        let id = XObjectId(format!("JXIMG{i}"));
        pdf.resources
            .xobjects
            .map
            .insert(id.clone(), XObject::Image(images::placeholder()));
        // Placed as a one-pixel image is: scaled to its box by the page's own matrix.
        images.push((id, (1, 1)));
        encoded.push(image);
    }
    let mut used = vec![false; 3];
    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let ops = page_ops(fonts, page, &mut used, &images)?;
        pages.push(printpdf::PdfPage::new(Mm(page.width), Mm(page.height), ops));
    }
    // Only the faces the text uses go into the file: a fallback face appears only where a name
    // needs it.
    for (i, used) in used.iter().enumerate() {
        if let (true, Some(face)) = (*used, fonts.face(i)) {
            pdf.resources.fonts.map.insert(
                printpdf::FontId(face.id.to_string()),
                printpdf::PdfFont::new(face.font.clone()),
            );
        }
    }
    pdf.pages = pages;
    let at = doc
        .date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp();
    let date = printpdf::OffsetDateTime::from_unix_timestamp(at).expect("a date after 1970");
    let info = &mut pdf.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "jiangxin".into();
    info.producer = "jiangxin (printpdf 0.12.8)".into();
    info.identifier = doc.key.clone();
    let opts = PdfSaveOptions {
        // Image re-encoding options are left as printpdf's defaults apart from being explicit.
        ..PdfSaveOptions::default()
    };
    let mut lo = printpdf::serialize::to_lopdf_doc(&pdf, &opts, &mut Vec::new());
    for (i, image) in encoded.iter().enumerate() {
        images::swap_in(&mut lo, &format!("JXIMG{i}"), image);
    }
    let id = hex::encode(&Sha256::digest(doc.key.as_bytes())[..16]);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::string_literal(id.clone()),
            lopdf::Object::string_literal(id),
        ]),
    );
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.allows_compression
            && stream.dict.get(b"Filter").is_err()
        {
            let packed = images::deflate(&stream.content);
            if packed.len() + 19 < stream.content.len() {
                stream
                    .dict
                    .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| TypesetError::Image(e.to_string()))?;
    Ok(out)
}
