//! A zipped spreadsheet (.xlsx, .ods) checked before calamine unpacks it: calamine sizes its
//! tables by what the file claims (a shared-string count, the farthest cell), and a file that
//! claims billions aborts the process on allocation. Here the claims are checked against what
//! the file can really hold, and the unpacked size is bounded.

use std::io::{Cursor, Read};

use super::*;

/// The most bytes the parts of a spreadsheet may unpack to.
const MAX_UNPACKED: u64 = 2 << 30;

/// The most cells a sheet may span, from A1 to its farthest cell (calamine holds each).
pub(super) const MAX_CELLS: u64 = 32_000_000;

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
        } else if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            let (rows, columns) = farthest_cell(entry);
            if rows.saturating_mul(columns) > MAX_CELLS {
                return refuse(format!(
                    "лист доходит до строки {rows} и столбца {columns}: больше {MAX_CELLS} \
                     ячеек; удалите то, что лежит за таблицей / a sheet reaches row {rows} and \
                     column {columns}: more than {MAX_CELLS} cells; delete what lies beyond the \
                     table"
                ));
            }
        }
    }
    Ok(())
}

/// The larger of the `count` and `uniqueCount` a shared-string table claims (in its first
/// kilobytes); 0 when it claims none.
fn claimed_strings(entry: impl Read) -> u64 {
    let mut head = Vec::new();
    if entry.take(4096).read_to_end(&mut head).is_err() {
        return 0;
    }
    let head = String::from_utf8_lossy(&head);
    let Some(sst) = head.find("<sst").map(|at| &head[at..]) else {
        return 0;
    };
    let sst = &sst[..sst.find('>').unwrap_or(sst.len())];
    ["count=\"", "uniqueCount=\""]
        .iter()
        .filter_map(|attr| {
            let at = sst.find(attr)? + attr.len();
            let digits: String = sst[at..].chars().take_while(char::is_ascii_digit).collect();
            Some(digits.parse::<u64>().unwrap_or(u64::MAX))
        })
        .max()
        .unwrap_or(0)
}

/// The farthest row and column (1-based) that a sheet's rows and cells name, read as the XML
/// streams by (`<row r="7"`, `<c r="AB7"`).
fn farthest_cell(mut entry: impl Read) -> (u64, u64) {
    let (mut rows, mut columns) = (0u64, 0u64);
    let mut buffer = vec![0u8; 1 << 16];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = match entry.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        carry.extend_from_slice(&buffer[..n]);
        let text = &carry[..];
        for (tag, is_cell) in [(&b"<row r=\""[..], false), (&b"<c r=\""[..], true)] {
            let mut at = 0;
            while let Some(found) = find(&text[at..], tag) {
                let start = at + found + tag.len();
                let reference: Vec<u8> = text[start..]
                    .iter()
                    .take(16)
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .copied()
                    .collect();
                let (column, row) = split_reference(&reference);
                rows = rows.max(row);
                if is_cell {
                    columns = columns.max(column);
                }
                at = start;
            }
        }
        // Keep the tail, where a tag may be cut in two.
        let keep = carry.len().saturating_sub(32);
        carry.drain(..keep);
    }
    (rows, columns.max(1))
}

/// `AB7` as (column 28, row 7); a reference without letters is a row number alone.
fn split_reference(reference: &[u8]) -> (u64, u64) {
    let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic());
    let column = letters.fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A' + 1))
    });
    let digits = reference.iter().skip_while(|b| b.is_ascii_alphabetic());
    let row = digits
        .take_while(|b| b.is_ascii_digit())
        .fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        });
    (column, row)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_split_into_column_and_row() {
        assert_eq!(split_reference(b"A1"), (1, 1));
        assert_eq!(split_reference(b"AB7"), (28, 7));
        assert_eq!(split_reference(b"XFD1048576"), (16384, 1_048_576));
        assert_eq!(split_reference(b"12"), (0, 12));
    }

    #[test]
    fn the_farthest_cell_is_found_across_reads() {
        let xml = format!(
            "<sheetData>{}<row r=\"9\"><c r=\"C9\"><v>1</v></c></row></sheetData>",
            "<row r=\"1\"><c r=\"A1\"/></row>".repeat(5000)
        );
        assert_eq!(farthest_cell(xml.as_bytes()), (9, 3));
    }

    #[test]
    fn a_claimed_string_count_is_read_from_the_tables_head() {
        let xml = "<?xml?><sst xmlns=\"x\" count=\"10\" uniqueCount=\"4000000000\"><si>";
        assert_eq!(claimed_strings(xml.as_bytes()), 4_000_000_000);
        assert_eq!(claimed_strings(&b"<sst><si><t>a</t></si></sst>"[..]), 0);
    }
}
