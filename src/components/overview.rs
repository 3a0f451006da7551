use glossa_core::{SentenceId, Session};
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

/// A slim strip showing where each tag falls in the document; a click jumps
/// there. Mouse only: the sidebar list does the same for the keyboard.
#[function_component(Overview)]
pub fn overview(props: &OverviewProps) -> Html {
    let s = props.session.borrow();
    let n = s.doc.sentences.len().max(1);
    let mut marks = Vec::new();
    for a in s.annotations() {
        let i = a.target.sentence.index();
        let pct = (i as f64 + 0.5) / n as f64 * 100.0;
        marks.push(html! {
            <span key={a.id.to_string()} class={classes!("mark", format!("tag-{}", a.tag.name()))} style={format!("top:{pct:.3}%")}></span>
        });
    }
    let onclick = {
        let on_jump = props.on_jump.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
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
        <div class="overview" aria-hidden="true" title="Where the tags are: click to jump" {onclick}>
            { marks }
        </div>
    }
}
