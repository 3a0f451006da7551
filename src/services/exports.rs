//! The export menu's formats: each turns the session into file(s) with the
//! core's exporters and offers them as downloads.

use super::platform;
use glossa_core::format;
use glossa_core::interop::{brat, csv, jsonl, w3c};
use glossa_core::Session;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Glossa,
    W3c,
    Jsonl,
    Csv,
    Brat,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Glossa,
        Format::W3c,
        Format::Jsonl,
        Format::Csv,
        Format::Brat,
    ];

    /// The menu item's name.
    pub fn label(self) -> &'static str {
        match self {
            Format::Glossa => "Glossa JSON",
            Format::W3c => "W3C Web Annotation",
            Format::Jsonl => "JSONL",
            Format::Csv => "CSV",
            Format::Brat => "brat",
        }
    }

    /// What the file is for, shown under the name.
    pub fn hint(self) -> &'static str {
        match self {
            Format::Glossa => ".glossa.json — everything, re-importable",
            Format::W3c => ".jsonld — Hypothesis, Recogito",
            Format::Jsonl => ".jsonl — doccano sequence labelling",
            Format::Csv => ".csv — spreadsheets",
            Format::Brat => ".brat.zip — brat standoff .txt + .ann",
        }
    }
}

/// Builds and downloads one format. Returns what was written, for the
/// announcement, or why it failed.
pub fn export(session: &Session, fmt: Format) -> Result<String, String> {
    let slug = session.doc.slug();
    let now = platform::now();
    let files: Vec<(String, &str, String)> = match fmt {
        Format::Glossa => vec![(
            format!("{slug}.glossa.json"),
            "application/json",
            format::to_json(&format::export(session, now, crate::VERSION)),
        )],
        Format::W3c => vec![(
            format!("{slug}.w3c.jsonld"),
            "application/ld+json",
            w3c::export(session, now, ""),
        )],
        Format::Jsonl => {
            vec![(
                format!("{slug}.jsonl"),
                "application/x-ndjson",
                jsonl::export(session, jsonl::Per::Document),
            )]
        }
        Format::Csv => vec![(
            format!("{slug}.csv"),
            "text/csv;charset=utf-8",
            csv::export(session),
        )],
        Format::Brat => {
            // One archive: a browser lets a click start one download, and
            // brat needs both files side by side anyway.
            let (txt, ann) = brat::export(session);
            let zip = glossa_core::zip::store(&[
                (&format!("{slug}.txt"), txt.as_bytes()),
                (&format!("{slug}.ann"), ann.as_bytes()),
                ("annotation.conf", brat::ANNOTATION_CONF.as_bytes()),
            ]);
            let name = format!("{slug}.brat.zip");
            platform::download_bytes(&name, "application/zip", &zip)?;
            return Ok(name);
        }
    };
    let mut names = Vec::new();
    for (name, mime, contents) in files {
        platform::download(&name, mime, &contents)?;
        names.push(name);
    }
    Ok(names.join(" and "))
}
