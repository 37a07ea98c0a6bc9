//! A zipped spreadsheet (.xlsx, .ods) checked before calamine unpacks it: calamine reserves
//! room for the shared strings a file claims, and a file that claims billions aborts the
//! process on allocation. Here the claim is checked against what the file can really hold,
//! and the unpacked size is bounded. (The cells' extent is checked once the workbook is open,
//! with calamine's own cell reader: see `spreadsheet.rs`.)

use std::io::{Cursor, Read};

use super::*;

/// The most bytes the parts of a spreadsheet may unpack to.
const MAX_UNPACKED: u64 = 2 << 30;

/// The fewest bytes one shared string takes in its XML (`<si><t/></si>`).
const SHARED_STRING_BYTES: u64 = 12;

/// Checks a spreadsheet's zip before it is opened; a file that is no zip (.xls) passes.
pub(super) fn check_unpacking(file: &str, bytes: &[u8]) -> Result<(), Box<Problem>> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // Not a zip: calamine says what it is.
    };
    let refuse = |detail: String| Err(unreadable(file, detail));
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > MAX_UNPACKED {
        return refuse(format!(
            "распакованный файл занял бы {} МБ, больше {} МБ / the file would unpack to {} MB, \
             more than {} MB",
            unpacked >> 20,
            MAX_UNPACKED >> 20,
            unpacked >> 20,
            MAX_UNPACKED >> 20
        ));
    }
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_lowercase()).unwrap_or_default();
        let size = entry.size();
        if name.ends_with("sharedstrings.xml") {
            let claimed = claimed_strings(entry);
            let room = size / SHARED_STRING_BYTES + 1;
            if claimed > room {
                return refuse(format!(
                    "таблица строк файла заявляет {claimed} строк, а вмещает не больше {room}: \
                     файл повреждён; откройте и сохраните его в Excel / the file's shared-string \
                     table claims {claimed} strings but holds at most {room}: the file is \
                     damaged; open and save it in Excel"
                ));
            }
        }
    }
    Ok(())
}

/// The larger of the `count` and `uniqueCount` a shared-string table claims; 0 when it claims
/// none. Read as calamine reads it (quick-xml, the first `sst` start tag whatever its prefix,
/// as far as the entry can be read: calamine reads an entry that fails its checksum too).
fn claimed_strings(entry: impl Read) -> u64 {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                return e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .filter(|a| matches!(a.key.as_ref(), "count" | "uniqueCount"))
                    .map(|a| leading_number(a.value.as_bytes()))
                    .max()
                    .unwrap_or(0);
            }
            Ok(Event::Eof) | Err(_) => return 0,
            Ok(_) => {}
        }
    }
}

/// The number an attribute value begins with (after a `+`), saturating; 0 without digits.
fn leading_number(value: &[u8]) -> u64 {
    let value = value.strip_prefix(b"+").unwrap_or(value);
    value
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claimed_string_count_is_read_from_the_tables_head() {
        let xml = "<?xml?><sst xmlns=\"x\" count=\"10\" uniqueCount=\"4000000000\"><si>";
        assert_eq!(claimed_strings(xml.as_bytes()), 4_000_000_000);
        assert_eq!(claimed_strings(&b"<sst><si><t>a</t></si></sst>"[..]), 0);
        let spaced = "<sst xmlns=\"x\" uniqueCount = '99999999999'>";
        assert_eq!(claimed_strings(spaced.as_bytes()), 99_999_999_999);
        assert_eq!(claimed_strings(&b"<sst xuniqueCount=\"9\">"[..]), 0);
        let prefixed = "<!-- a comment -->\n<x:sst uniqueCount=\"+123456789\"/>";
        assert_eq!(claimed_strings(prefixed.as_bytes()), 123_456_789);
        let angle = "<sst xmlns=\">x\" uniqueCount=\"4000000000\"><si><t> count=\"7\"</t>";
        assert_eq!(claimed_strings(angle.as_bytes()), 4_000_000_000);
    }
}
