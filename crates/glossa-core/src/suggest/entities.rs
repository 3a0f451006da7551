//! Who is who in the article: the people and organisations it names, in
//! the order it introduces them, with the roles it gives them, so that a
//! later `Yusuf`, `Ms Adeyemi`, `the general`, `the ministry`, `the
//! statement` or `he` is reported as the fullest name the article uses
//! (`Dr. Amina Yusuf`, `Kano State Ministry of Health`).
//!
//! One pass over the tokens of every sentence, in document order: each run
//! of capitalised words outside quotation marks is a mention. A run that
//! ends with a person's name of two words or more (honorifics kept in
//! front) introduces a person, or is a fuller form of one already known; a
//! run with an organisation word (`Ministry`, `Commission`, `Watch`)
//! introduces an organisation; a single word is a mention only when it is
//! the surname of exactly one known person. Linear in the text: one hash
//! lookup per word of a run.

use super::phrases::{is_honorific, looks_like_person, name_gap, particle};
use super::tokens::Tok;
use super::words::{
    ARTICLES, DOC_NOUNS, GENERIC_ORG_NOUNS, HONORIFICS, HONORIFIC_ROLES, NAME_CONNECTORS,
    ORG_ROLE_NOUNS, ORG_WORDS, PERSON_ROLES, ROLE_OF, TITLES,
};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub(super) struct Entity {
    /// The fullest form the article writes (with an honorific it uses).
    pub(super) full: String,
    /// Lowercase words of the name, without honorifics.
    keys: Vec<String>,
    pub(super) person: bool,
    /// Lowercase role words given to it (`spokesman`, `general`, `ministry`).
    roles: Vec<String>,
}

#[derive(Default)]
pub(super) struct Entities {
    list: Vec<Entity>,
    /// (sentence, entity, first token), in document order.
    mentions: Vec<(usize, usize, usize)>,
    /// Lowercase name word -> entities having it.
    by_word: HashMap<String, Vec<usize>>,
    /// The first token of the run being read.
    pos: usize,
}

/// How far back (in mentions) a role or pronoun looks for its entity.
const LOOKBACK: usize = 400;

fn lower(w: &str) -> String {
    w.to_lowercase().replace('’', "'")
}

fn honorific_word(w: &str) -> bool {
    HONORIFICS.contains(&lower(w).trim_end_matches('.'))
}

fn is_org_word(w: &str) -> bool {
    let l = lower(w);
    let l = l.trim_end_matches("'s");
    ORG_WORDS.contains(&l)
}

impl Entities {
    /// Reads the names of sentence `s`, whose tokens are `toks`; every
    /// sentence is read once, in document order.
    pub(super) fn read(&mut self, s: usize, toks: &[Tok<'_>]) {
        let mut k = 0;
        while k < toks.len() {
            if toks[k].quoted || !toks[k].cap() {
                k += 1;
                continue;
            }
            let start = k;
            let mut end = k + 1;
            while end < toks.len()
                && !toks[end].quoted
                && name_gap(toks, end)
                && (toks[end].cap()
                    || particle(&toks[end])
                        && (toks[end].text.contains('-')
                            || toks.get(end + 1).is_some_and(|n| n.cap())))
            {
                end += 1;
            }
            self.run(toks, start, end, s);
            k = end;
        }
    }

    fn run(&mut self, toks: &[Tok<'_>], mut start: usize, end: usize, s: usize) {
        self.pos = start;
        // `The London-based Ocean Rights Watch`: articles and hyphenated
        // adjectives are not part of the name.
        while start < end
            && (toks[start].is_any(ARTICLES)
                || toks[start]
                    .text
                    .split_once('-')
                    .is_some_and(|(_, b)| b.chars().next().is_some_and(char::is_lowercase)))
        {
            start += 1;
        }
        if start >= end {
            return;
        }
        let words: Vec<&str> = toks[start..end].iter().map(|t| t.text).collect();
        // `the operations manager of Minera Andina`: a role's organisation.
        let role_of = start >= 2
            && toks[start - 1].is_any(ROLE_OF)
            && (toks[start - 2].is_any(TITLES) || toks[start - 2].is_any(PERSON_ROLES));
        let org = role_of || words.iter().any(|w| is_org_word(w));
        // The person's name: the longest tail of plain name words.
        let mut a = end;
        let mut plain = 0;
        while a > start {
            let t = &toks[a - 1];
            let w = t.text;
            let name_word = (t.cap() || particle(t))
                && !is_org_word(w)
                && !t.is_any(TITLES)
                && !honorific_word(w)
                && (!t.cap() || !t.is_any(NAME_CONNECTORS));
            if !name_word || plain >= 4 {
                break;
            }
            if !particle(t) {
                plain += 1;
            }
            a -= 1;
        }
        // `Commissioner for Health Ibrahim Musa`: a particle cannot start a
        // name, and the word after `for`/`of` belongs to the title.
        while a < end && particle(&toks[a]) {
            let of = toks[a].is_any(ROLE_OF);
            a += 1;
            if of && end - a >= 3 {
                a += 1;
            }
        }
        if end - a >= 3 && a > start && toks[a - 1].is_any(NAME_CONNECTORS) {
            a += 1;
        }
        let mut h = a;
        while h > start && is_honorific(toks, h - 1) {
            h -= 1;
        }
        let name_words: Vec<&str> = toks[a..end].iter().map(|t| t.text).collect();
        let honorific = h < a;
        if !org && (name_words.len() >= 2 || honorific && name_words.len() == 1) {
            if !looks_like_person(&name_words) {
                return;
            }
            let keys: Vec<String> = name_words.iter().map(|w| lower(w)).collect();
            let full = phrase_of(toks, h, end);
            let mut roles: Vec<String> = toks[h..a]
                .iter()
                .filter_map(|t| {
                    let l = lower(t.text);
                    HONORIFIC_ROLES
                        .iter()
                        .find(|(hn, _)| *hn == l)
                        .map(|(_, r)| r.to_string())
                })
                .collect();
            roles.extend(
                toks[start..h]
                    .iter()
                    .filter(|t| t.is_any(TITLES) || t.is_any(PERSON_ROLES))
                    .map(|t| lower(t.text)),
            );
            roles.extend(roles_around(toks, start, end));
            if name_words.len() == 1 {
                // `Ms Adeyemi`: a mention of a known person, never a new one.
                if let Some(id) = self.unique_person(&keys[0]) {
                    self.mention(id, s, roles, None);
                }
                return;
            }
            let id = self.person(keys, full, roles);
            self.mentions.push((s, id, self.pos));
            return;
        }
        if org {
            let keys: Vec<String> = words.iter().map(|w| lower(w)).collect();
            let full = phrase_of(toks, start, end);
            let roles: Vec<String> = keys
                .iter()
                .map(|k| k.trim_end_matches("'s").to_string())
                .filter(|k| ORG_WORDS.contains(&k.as_str()) || ORG_ROLE_NOUNS.contains(&k.as_str()))
                .collect();
            let id = match self
                .list
                .iter()
                .position(|en| !en.person && en.keys == keys)
            {
                Some(id) => id,
                None => self.add(Entity {
                    full,
                    keys,
                    person: false,
                    roles,
                }),
            };
            self.mentions.push((s, id, self.pos));
            return;
        }
        if end - start == 1 {
            // A surname alone.
            if let Some(id) = self.unique_person(&lower(words[0])) {
                self.mentions.push((s, id, self.pos));
            }
        }
    }

    fn add(&mut self, en: Entity) -> usize {
        let id = self.list.len();
        for k in &en.keys {
            let v = self.by_word.entry(k.clone()).or_default();
            if !v.contains(&id) {
                v.push(id);
            }
        }
        self.list.push(en);
        id
    }

    fn mention(&mut self, id: usize, s: usize, roles: Vec<String>, full: Option<String>) {
        if let Some(en) = self.list.get_mut(id) {
            for r in roles {
                if !en.roles.contains(&r) {
                    en.roles.push(r);
                }
            }
            if let Some(f) = full {
                if f.len() > en.full.len() {
                    en.full = f;
                }
            }
        }
        self.mentions.push((s, id, self.pos));
    }

    /// A person with these name words: a known one (same or fuller name),
    /// or a new one.
    fn person(&mut self, keys: Vec<String>, full: String, roles: Vec<String>) -> usize {
        let cands = self.by_word.get(keys.last().map_or("", String::as_str));
        let known = cands.and_then(|c| {
            c.iter().copied().find(|&id| {
                let en = &self.list[id];
                en.person
                    && (keys.iter().all(|k| en.keys.contains(k))
                        || en.keys.iter().all(|k| keys.contains(k)))
            })
        });
        match known {
            Some(id) => {
                let fuller = keys.len() > self.list[id].keys.len()
                    || keys.len() == self.list[id].keys.len()
                        && full.len() > self.list[id].full.len();
                if fuller {
                    let en = &mut self.list[id];
                    en.full = full;
                    en.keys = keys.clone();
                    for k in keys {
                        let v = self.by_word.entry(k).or_default();
                        if !v.contains(&id) {
                            v.push(id);
                        }
                    }
                }
                for r in roles {
                    if !self.list[id].roles.contains(&r) {
                        self.list[id].roles.push(r);
                    }
                }
                id
            }
            None => self.add(Entity {
                full,
                keys,
                person: true,
                roles,
            }),
        }
    }

    /// The one known person with this name word (not the first word of a
    /// two-word name only: `Lan` finds `Nguyễn Thị Lan`, `Quispe` finds
    /// `Rosa Quispe Mamani`).
    fn unique_person(&self, key: &str) -> Option<usize> {
        let c = self.by_word.get(key)?;
        let mut found = None;
        for &id in c {
            let en = &self.list[id];
            if !en.person || en.keys.first().is_some_and(|f| f == key) {
                continue;
            }
            match found {
                None => found = Some(id),
                Some(f) if f == id => {}
                Some(_) => return None,
            }
        }
        found
    }

    pub(super) fn get(&self, id: usize) -> Option<&Entity> {
        self.list.get(id)
    }

    /// Mentions before sentence `s` (or up to and including it), most
    /// recent first.
    fn recent(&self, s: usize, inclusive: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
        let end = self
            .mentions
            .partition_point(|&(ms, _, _)| ms < s || inclusive && ms == s);
        self.mentions[..end]
            .iter()
            .rev()
            .take(LOOKBACK)
            .map(|&(ms, id, _)| (ms, id))
    }

    /// The person mentioned last before sentence `s`: (sentence, entity).
    pub(super) fn last_person(&self, s: usize) -> Option<(usize, usize)> {
        self.recent(s, false).find(|&(_, id)| self.list[id].person)
    }

    /// The organisation mentioned last before sentence `s`.
    pub(super) fn last_org(&self, s: usize) -> Option<&Entity> {
        self.recent(s, false)
            .find(|&(_, id)| !self.list[id].person)
            .and_then(|(_, id)| self.list.get(id))
    }

    /// The fullest form of a person's name as written (`Yusuf`, `Ms.
    /// Lan`, `Amina Yusuf`), when it names exactly one known person.
    pub(super) fn person_named(&self, raw: &str) -> Option<&Entity> {
        let words: Vec<String> = raw
            .split_whitespace()
            .filter(|w| !honorific_word(w))
            .map(lower)
            .collect();
        if words.is_empty() || words.len() > 5 {
            return None;
        }
        let last = words.last()?;
        let c = self.by_word.get(last)?;
        let mut found: Option<usize> = None;
        for &id in c {
            let en = &self.list[id];
            if !en.person || !words.iter().all(|w| en.keys.contains(w)) {
                continue;
            }
            if words.len() == 1 && en.keys.first() == Some(last) {
                continue;
            }
            match found {
                None => found = Some(id),
                Some(f) if f == id => {}
                Some(_) => return None,
            }
        }
        found.and_then(|id| self.list.get(id))
    }

    /// A role (`the spokesman`, `the general`, `the ministry`, `the
    /// company`) or a document (`the statement`): the entity it stands for,
    /// looking back from sentence `s` (its own sentence included).
    pub(super) fn by_role(&self, raw: &str, s: usize) -> Option<&Entity> {
        let words: Vec<String> = raw.split_whitespace().map(lower).collect();
        let first = words.first()?;
        if !ARTICLES.contains(&first.as_str()) || words.len() > 4 {
            return None;
        }
        let head = words.last()?.as_str();
        if TITLES.contains(&head) || PERSON_ROLES.contains(&head) {
            let id = self
                .recent(s, true)
                .find(|&(_, id)| {
                    self.list[id].person && self.list[id].roles.iter().any(|r| r == head)
                })
                .map(|(_, id)| id)?;
            return self.list.get(id);
        }
        if ORG_WORDS.contains(&head) || ORG_ROLE_NOUNS.contains(&head) {
            let named = self.recent(s, true).find(|&(_, id)| {
                !self.list[id].person && self.list[id].roles.iter().any(|r| r == head)
            });
            let id = match named {
                Some((_, id)) => id,
                None if GENERIC_ORG_NOUNS.contains(&head) => {
                    self.recent(s, true)
                        .find(|&(_, id)| !self.list[id].person)?
                        .1
                }
                None => return None,
            };
            return self.list.get(id);
        }
        None
    }

    /// Is `raw` a document an organisation speaks through (`the statement`)?
    pub(super) fn is_document(raw: &str) -> bool {
        let words: Vec<String> = raw.split_whitespace().map(lower).collect();
        words.len() <= 3
            && words
                .first()
                .is_some_and(|f| ARTICLES.contains(&f.as_str()))
            && words
                .last()
                .is_some_and(|l| DOC_NOUNS.contains(&l.as_str()))
    }

    /// The organisation named last in sentence `s` before token `pos`
    /// (`The report, published by Ocean Rights Watch, said`).
    pub(super) fn org_before(&self, s: usize, pos: usize) -> Option<&Entity> {
        let lo = self.mentions.partition_point(|&(ms, _, _)| ms < s);
        let hi = self.mentions.partition_point(|&(ms, _, _)| ms <= s);
        self.mentions[lo..hi]
            .iter()
            .rev()
            .filter(|&&(_, id, p)| p < pos && !self.list[id].person)
            .find_map(|&(_, id, _)| self.list.get(id))
    }
}

/// Role words in apposition: `a company spokesman, Markus Weiss` and
/// `Markus Weiss, the company’s spokesman,`, and a lowercase title right
/// before the name (`former president Olusegun Obasanjo`).
fn roles_around(toks: &[Tok<'_>], start: usize, end: usize) -> Vec<String> {
    let mut out = Vec::new();
    let is_role = |t: &Tok<'_>| t.is_any(TITLES) || t.is_any(PERSON_ROLES);
    // Before: up to four words back, within the clause.
    let mut k = start;
    let mut n = 0;
    while k > 0 && n < 4 {
        let t = &toks[k - 1];
        if t.quoted || toks[k].gap.contains([';', '“', '"', '(', ')']) {
            break;
        }
        if is_role(t) {
            out.push(lower(t.text));
        }
        if t.gap.contains([',', ';']) {
            break;
        }
        k -= 1;
        n += 1;
    }
    // After: `, the hospital’s head of …,`; every role word of a run
    // (`the trust’s chief executive`: chief, executive).
    if toks.get(end).is_some_and(|t| t.gap.trim() == ",") {
        let mut found = false;
        for t in toks[end..toks.len().min(end + 7)].iter() {
            if t.quoted || t.gap.contains([';', '“', '"']) || found && !is_role(t) {
                break;
            }
            if is_role(t) {
                out.push(lower(t.text));
                found = true;
            }
        }
    }
    out
}

/// The text of tokens `a..b`, words joined by single spaces, keeping the
/// dot of an honorific (`Dr. Amina Yusuf`).
fn phrase_of(toks: &[Tok<'_>], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (k, t) in toks.iter().enumerate().take(b).skip(a) {
        if k > a {
            if toks[k].gap.trim() == "." {
                s.push('.');
            }
            s.push(' ');
        }
        s.push_str(t.text);
    }
    s
}
