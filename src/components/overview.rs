use glossa_core::{SentenceId, Session, Tag};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct OverviewProps {
    pub session: Rc<RefCell<Session>>,
    pub rev: u64,
    pub on_jump: Callback<SentenceId>,
}

impl PartialEq for OverviewProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.session, &o.session) && self.rev == o.rev && self.on_jump == o.on_jump
    }
}

/// How many rows the strip is cut into; a row shows a tag if any sentence
/// in it has one. Bounded so a document with 20,000 annotations draws a few
/// hundred shapes, not 20,000.
const ROWS: usize = 600;

/// A slim strip showing where each tag falls in the document; a click jumps
/// there. Mouse only: the sidebar list does the same for the keyboard.
/// Drawn as SVG shapes sized by attributes (no style attributes, which the
/// page's CSP forbids): one lane per tag, runs of rows merged.
#[function_component(Overview)]
pub fn overview(props: &OverviewProps) -> Html {
    let s = props.session.borrow();
    let n = s.doc.sentences.len().max(1);
    let rows = ROWS;
    let mut lanes = vec![[false; 3]; rows];
    s.for_each_tag(|sid, tag| {
        // The row at the sentence's middle, and the next: a mark stays
        // visible however short the document.
        let row = ((2 * sid.index() + 1) * rows / (2 * n)).min(rows - 2);
        lanes[row][tag.index()] = true;
        lanes[row + 1][tag.index()] = true;
    });
    let mut shapes = Vec::new();
    for tag in Tag::ALL {
        let lane = tag.index();
        let mut row = 0;
        while row < rows {
            if !lanes[row][lane] {
                row += 1;
                continue;
            }
            let start = row;
            while row < rows && lanes[row][lane] {
                row += 1;
            }
            shapes.push(html! {
                <rect
                    key={format!("{}-{start}", tag.name())}
                    class={format!("mark tag-{}", tag.name())}
                    x={lane.to_string()}
                    y={start.to_string()}
                    width="1"
                    height={(row - start).to_string()}
                />
            });
        }
    }
    // The strip's own box, from a ref: with Yew's delegated events the
    // event's current target is the app's root, not this element.
    let strip = use_node_ref();
    let onclick = {
        let on_jump = props.on_jump.clone();
        let strip = strip.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = strip.cast::<web_sys::Element>() else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.height() <= 0.0 {
                return;
            }
            let frac = ((e.client_y() as f64 - rect.top()) / rect.height()).clamp(0.0, 0.999_999);
            on_jump.emit(SentenceId((frac * n as f64) as u32));
        })
    };
    html! {
        <div class="overview" ref={strip} aria-hidden="true" title="Where the tags are: click to jump" {onclick}>
            <svg viewBox={format!("0 0 3 {rows}")} preserveAspectRatio="none">{ shapes }</svg>
        </div>
    }
}
