//! The bitmap charts' backend with each text's pixels kept and replayed: a region's 600 charts
//! write the same tick labels, legends and axis titles again and again, and rasterising their
//! glyphs anew each time was a tenth of the run's processor time. A text is drawn as plotters'
//! own `draw_text` draws it (laid out, anchored, turned, each glyph's coverage a pixel of the
//! text's colour); what is replayed are those very pixels in the same order, so an image is the
//! same bytes either way (a test draws both ways).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

/// The most pixels kept for all texts together (16 bytes each): past it the store is emptied
/// and filled again, which bounds the memory whatever the run draws.
const MOST_PIXELS: usize = 1 << 20;

/// A text's pixels: where, from its anchor, and of what colour.
type Pixels = Arc<[(BackendCoord, BackendColor)]>;

/// What a text's pixels follow from: the text and every part of its style that `draw_text`
/// reads.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    text: String,
    family: String,
    style: String,
    size: u64,
    turn: u8,
    anchor: (u8, u8),
    rgb: (u8, u8, u8),
    alpha: u64,
}

impl Key {
    fn of<S: BackendTextStyle>(text: &str, style: &S) -> Self {
        let color = style.color();
        let anchor = style.anchor();
        Key {
            text: text.to_owned(),
            family: style.family().as_str().to_owned(),
            style: style.style().as_str().to_owned(),
            size: style.size().to_bits(),
            turn: match style.transform() {
                FontTransform::None => 0,
                FontTransform::Rotate90 => 1,
                FontTransform::Rotate180 => 2,
                FontTransform::Rotate270 => 3,
            },
            anchor: (anchor.h_pos as u8, anchor.v_pos as u8),
            rgb: color.rgb,
            alpha: color.alpha.to_bits(),
        }
    }
}

/// Every text's pixels drawn so far, shared by the threads that draw charts.
#[derive(Default)]
struct Store {
    texts: HashMap<Key, Pixels>,
    pixels: usize,
}

static STORE: Mutex<Option<Store>> = Mutex::new(None);

/// The pixels kept for `key`, if any.
fn kept(key: &Key) -> Option<Pixels> {
    let store = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    store.as_ref()?.texts.get(key).cloned()
}

/// Keeps `pixels` for `key` (see [`Store::keep`]).
fn keep(key: Key, pixels: Pixels) {
    let mut store = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    store.get_or_insert_with(Store::default).keep(key, pixels);
}

impl Store {
    /// Keeps `pixels` for `key`, emptying the store first when it would hold too many.
    fn keep(&mut self, key: Key, pixels: Pixels) {
        if self.pixels + pixels.len() > MOST_PIXELS {
            *self = Store::default();
        }
        if pixels.len() <= MOST_PIXELS {
            self.pixels += pixels.len();
            self.texts.insert(key, pixels);
        }
    }
}

/// A text's pixels as `draw_text` would give them, from its anchor.
fn rasterise<S: BackendTextStyle, E: std::error::Error + Send + Sync>(
    text: &str,
    style: &S,
) -> Result<Vec<(BackendCoord, BackendColor)>, DrawingErrorKind<E>> {
    let font_error = |e| DrawingErrorKind::FontError(Box::new(e));
    let ((min_x, min_y), (max_x, max_y)) = style.layout_box(text).map_err(font_error)?;
    let (width, height) = (max_x - min_x, max_y - min_y);
    let dx = match style.anchor().h_pos {
        HPos::Left => 0,
        HPos::Right => -width,
        HPos::Center => -width / 2,
    };
    let dy = match style.anchor().v_pos {
        VPos::Top => 0,
        VPos::Center => -height / 2,
        VPos::Bottom => -height,
    };
    let turn = style.transform();
    let mut pixels = Vec::new();
    let drawn = style.draw(text, (0, 0), |x, y, color| {
        pixels.push((turn.transform(x + dx - min_x, y + dy - min_y), color));
        Ok::<(), std::convert::Infallible>(())
    });
    match drawn {
        Ok(_) => Ok(pixels),
        Err(e) => Err(font_error(e)),
    }
}

/// plotters' bitmap backend, each text's pixels kept (see the module).
pub(super) struct KeptTexts<'a>(pub(super) BitMapBackend<'a>);

impl DrawingBackend for KeptTexts<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let key = Key::of(text, style);
        let pixels = match kept(&key) {
            Some(pixels) => pixels,
            None => {
                let pixels: Pixels = rasterise(text, style)?.into();
                keep(key, Arc::clone(&pixels));
                pixels
            }
        };
        let (w, h) = self.get_size();
        for &((x, y), color) in pixels.iter() {
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                self.0.draw_pixel((x, y), color)?;
            }
        }
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    use super::*;

    /// Texts in every anchor, turn and a few colours, some cut by the image's edge.
    fn draw_texts<DB: DrawingBackend>(root: &DrawingArea<DB, plotters::coord::Shift>) {
        let anchors = [
            Pos::new(HPos::Left, VPos::Top),
            Pos::new(HPos::Center, VPos::Center),
            Pos::new(HPos::Right, VPos::Bottom),
        ];
        let turns = [
            FontTransform::None,
            FontTransform::Rotate90,
            FontTransform::Rotate180,
            FontTransform::Rotate270,
        ];
        let colours = [BLACK.mix(1.0), RED.mix(0.5), BLUE.mix(0.0)];
        let mut at = 0;
        for (i, anchor) in anchors.iter().enumerate() {
            for (j, turn) in turns.iter().enumerate() {
                let colour = colours[(i + j) % colours.len()];
                let style = TextStyle::from((super::super::FONT, 12 + 5 * j as u32))
                    .color(&colour)
                    .pos(*anchor)
                    .transform(turn.clone());
                let pos = ((at * 37) % 220 - 10, (at * 53) % 140 - 10);
                at += 1;
                root.draw_text("Школа №7, 2025: 4,5 z", &style, pos)
                    .expect("drawn");
            }
        }
    }

    fn pixels(kept: bool) -> Vec<u8> {
        super::super::register_embedded_font();
        let mut pixels = vec![255u8; 3 * 200 * 120];
        {
            let bitmap = BitMapBackend::with_buffer(&mut pixels, (200, 120));
            if kept {
                draw_texts(&KeptTexts(bitmap).into_drawing_area());
            } else {
                draw_texts(&bitmap.into_drawing_area());
            }
        }
        pixels
    }

    #[test]
    fn texts_replayed_give_the_pixels_of_texts_drawn_anew() {
        let anew = pixels(false);
        assert!(anew.iter().any(|&p| p != 255), "something is drawn");
        // The first time each text is kept, the second it is replayed.
        assert!(pixels(true) == anew, "kept");
        assert!(pixels(true) == anew, "replayed");
    }

    #[test]
    fn the_store_is_bounded() {
        let key = |text: &str| Key {
            text: text.to_owned(),
            family: "f".into(),
            style: "s".into(),
            size: 0,
            turn: 0,
            anchor: (0, 0),
            rgb: (0, 0, 0),
            alpha: 0,
        };
        let blank = BackendColor {
            alpha: 1.0,
            rgb: (0, 0, 0),
        };
        let many: Pixels = vec![((0, 0), blank); MOST_PIXELS / 2 + 1].into();
        let mut store = Store::default();
        store.keep(key("a"), Arc::clone(&many));
        assert!(store.texts.contains_key(&key("a")));
        store.keep(key("b"), Arc::clone(&many));
        assert!(store.pixels <= MOST_PIXELS);
        assert!(store.texts.contains_key(&key("b")));
        assert!(!store.texts.contains_key(&key("a")), "emptied before b");
        let too_many: Pixels = vec![((0, 0), blank); MOST_PIXELS + 1].into();
        store.keep(key("c"), too_many);
        assert!(store.texts.is_empty() && store.pixels == 0);
    }
}
