//! A minimal ZIP archive: stored (uncompressed) entries, enough to hand
//! several files out as one download (brat's `.txt` + `.ann`), a reader
//! for the same archives, and [`read`] for the archives people make
//! (deflated entries, sizes after the data, through the central
//! directory), with limits on what it unpacks.

/// CRC-32 (IEEE), as ZIP needs it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// An archive of `(name, contents)` entries, stored without compression.
/// Names are UTF-8 (flagged as such). Sizes must fit in 32 bits.
pub fn store(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    // 1980-01-01 00:00: a fixed date keeps archives reproducible.
    let (time, date) = (0u16, (1 << 5) | 1);
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name = name.as_bytes();
        u32le(&mut out, 0x0403_4b50);
        for v in [20u16, 0x0800, 0, time, date] {
            u16le(&mut out, v);
        }
        for v in [crc, size, size] {
            u32le(&mut out, v);
        }
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(data);

        u32le(&mut central, 0x0201_4b50);
        for v in [20u16, 20, 0x0800, 0, time, date] {
            u16le(&mut central, v);
        }
        for v in [crc, size, size] {
            u32le(&mut central, v);
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for v in [0u16, 0, entries.len() as u16, entries.len() as u16] {
        u16le(&mut out, v);
    }
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

/// Reads the entries of an archive made of stored entries (as [`store`]
/// writes). Anything else — compressed entries, a damaged archive, a bad
/// checksum — is an error saying what.
pub fn read_stored(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut out = Vec::new();
    let mut at = 0;
    while u32_at(at) == Some(0x0403_4b50) {
        let damaged = || format!("damaged entry at byte {at}");
        let method = u16_at(at + 8).ok_or_else(damaged)?;
        let crc = u32_at(at + 14).ok_or_else(damaged)?;
        let size = u32_at(at + 18).ok_or_else(damaged)? as usize;
        let name_len = u16_at(at + 26).ok_or_else(damaged)? as usize;
        let extra_len = u16_at(at + 28).ok_or_else(damaged)? as usize;
        if method != 0 {
            return Err("a compressed entry (only stored entries are read)".into());
        }
        let name_start = at + 30;
        let data_start = name_start + name_len + extra_len;
        let name = bytes
            .get(name_start..name_start + name_len)
            .ok_or_else(damaged)?;
        let data = bytes
            .get(data_start..data_start + size)
            .ok_or_else(damaged)?;
        if crc32(data) != crc {
            return Err(format!(
                "checksum mismatch in {}",
                String::from_utf8_lossy(name)
            ));
        }
        out.push((String::from_utf8_lossy(name).into_owned(), data.to_vec()));
        at = data_start + size;
    }
    if out.is_empty() {
        return Err("not a ZIP archive".into());
    }
    Ok(out)
}

/// What [`read`] unpacks at most: per entry and in all.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub entry: usize,
    pub total: usize,
    pub entries: usize,
}

/// Reads an archive as zip tools write it: the central directory at its
/// end lists each entry (name, method, sizes, checksum, where its local
/// header is); entries are stored or deflated. Folders are skipped. An
/// entry or a total over `limits`, a ZIP64 or encrypted archive, another
/// compression method, a damaged entry or a wrong checksum is an error
/// saying which.
pub fn read(bytes: &[u8], limits: Limits) -> Result<Vec<(String, Vec<u8>)>, String> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i.checked_add(2)?)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i.checked_add(4)?)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // The end-of-central-directory record: within the last 64 KiB + 22
    // bytes (its comment is at most 65,535 bytes).
    let lowest = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (lowest..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(i) == Some(0x0605_4b50))
        .ok_or("not a ZIP archive (no central directory)")?;
    let count = u16_at(eocd + 10).ok_or("damaged central directory")?;
    let dir_at = u32_at(eocd + 16).ok_or("damaged central directory")?;
    if count == 0xffff || dir_at == 0xffff_ffff {
        return Err("a ZIP64 archive (not read: make a plain ZIP)".into());
    }
    if count > limits.entries {
        return Err(format!(
            "{count} entries (at most {} are read)",
            limits.entries
        ));
    }
    let mut out = Vec::new();
    let mut total = 0usize;
    let mut at = dir_at;
    for _ in 0..count {
        let damaged = || format!("damaged central directory at byte {at}");
        if u32_at(at) != Some(0x0201_4b50) {
            return Err(damaged());
        }
        let flags = u16_at(at + 8).ok_or_else(damaged)?;
        let method = u16_at(at + 10).ok_or_else(damaged)?;
        let crc = u32_at(at + 16).ok_or_else(damaged)? as u32;
        let packed = u32_at(at + 20).ok_or_else(damaged)?;
        let size = u32_at(at + 24).ok_or_else(damaged)?;
        let name_len = u16_at(at + 28).ok_or_else(damaged)?;
        let extra_len = u16_at(at + 30).ok_or_else(damaged)?;
        let comment_len = u16_at(at + 32).ok_or_else(damaged)?;
        let local = u32_at(at + 42).ok_or_else(damaged)?;
        let name = bytes.get(at + 46..at + 46 + name_len).ok_or_else(damaged)?;
        let name = String::from_utf8_lossy(name).into_owned();
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        if flags & 1 != 0 {
            return Err(format!("{name} is encrypted"));
        }
        if size > limits.entry {
            return Err(format!(
                "{name} unpacks to {size} bytes (at most {} bytes per file)",
                limits.entry
            ));
        }
        total = total.saturating_add(size);
        if total > limits.total {
            return Err(format!(
                "the archive unpacks to more than {} bytes",
                limits.total
            ));
        }
        let bad_local = || format!("damaged entry {name}");
        if u32_at(local) != Some(0x0403_4b50) {
            return Err(bad_local());
        }
        let start = local
            + 30
            + u16_at(local + 26).ok_or_else(bad_local)?
            + u16_at(local + 28).ok_or_else(bad_local)?;
        let data = bytes
            .get(start..start.checked_add(packed).ok_or_else(bad_local)?)
            .ok_or_else(bad_local)?;
        let data = match method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, size).map_err(|_| {
                format!("{name} could not be unpacked (damaged or larger than it says)")
            })?,
            m => {
                return Err(format!(
                    "{name} is packed with method {m} (only stored and deflated entries are read)"
                ))
            }
        };
        if data.len() != size || crc32(&data) != crc {
            return Err(format!("checksum mismatch in {name}"));
        }
        out.push((name, data));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_strings() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn round_trip_and_python_compatible_layout() {
        let zip = store(&[
            ("a.txt", "héllo".as_bytes()),
            ("b.ann", b"T1\tClaim 0 5\th\n"),
        ]);
        assert_eq!(&zip[..4], b"PK\x03\x04");
        assert_eq!(&zip[zip.len() - 22..zip.len() - 18], b"PK\x05\x06");
        let back = read_stored(&zip).expect("reads");
        assert_eq!(back[0], ("a.txt".to_string(), "héllo".as_bytes().to_vec()));
        assert_eq!(back[1].0, "b.ann");
        let mut bad = zip.clone();
        bad[40] ^= 1;
        assert!(read_stored(&bad).is_err());
        assert!(read_stored(b"not a zip").is_err());
    }

    /// Python's zipfile opens what `store` writes (python3 is required).
    #[test]
    fn python_zipfile_reads_it() {
        let zip = store(&[("x/a.txt", b"alpha"), ("b.ann", "T1\té\n".as_bytes())]);
        let dir = std::env::temp_dir().join(format!("glossa-zip-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("t.zip");
        std::fs::write(&path, &zip).expect("write");
        let script = "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist(), z.read('b.ann').decode())";
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("python3 is needed to cross-check the archive: {e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("['x/a.txt', 'b.ann'] T1\té"), "{stdout}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
