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

/// The larger of the `count` and `uniqueCount` a shared-string table claims (in its first
/// kilobytes, as far as they can be read); 0 when it claims none.
fn claimed_strings(entry: impl Read) -> u64 {
    // What can be read, even when the entry then fails its checksum: calamine reads it so.
    let mut head = Vec::new();
    let mut entry = entry.take(4096);
    let mut buffer = [0u8; 512];
    while let Ok(n @ 1..) = entry.read(&mut buffer) {
        head.extend_from_slice(&buffer[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let Some(sst) = head.find("<sst").map(|at| &head[at..]) else {
        return 0;
    };
    let sst = &sst[..sst.find('>').unwrap_or(sst.len())];
    ["count", "uniqueCount"]
        .iter()
        .flat_map(|name| attribute_values(sst, name))
        .map(|digits| digits.parse::<u64>().unwrap_or(u64::MAX))
        .max()
        .unwrap_or(0)
}

/// The values (their leading digits) of every attribute `name` in a tag's text, however the
/// XML writes it: `name="7"`, `name = '7'`.
fn attribute_values<'a>(tag: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    tag.match_indices(name).filter_map(move |(at, _)| {
        let before = tag[..at].chars().next_back()?;
        if !before.is_whitespace() {
            return None; // Part of a longer name.
        }
        let rest = tag[at + name.len()..]
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let rest = rest.strip_prefix(['"', '\''])?;
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
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
    }
}
