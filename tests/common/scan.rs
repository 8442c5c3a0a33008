//! Scanning bytes for canary values in every encoding a leak could take.

use std::path::Path;

use super::Canaries;

/// Every byte pattern under which a needle could sit in a file.
pub fn encodings(needle: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut variants = vec![
        needle.to_string(),
        needle.to_lowercase(),
        needle.to_uppercase(),
    ];
    variants.dedup();
    for v in variants {
        out.push((format!("{v:?} utf-8"), v.as_bytes().to_vec()));
        let le: Vec<u8> = v.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = v.encode_utf16().flat_map(u16::to_be_bytes).collect();
        out.push((format!("{v:?} utf-16le"), le));
        out.push((format!("{v:?} utf-16be"), be));
    }
    out
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() || hay.len() < needle.len() {
        return false;
    }
    let first = needle[0];
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&b| b == first) {
            None => return false,
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return true;
                }
                i += 1;
            }
        }
    }
    false
}

/// (where, which encoding of which needle) for every hit.
pub fn scan_bytes(label: &str, hay: &[u8], needles: &[String]) -> Vec<String> {
    let mut hits = Vec::new();
    for n in needles {
        for (how, bytes) in encodings(n) {
            if contains(hay, &bytes) {
                hits.push(format!("{label}: {how}"));
            }
        }
    }
    hits
}

/// Scans every file under `dir` (recursively).
pub fn scan_dir(dir: &Path, needles: &[String]) -> (usize, Vec<String>) {
    let mut files = 0;
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
                let bytes = std::fs::read(&path).unwrap();
                hits.extend(scan_bytes(&path.display().to_string(), &bytes, needles));
            }
        }
    }
    (files, hits)
}

pub fn needles_of(people: &[&Canaries], extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = people
        .iter()
        .flat_map(|c| c.needles().into_iter().chain(c.folded_needles()))
        .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v.extend(extra.iter().map(|s| super::fold(s)));
    v.sort();
    v.dedup();
    v
}
