//! Text encodings of input files: UTF-8 (with or without a BOM), UTF-16 with a BOM
//! (spreadsheets' "Unicode text"), and legacy code pages named with `--encoding`.
//! Bytes that are not UTF-8 without `--encoding` stop the run with the flag to use:
//! a name is never silently mangled.

use crate::error::{Error, Result};
pub use encoding_rs::Encoding;

/// The encoding `--encoding` names (`windows-1250`, `latin2`, `cp1256`, …).
pub fn by_label(label: &str) -> Result<&'static Encoding> {
    // WHATWG labels: case and surrounding spaces ignored, `cp1250` included.
    Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        Error::Usage(format!(
            "--encoding {label}: unknown encoding (expected e.g. utf-8, utf-16, windows-1250, windows-1252, windows-1256, iso-8859-2)"
        ))
    })
}

/// What to tell a user whose file is not UTF-8.
pub const HINT: &str = "pass --encoding windows-1250 (Central European, e.g. a Hungarian Excel export), windows-1252 (Western European) or windows-1256 (Arabic, Persian), or save the file as UTF-8";

/// Checks that `bytes` (the start of a file, possibly cut mid-character) are UTF-8;
/// else the error names the line and the byte.
pub fn check_utf8(bytes: &[u8], name: &str) -> Result<()> {
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(()),
        // A character cut by the end of the sample is not an error.
        Err(e) if e.error_len().is_none() => Ok(()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Error::Syntax {
                source_name: name.to_string(),
                line,
                column: 1,
                message: format!(
                    "the file is not UTF-8 text (byte 0x{:02X} on this line): {HINT}",
                    bytes[at]
                ),
            })
        }
    }
}

/// Decodes a whole file to UTF-8: by `encoding` when given, else by its BOM
/// (UTF-8 or UTF-16); other bytes must be UTF-8.
pub fn decode(bytes: Vec<u8>, encoding: Option<&'static Encoding>, name: &str) -> Result<Vec<u8>> {
    let sniffed = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, ..] => Some(encoding_rs::UTF_8),
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    match sniffed.or(encoding) {
        Some(enc) => {
            let (text, _, _) = enc.decode(&bytes);
            Ok(text.into_owned().into_bytes())
        }
        None => {
            check_utf8(&bytes, name)?;
            Ok(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_code_pages_and_utf16_become_utf8() {
        // "Kovács" in windows-1250 (á = 0xE1), "ő" = 0xF5.
        let cp1250 = b"client\nKov\xE1cs \xF5rs\n".to_vec();
        let e = decode(cp1250.clone(), None, "f.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("f.csv:2:1: the file is not UTF-8 text (byte 0xE1"),
            "{e}"
        );
        assert!(e.contains("--encoding windows-1250"), "{e}");
        let enc = by_label("CP1250").unwrap();
        let text = decode(cp1250, Some(enc), "f.csv").unwrap();
        assert_eq!(String::from_utf8(text).unwrap(), "client\nKovács őrs\n");
        // "آسمان" in windows-1256.
        let cp1256 = b"\xC2\xD3\xE3\xC7\xE4".to_vec();
        let text = decode(cp1256, Some(by_label("windows-1256").unwrap()), "f").unwrap();
        assert_eq!(String::from_utf8(text).unwrap(), "آسمان");
        // UTF-16 LE with its BOM, whatever --encoding says.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "a\tb\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(utf16, None, "f").unwrap(), b"a\tb\n");
        assert!(by_label("klingon").is_err());
    }

    #[test]
    fn a_character_cut_at_the_end_of_a_sample_is_fine() {
        assert!(check_utf8("é".as_bytes().split_at(1).0, "f").is_ok());
    }
}
