//! Typed records of a district, shared by every crate downstream.

use std::fmt;

use crate::lang::Lang;
use crate::parse::normalize;

/// A school's identifier as the district writes it (e.g. the regional "код ОО").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolId(pub String);

impl fmt::Display for SchoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Position of a school in [`District::schools`]; records refer to schools by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolIx(pub u32);

impl SchoolIx {
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// A student named in the exam tables, as a position in [`District::students`]:
/// the same id at the same school is the same student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StudentIx(std::num::NonZeroU32);

impl StudentIx {
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

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// A subject name, trimmed and lower-cased so that "Математика" and "математика " match.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject(std::sync::Arc<str>);

impl Subject {
    pub fn new(name: &str) -> Self {
        Subject(name.trim().to_lowercase().replace('ё', "е").into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A closed set of values written in the input as Russian or English words.
pub trait Category: Copy + Sized + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// Accepted spellings; the first is the Russian label, the second the English one.
    fn spellings(self) -> &'static [&'static str];

    fn label(self, lang: Lang) -> &'static str {
        let s = self.spellings();
        lang.pick(s[0], s[1])
    }

    /// Parses a cell, ignoring case, spaces, punctuation and ё/е.
    fn parse(text: &str) -> Option<Self> {
        // Exact spellings first: no folding for the common case.
        let trimmed = text.trim();
        if let Some(v) = Self::ALL
            .iter()
            .copied()
            .find(|v| v.spellings().contains(&trimmed))
        {
            return Some(v);
        }
        let key = normalize(text);
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.spellings().iter().any(|s| normalize(s) == key))
    }

    /// The accepted values, for error messages.
    fn expected(lang: Lang) -> String {
        Self::ALL
            .iter()
            .map(|v| v.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! category {
    ($(#[$m:meta])* $name:ident { $($variant:ident => [$($s:literal),+]),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }
        impl Category for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn spellings(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($s),+]),+ }
            }
        }
    };
}

category!(
    /// State exam or check-up test.
    ExamKind {
        Ege => ["ЕГЭ", "EGE"],
        Oge => ["ОГЭ", "OGE"],
        Vpr => ["ВПР", "VPR"],
    }
);

/// ОГЭ maximum primary scores by subject: for each subject the largest maximum
/// of the FIPI specifications of 2020–2026, so that no valid score of those
/// years is refused. `[oge_max_score]` in the district config sets the exact
/// maximum of a year, or adds a subject.
pub const OGE_MAX_SCORES: &[(&str, f64)] = &[
    ("русский язык", 37.0),
    ("математика", 32.0),
    ("физика", 45.0),
    ("химия", 40.0),
    ("биология", 48.0),
    ("география", 32.0),
    ("обществознание", 39.0),
    ("история", 37.0),
    ("информатика", 21.0),
    ("английский язык", 68.0),
    ("немецкий язык", 68.0),
    ("французский язык", 68.0),
    ("испанский язык", 68.0),
];

/// The valid range of a score for each exam and subject: ЕГЭ test scores are
/// 0–100; an ОГЭ primary score is within its subject's maximum; ВПР scores and
/// the scores of ОГЭ subjects without a known maximum are checked against 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreLimits {
    /// ОГЭ maxima by subject: the analyst's first, then the built-in ones.
    oge_max: Vec<(Subject, f64)>,
}

impl Default for ScoreLimits {
    fn default() -> Self {
        ScoreLimits::with_oge_max(Vec::new())
    }
}

impl ScoreLimits {
    /// Limits with the analyst's own ОГЭ maxima over the built-in ones.
    pub fn with_oge_max(mut oge_max: Vec<(Subject, f64)>) -> Self {
        oge_max.extend(
            OGE_MAX_SCORES
                .iter()
                .map(|(subject, max)| (Subject::new(subject), *max)),
        );
        ScoreLimits { oge_max }
    }

    /// Inclusive range of a valid score.
    pub fn range(&self, exam: ExamKind, subject: &Subject) -> (f64, f64) {
        match exam {
            ExamKind::Oge => {
                let max = self.oge_max.iter().find(|(s, _)| s == subject);
                (0.0, max.map_or(100.0, |(_, max)| *max))
            }
            ExamKind::Ege | ExamKind::Vpr => (0.0, 100.0),
        }
    }
}

/// The range of a mark on the five-point scale (ОГЭ, ВПР, basic-level ЕГЭ).
pub const MARK_RANGE: (u8, u8) = (2, 5);

category!(
    /// A teacher's qualification category after certification (аттестация).
    Qualification {
        Highest => ["высшая", "highest", "высшая категория"],
        First => ["первая", "first", "первая категория"],
        Conformity => ["СЗД", "conformity", "соответствие занимаемой должности", "соответствие"],
        NoCategory => ["без категории", "none", "нет", "б/к"],
    }
);

category!(
    /// Urban or rural location.
    Settlement {
        Urban => ["город", "urban", "городская", "городское", "г"],
        Rural => ["село", "rural", "сельская", "сельское", "с"],
    }
);

category!(
    /// Kind of school by the grades it teaches and its profile.
    SchoolKind {
        Primary => ["НОШ", "primary", "начальная"],
        Basic => ["ООШ", "basic", "основная"],
        Secondary => ["СОШ", "secondary", "средняя"],
        Gymnasium => ["гимназия", "gymnasium"],
        Lyceum => ["лицей", "lyceum"],
    }
);

category!(
    /// Stage of the all-Russian school olympiad.
    OlympiadStage {
        School => ["школьный", "school"],
        Municipal => ["муниципальный", "municipal"],
        Regional => ["региональный", "regional"],
        Final => ["заключительный", "final", "всероссийский"],
    }
);

category!(
    /// A student's result at an olympiad stage.
    OlympiadResult {
        Participant => ["участник", "participant"],
        PrizeWinner => ["призёр", "prize_winner", "призер", "prize winner"],
        Winner => ["победитель", "winner"],
    }
);

/// Social-passport and location indicators of a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PassportField {
    LowIncomePct,
    SingleParentPct,
    ParentsHigherEdPct,
    DisabilityPct,
    NonNativePct,
    DistanceToCentreKm,
}

impl PassportField {
    pub const ALL: [PassportField; 6] = [
        PassportField::LowIncomePct,
        PassportField::SingleParentPct,
        PassportField::ParentsHigherEdPct,
        PassportField::DisabilityPct,
        PassportField::NonNativePct,
        PassportField::DistanceToCentreKm,
    ];

    /// The English canonical column name.
    pub fn code(self) -> &'static str {
        match self {
            PassportField::LowIncomePct => "low_income_pct",
            PassportField::SingleParentPct => "single_parent_pct",
            PassportField::ParentsHigherEdPct => "parents_higher_ed_pct",
            PassportField::DisabilityPct => "disability_pct",
            PassportField::NonNativePct => "non_native_pct",
            PassportField::DistanceToCentreKm => "distance_to_centre_km",
        }
    }

    /// Whether the value is a percentage (0–100) rather than a distance.
    pub fn is_percent(self) -> bool {
        !matches!(self, PassportField::DistanceToCentreKm)
    }
}

/// The passport values of one school; any may be missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Passport {
    values: [Option<f64>; 6],
}

impl Passport {
    pub fn get(&self, field: PassportField) -> Option<f64> {
        self.values[field as usize]
    }
    pub fn set(&mut self, field: PassportField, value: Option<f64>) {
        self.values[field as usize] = value;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct School {
    pub id: SchoolId,
    pub name: String,
    pub students: u32,
    pub kind: Option<SchoolKind>,
    pub settlement: Option<Settlement>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub passport: Passport,
    /// Unfilled teaching posts (rates), where the schools table gives them.
    pub vacancies: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    pub school: SchoolIx,
    /// The year folder the row came from; `None` for a single-folder district.
    pub year: Option<u16>,
    pub staff_id: String,
    pub role: Option<String>,
    pub subject: Option<Subject>,
    pub experience_years: Option<f64>,
    pub qualification: Option<Qualification>,
    pub age: Option<f64>,
}

/// One student's result in one exam subject: a score, a mark 2–5, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamRecord {
    pub school: SchoolIx,
    pub year: u16,
    pub exam: ExamKind,
    pub subject: Subject,
    pub student: Option<StudentIx>,
    pub score: Option<f64>,
    pub mark: Option<u8>,
}

/// A school's results in one exam subject and year, as aggregated tables give
/// them: the number of participants and their mean score or mean mark.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamSummary {
    pub school: SchoolIx,
    pub year: u16,
    pub exam: ExamKind,
    pub subject: Subject,
    pub participants: u32,
    /// Mean score; `None` when only marks are given (or nobody took the exam).
    pub mean_score: Option<f64>,
    /// Mean mark on the five-point scale.
    pub mean_mark: Option<f64>,
    /// Participants below the subject's minimum (or with the mark 2).
    pub failed: Option<u32>,
    /// Participants with a high score (81–100 on ЕГЭ, or the mark 5).
    pub high_scorers: Option<u32>,
}

category!(
    /// What an indicator is used for.
    Role {
        Context => ["контекст", "context"],
        Outcome => ["результат", "outcome"],
        Resource => ["ресурс", "resource"],
    }
);

impl Role {
    pub fn code(self) -> &'static str {
        self.spellings()[1]
    }
}

/// An indicator the analyst added through an extra table of the config.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExtraIndicator {
    /// Unique code (latin letters, digits, `_`), as in results.json.
    pub code: String,
    /// The analyst's name for it, shown in reports.
    pub name: String,
    pub role: Role,
    /// The file it was read from.
    pub file: String,
    /// Whether the value is a share in percent computed from two counts.
    pub share: bool,
}

/// One value of an extra indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraValue {
    pub school: SchoolIx,
    pub year: Option<u16>,
    /// Position in [`District::extra_indicators`].
    pub indicator: usize,
    pub value: f64,
}

/// One student's participation in one olympiad stage.
#[derive(Debug, Clone, PartialEq)]
pub struct OlympiadRecord {
    pub school: SchoolIx,
    pub year: u16,
    pub stage: OlympiadStage,
    pub subject: Option<Subject>,
    pub student_id: Option<String>,
    pub result: OlympiadResult,
}

/// The four input tables of a district, and the extra indicator tables of its config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableKind {
    Schools,
    Staff,
    Exams,
    Olympiads,
    /// A table named in the config's `[[extra]]` sections.
    Extra,
}

impl TableKind {
    /// The tables looked for in every data folder.
    pub const ALL: [TableKind; 4] = [
        TableKind::Schools,
        TableKind::Staff,
        TableKind::Exams,
        TableKind::Olympiads,
    ];

    /// File stem of the table in a data folder (`schools.csv`).
    pub fn stem(self) -> &'static str {
        match self {
            TableKind::Schools => "schools",
            TableKind::Staff => "staff",
            TableKind::Exams => "exams",
            TableKind::Olympiads => "olympiads",
            TableKind::Extra => "extra",
        }
    }

    /// Whether a run can go on without this table.
    pub fn required(self) -> bool {
        matches!(self, TableKind::Schools | TableKind::Exams)
    }
}

/// An input file that was read, for the run's manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub table: TableKind,
    /// The file name inside the data folder.
    pub name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Data rows read (the header not counted): always `accepted + rejected`.
    pub rows: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Distinct schools in the accepted rows.
    pub schools: usize,
    /// Distinct years in the accepted rows, ascending (empty for tables without years).
    pub years: Vec<u16>,
    /// The known columns the file has, with their missing cells.
    pub columns: Vec<ColumnStats>,
}

/// How complete one column of an input file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnStats {
    pub canonical: String,
    /// The header as written in the file.
    pub header: String,
    /// Empty cells and "no data" marks.
    pub missing: usize,
}

/// Everything known about a district after ingest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct District {
    pub schools: Vec<School>,
    pub staff: Vec<StaffMember>,
    /// Per-student exam results.
    pub exams: Vec<ExamRecord>,
    /// The students the per-student results name.
    pub students: Students,
    /// Exam results aggregated per school, subject and year.
    pub exam_summaries: Vec<ExamSummary>,
    pub olympiads: Vec<OlympiadRecord>,
    /// Indicators from the config's extra tables, and their values.
    pub extra_indicators: Vec<ExtraIndicator>,
    pub extra_values: Vec<ExtraValue>,
    pub sources: Vec<SourceFile>,
    /// Tables that were absent but optional.
    pub missing_optional: Vec<TableKind>,
    /// Bad rows set aside under `--skip-bad-rows`, each with its problem.
    pub set_aside: Vec<crate::Problem>,
    /// Problems that do not stop a run (see [`crate::Severity`]).
    pub warnings: Vec<crate::Problem>,
    /// What the district config says about indicators, for `features` to check and apply.
    pub settings: crate::IndicatorSettings,
    /// The config's `[groups]`, as written.
    pub group_settings: crate::GroupSettings,
    /// The config's `[advise]`, as written.
    pub advise_settings: crate::AdviseSettings,
}

impl District {
    pub fn school(&self, ix: SchoolIx) -> &School {
        &self.schools[ix.get()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<C: Category + PartialEq + std::fmt::Debug>(input: &str, expected: Option<C>) {
        assert_eq!(C::parse(input), expected, "parsing {input:?}");
    }

    #[test]
    fn categories_parse_russian_and_english_spellings() {
        check("ЕГЭ", Some(ExamKind::Ege));
        check(" егэ ", Some(ExamKind::Ege));
        check("OGE", Some(ExamKind::Oge));
        check("Призёр", Some(OlympiadResult::PrizeWinner));
        check("призер", Some(OlympiadResult::PrizeWinner));
        check(
            "Соответствие занимаемой должности",
            Some(Qualification::Conformity),
        );
        check("без категории", Some(Qualification::NoCategory));
        check("сельская", Some(Settlement::Rural));
        check::<ExamKind>("ОГЕ экзамен", None);
    }

    #[test]
    fn labels_follow_language() {
        assert_eq!(ExamKind::Vpr.label(Lang::Ru), "ВПР");
        assert_eq!(ExamKind::Vpr.label(Lang::En), "VPR");
        assert_eq!(
            Settlement::expected(Lang::En),
            "urban, rural",
            "expected list is built from the English labels"
        );
    }
}
