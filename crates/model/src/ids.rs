//! Identifiers: schools and students by position, school ids and subjects as written.

use std::fmt;

/// A school's identifier as the district writes it (e.g. the regional "код ОО").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolId(pub String);

impl fmt::Display for SchoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Position of a school in [`crate::District::schools`]; records refer to schools by it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct SchoolIx(pub u32);

impl SchoolIx {
    /// The position as an index.
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// A student named in the exam tables, as a position in [`crate::District::students`]:
/// the same id at the same school is the same student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StudentIx(std::num::NonZeroU32);

impl StudentIx {
    /// The position as an index.
    pub fn get(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// The ids of the students named in the exam tables, stored end to end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Students {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
}

impl Students {
    /// Adds an id and returns its position; `None` beyond `u32::MAX` students.
    /// Ids are not deduplicated here: ingest looks each one up before adding it.
    pub fn push(&mut self, id: &str) -> Option<StudentIx> {
        let n = u32::try_from(self.ends.len() + 1).ok()?;
        self.text.push_str(id);
        self.ends.push(self.text.len());
        std::num::NonZeroU32::new(n).map(StudentIx)
    }

    /// The id as written in the exam table.
    pub fn id(&self, student: StudentIx) -> &str {
        let i = student.get();
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The student at `index` (0-based, in the order added), if there is one.
    pub fn at(&self, index: usize) -> Option<StudentIx> {
        if index >= self.len() {
            return None;
        }
        let n = u32::try_from(index + 1).ok()?;
        std::num::NonZeroU32::new(n).map(StudentIx)
    }

    /// Every id, in the order added.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.text[start..end])
    }

    /// How many students.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no student is named.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// A subject name, trimmed and lower-cased so that "Математика" and "математика " match.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject(std::sync::Arc<str>);

impl Subject {
    /// A subject as written: trimmed, lower-cased, `ё` as `е`.
    pub fn new(name: &str) -> Self {
        Subject(name.trim().to_lowercase().replace('ё', "е").into())
    }
    /// The subject's folded name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
