//! Stable sorting with one copy of the sorting code.
//!
//! The standard library's stable sort is large, and a copy of it is made for
//! every element type and comparison: some thirty copies in the app's
//! WebAssembly. These functions sort a list of positions (one type, one
//! comparison through `&mut dyn`), then move the elements into that order.
//! The result is exactly that of `slice::sort_by`/`sort_by_key`: a stable sort
//! orders elements in only one way.
//! They also stand in for `sort_unstable` where elements that compare equal
//! are equal in every way (numbers, ids, spans by their full order key): there
//! too the order is the only one.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// `v.sort_by(cmp)`, with the sorting code shared by all callers.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// `v.sort_by_key(key)`, with the sorting code shared by all callers.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`, with the sorting code shared by all callers.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// `items.collect::<BTreeMap<_, _>>()`, built by inserting: `collect` first
/// sorts the items, with its own copy of the sorting code at every call site.
/// The same map (of two items with one key, the later value is kept).
pub fn btree_map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

/// `items.collect::<BTreeSet<_>>()`, built by inserting (see [`btree_map`]).
pub fn btree_set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// `items.collect::<serde_json::Map<_, _>>()`, built by inserting (see
/// [`btree_map`]).
pub fn json_map(
    items: impl IntoIterator<Item = (String, serde_json::Value)>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    map.extend(items);
    map
}

#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Moves `v[order[i]]` to position `i`, following each cycle of the
/// permutation once; `order` is used up.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for i in 0..v.len() {
        let mut at = i;
        loop {
            let from = order[at];
            if from == usize::MAX {
                break;
            }
            order[at] = usize::MAX;
            if from == i {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_the_standard_stable_sort() {
        let mut seed = 7u64;
        for n in 0..200usize {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std);
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by_key(|b| std::cmp::Reverse(b.0));
            assert_eq!(ours, std);
            sort(&mut ours);
            std.sort();
            assert_eq!(ours, std);
        }
    }
}
