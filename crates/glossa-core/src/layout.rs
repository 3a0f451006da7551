//! How a long article is drawn near the screen: whole paragraphs grouped
//! into blocks of about [`BLOCK_SENTENCES`] sentences (the unit that is
//! drawn, or stood in for by an empty box of the same height), and the
//! heights of blocks not drawn, estimated from their characters until
//! measured. The web app's article view reads it; the browser only reports
//! which blocks are near the screen and how tall drawn ones are.

use crate::{Document, SentenceId};
use std::ops::Range;

/// Whole paragraphs grouped into blocks of about this many sentences.
pub const BLOCK_SENTENCES: usize = 48;

/// Estimated pixels per character before anything was measured: 18 px
/// type at line height 1.75 over a ~75-character line.
pub const PX_PER_CHAR: f64 = 0.42;
/// A paragraph's bottom margin, in pixels.
pub const PARA_GAP: f64 = 20.0;

/// A document's blocks, made once per document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub paragraphs: Range<usize>,
    pub sentences: Range<usize>,
    /// Characters of text, for estimating the height before it is drawn.
    pub chars: usize,
}

impl Layout {
    pub fn new(doc: &Document) -> Layout {
        let mut blocks: Vec<Block> = Vec::new();
        for (p, para) in doc.paragraphs.iter().enumerate() {
            let chars: usize = doc.sentences[para.sentences.clone()]
                .iter()
                .map(|s| s.end - s.start + 1)
                .sum();
            match blocks.last_mut() {
                Some(b) if b.sentences.len() < BLOCK_SENTENCES => {
                    b.paragraphs.end = p + 1;
                    b.sentences.end = para.sentences.end;
                    b.chars += chars;
                }
                _ => blocks.push(Block {
                    paragraphs: p..p + 1,
                    sentences: para.sentences.clone(),
                    chars,
                }),
            }
        }
        Layout { blocks }
    }

    /// The block holding sentence `id` (binary search: blocks are in order).
    pub fn block_of(&self, id: SentenceId) -> Option<usize> {
        let i = id.index();
        let b = self.blocks.partition_point(|b| b.sentences.end <= i);
        self.blocks
            .get(b)
            .filter(|b| b.sentences.contains(&i))
            .map(|_| b)
    }
}

/// What is known of the screen: which blocks are near it, and the heights
/// of blocks once drawn (so a block that leaves keeps its height).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Viewport {
    pub near: Vec<bool>,
    pub heights: Vec<Option<f64>>,
    /// Pixels and characters of the drawn blocks measured so far, to size
    /// the undrawn ones.
    pub measured: (f64, f64),
}

impl Viewport {
    /// Before the browser reports: the blocks that fill about two screens
    /// of `screen` pixels from the top.
    pub fn first_screen(layout: &Layout, screen: f64) -> Viewport {
        let n = layout.blocks.len();
        let mut v = Viewport {
            near: vec![false; n],
            heights: vec![None; n],
            measured: (0.0, 0.0),
        };
        let mut filled = 0.0;
        for b in 0..n {
            if filled > 2.0 * screen {
                break;
            }
            v.near[b] = true;
            filled += f64::from(v.height(b, layout));
        }
        v
    }

    /// Block `b` was drawn `height` pixels tall for `chars` characters.
    pub fn measured(&mut self, b: usize, height: f64, chars: f64) {
        if let Some(slot) = self.heights.get_mut(b) {
            if slot.is_none() && height > 0.0 && chars > 0.0 {
                self.measured.0 += height;
                self.measured.1 += chars;
            }
            *slot = Some(height);
        }
    }

    /// Block `b` is near the screen or not; true if that changed.
    pub fn set_near(&mut self, b: usize, near: bool) -> bool {
        match self.near.get_mut(b) {
            Some(n) if *n != near => {
                *n = near;
                true
            }
            _ => false,
        }
    }

    /// The height to give block `b` while it is not drawn.
    pub fn height(&self, b: usize, layout: &Layout) -> u32 {
        if let Some(Some(h)) = self.heights.get(b) {
            return h.round() as u32;
        }
        let per_char = match self.measured {
            (px, chars) if chars > 0.0 => px / chars,
            _ => PX_PER_CHAR,
        };
        let Some(block) = layout.blocks.get(b) else {
            return 0;
        };
        (block.chars as f64 * per_char + block.paragraphs.len() as f64 * PARA_GAP).round() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate;
    use crate::parse_article;
    use proptest::prelude::*;

    fn article(paragraphs: &[usize]) -> Document {
        let mut text = String::from("Title\n");
        for (p, &n) in paragraphs.iter().enumerate() {
            text.push('\n');
            for s in 0..n {
                text.push_str(&format!("Sentence {s} of paragraph {p} is here. "));
            }
            text.push('\n');
        }
        parse_article(&text)
    }

    #[test]
    fn blocks_hold_whole_paragraphs_in_order() {
        let seed = include_str!("../../../assets/voa-counterespionage.txt");
        let doc = parse_article(&generate::long_article(seed, 60_000));
        let layout = Layout::new(&doc);
        assert!(layout.blocks.len() > 2);
        let mut next_para = 0;
        let mut next_sentence = 0;
        for b in &layout.blocks {
            assert_eq!(b.paragraphs.start, next_para);
            assert_eq!(b.sentences.start, next_sentence);
            assert_eq!(
                b.sentences.start,
                doc.paragraphs[b.paragraphs.start].sentences.start
            );
            next_para = b.paragraphs.end;
            next_sentence = b.sentences.end;
        }
        assert_eq!(next_para, doc.paragraphs.len());
        assert_eq!(next_sentence, doc.sentences.len());
    }

    #[test]
    fn undrawn_heights_follow_what_was_measured() {
        let doc = article(&[10, 10, 60, 5]);
        let layout = Layout::new(&doc);
        let mut v = Viewport::first_screen(&layout, 10_000.0);
        assert!(v.near.iter().all(|n| *n), "a tall screen takes every block");
        let before = v.height(1, &layout);
        v.measured(
            0,
            2.0 * layout.blocks[0].chars as f64,
            layout.blocks[0].chars as f64,
        );
        assert_eq!(v.height(0, &layout), (2 * layout.blocks[0].chars) as u32);
        assert!(v.height(1, &layout) > before, "2 px a character now");
        assert!(v.set_near(1, false));
        assert!(!v.set_near(1, false));
        let small = Viewport::first_screen(&layout, 10.0);
        assert_eq!(small.near.iter().filter(|n| **n).count(), 1);
    }

    proptest! {
        #[test]
        fn block_of_finds_the_block_holding_each_sentence(
            paragraphs in proptest::collection::vec(1usize..70, 1..12)
        ) {
            let doc = article(&paragraphs);
            let layout = Layout::new(&doc);
            for s in 0..doc.sentences.len() {
                let linear = layout.blocks.iter().position(|b| b.sentences.contains(&s));
                prop_assert_eq!(layout.block_of(SentenceId(s as u32)), linear);
                prop_assert!(linear.is_some());
            }
            prop_assert_eq!(layout.block_of(SentenceId(doc.sentences.len() as u32)), None);
            for b in &layout.blocks {
                // A block is only longer than the target when one paragraph is.
                prop_assert!(b.sentences.len() < BLOCK_SENTENCES + 70);
            }
        }
    }
}
