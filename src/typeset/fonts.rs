//! The fonts a PDF is set in, and which of them draws each character.
//!
//! The text face is LXGW WenKai (霞鹜文楷, a Kai style, OFL), shipped inside the program so a fresh
//! machine needs nothing more. It lacks some characters people have in their names (𪚥, many of
//! the CJK extension blocks); for those the text falls back, run by run, to further faces found
//! in a font directory (Debian's `fonts-hanazono`: HanaMinA for the BMP and Extension A, HanaMinB
//! for Extensions B–F). printpdf draws a glyph a font lacks as nothing at all, so every
//! character is assigned a face here first, and a character no face has is refused by name
//! before anything is drawn.

use printpdf::ParsedFont;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// LXGW WenKai Regular 1.250, unmodified (licence: `assets/fonts/LICENSE-LXGWWenKai.txt`).
static WENKAI: &[u8] = include_bytes!("../../assets/fonts/LXGWWenKai-Regular.ttf");

/// Where the fallback faces are looked for when nothing else is said.
pub const DEFAULT_FONT_DIR: &str = "/usr/share/fonts/truetype/hanazono";

/// The fallback faces, in the order they are tried.
const FALLBACKS: [(&str, &str); 2] = [("HanaMinA", "HanaMinA.ttf"), ("HanaMinB", "HanaMinB.ttf")];

/// One face: its parsed font, and the fixed resource id it has in every PDF (printpdf's own ids
/// come from a process-wide counter, which would make the same certificate differ between
/// processes). The id's first six letters are also the subset tag.
pub struct Face {
    pub name: &'static str,
    pub id: &'static str,
    pub font: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn parse(name: &'static str, id: &'static str, bytes: &[u8]) -> Option<Face> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        let units_per_em = f32::from(font.font_metrics.units_per_em.max(1));
        Some(Face {
            name,
            id,
            font,
            units_per_em,
        })
    }

    /// Whether the face has a glyph for `c` (glyph 0 is `.notdef`, the empty box).
    pub fn has(&self, c: char) -> bool {
        self.font
            .lookup_glyph_index(u32::from(c))
            .is_some_and(|g| g != 0)
    }

    /// The advance of `c` in ems.
    fn advance(&self, c: char) -> f32 {
        let glyph = self.font.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        f32::from(self.font.get_horizontal_advance(glyph)) / self.units_per_em
    }
}

/// A stretch of text set in one face.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Index into [`Fonts::face`].
    pub face: usize,
    pub text: String,
}

/// The text face and the fallbacks. Faces are parsed once, the fallbacks only when a text first
/// needs one (HanaMinB alone is 30 MB).
pub struct Fonts {
    text: Face,
    dir: PathBuf,
    fallbacks: [OnceLock<Option<Face>>; 2],
}

/// Fixed resource ids, upper-case letters as a subset tag must be.
const IDS: [&str; 3] = ["JXWKAI", "JXHMNA", "JXHMNB"];

impl Fonts {
    /// The shipped face, with fallbacks from `dir`.
    pub fn new(dir: impl AsRef<Path>) -> Arc<Fonts> {
        Arc::new(Fonts {
            text: Face::parse("LXGW WenKai", IDS[0], WENKAI).expect("the shipped font parses"),
            dir: dir.as_ref().to_path_buf(),
            fallbacks: [OnceLock::new(), OnceLock::new()],
        })
    }

    /// The fonts of `dir`, parsed once per process however many servers or batches ask.
    pub fn shared(dir: &Path) -> Arc<Fonts> {
        static CACHE: std::sync::Mutex<Vec<(PathBuf, Arc<Fonts>)>> =
            std::sync::Mutex::new(Vec::new());
        let mut cache = CACHE.lock().expect("font cache");
        if let Some((_, fonts)) = cache.iter().find(|(d, _)| d == dir) {
            return fonts.clone();
        }
        let fonts = Fonts::new(dir);
        cache.push((dir.to_path_buf(), fonts.clone()));
        fonts
    }

    /// The face with this index: 0 is the text face, then the fallbacks.
    pub fn face(&self, index: usize) -> Option<&Face> {
        match index {
            0 => Some(&self.text),
            i => self.fallback(i - 1),
        }
    }

    fn fallback(&self, i: usize) -> Option<&Face> {
        let (name, file) = *FALLBACKS.get(i)?;
        self.fallbacks[i]
            .get_or_init(|| {
                let bytes = std::fs::read(self.dir.join(file)).ok()?;
                Face::parse(name, IDS[i + 1], &bytes)
            })
            .as_ref()
    }

    /// The first face that has `c`.
    fn face_for(&self, c: char) -> Option<usize> {
        (0..=FALLBACKS.len()).find(|&i| self.face(i).is_some_and(|f| f.has(c)))
    }

    /// Splits `text` into runs, each in the first face that has all its characters. Spaces and
    /// other characters every face draws stay in the run they are in.
    pub fn runs(&self, text: &str) -> Result<Vec<Run>, char> {
        let mut runs: Vec<Run> = Vec::new();
        for c in text.chars() {
            let face = match runs.last() {
                Some(last) if c == ' ' && self.face(last.face).is_some_and(|f| f.has(c)) => {
                    last.face
                }
                _ => self.face_for(c).ok_or(c)?,
            };
            match runs.last_mut() {
                Some(last) if last.face == face => last.text.push(c),
                _ => runs.push(Run {
                    face,
                    text: c.to_string(),
                }),
            }
        }
        Ok(runs)
    }

    /// The first character of `text` that no face has (line breaks and tabs, which are never
    /// drawn, aside).
    pub fn missing(&self, text: &str) -> Option<char> {
        text.chars()
            .find(|&c| !c.is_control() && self.face_for(c).is_none())
    }

    /// The width of `runs` at `size` (any unit: the result is in the same unit).
    pub fn width(&self, runs: &[Run], size: f32) -> f32 {
        runs.iter()
            .map(|r| {
                let face = self.face(r.face).unwrap_or(&self.text);
                r.text.chars().map(|c| face.advance(c)).sum::<f32>() * size
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_stay_in_the_text_face_and_a_character_it_lacks_is_named() {
        let fonts = Fonts::new("/nonexistent");
        let runs = fonts.runs("王喆 欧阳娜娜 买买提·艾力").unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].face, 0);
        // Without the fallback directory, 𪚥 (U+2A6A5) has no face.
        assert_eq!(fonts.runs("张𪚥"), Err('𪚥'));
        assert_eq!(fonts.missing("张𪚥"), Some('𪚥'));
    }
}
