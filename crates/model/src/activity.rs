//! A methodical cluster's year of work as its activities table states it (the Lesosibirsk
//! practice, seeds 000 and 001): what it counts (participants, publications, schools, teachers,
//! partners, projects), whether its composition was kept and its plan fulfilled, and how far its
//! innovative product went.

use crate::category::Category;
use crate::ids::SchoolIx;

/// What a cluster's year counts, one column of the activities table each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    /// Participants of seminars and conferences.
    SeminarParticipants,
    /// Participants of grants and contests.
    GrantParticipants,
    /// Publications in municipal editions.
    PublicationsMunicipal,
    /// Publications in regional editions.
    PublicationsRegional,
    /// Publications in federal editions.
    PublicationsFederal,
    /// Schools piloting the innovation.
    PilotSchools,
    /// Teachers acquainted with the experience.
    TeachersAcquainted,
    /// Teachers who mastered it through an internship.
    TeachersMastered,
    /// Partner institutions.
    PartnerInstitutions,
    /// Projects developed.
    Projects,
}

impl Activity {
    /// Every activity, in the order of the activities table.
    pub const ALL: [Activity; 10] = [
        Activity::SeminarParticipants,
        Activity::GrantParticipants,
        Activity::PublicationsMunicipal,
        Activity::PublicationsRegional,
        Activity::PublicationsFederal,
        Activity::PilotSchools,
        Activity::TeachersAcquainted,
        Activity::TeachersMastered,
        Activity::PartnerInstitutions,
        Activity::Projects,
    ];

    /// The activity's column in the activities table (and its key in `[scorecard]`).
    pub fn code(self) -> &'static str {
        match self {
            Activity::SeminarParticipants => "seminar_participants",
            Activity::GrantParticipants => "grant_participants",
            Activity::PublicationsMunicipal => "publications_municipal",
            Activity::PublicationsRegional => "publications_regional",
            Activity::PublicationsFederal => "publications_federal",
            Activity::PilotSchools => "pilot_schools",
            Activity::TeachersAcquainted => "teachers_acquainted",
            Activity::TeachersMastered => "teachers_mastered",
            Activity::PartnerInstitutions => "partner_institutions",
            Activity::Projects => "projects",
        }
    }

    /// The criterion of the score card the activity scores under.
    pub fn criterion(self) -> Criterion {
        match self {
            Activity::SeminarParticipants
            | Activity::GrantParticipants
            | Activity::PublicationsMunicipal
            | Activity::PublicationsRegional
            | Activity::PublicationsFederal => Criterion::Scientific,
            Activity::PilotSchools | Activity::TeachersAcquainted | Activity::TeachersMastered => {
                Criterion::Methodical
            }
            Activity::PartnerInstitutions | Activity::Projects => Criterion::Social,
        }
    }
}

/// The criteria of the score card, as the seed groups its indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    /// Seminars, grants and publications.
    Scientific,
    /// Piloting schools and teachers acquainted with or mastering the experience.
    Methodical,
    /// Partner institutions and projects.
    Social,
    /// The composition kept and the plan fulfilled.
    Organisational,
    /// The innovative product.
    Integral,
}

impl Criterion {
    /// Every criterion, in the seed's order.
    pub const ALL: [Criterion; 5] = [
        Criterion::Scientific,
        Criterion::Methodical,
        Criterion::Social,
        Criterion::Organisational,
        Criterion::Integral,
    ];

    /// The criterion's code, as outputs write it.
    pub fn code(self) -> &'static str {
        match self {
            Criterion::Scientific => "scientific",
            Criterion::Methodical => "methodical",
            Criterion::Social => "social",
            Criterion::Organisational => "organisational",
            Criterion::Integral => "integral",
        }
    }
}

crate::category::category!(
    /// How far a cluster's innovative product went: each level includes the one before.
    ProductLevel {
        NoProduct => ["нет", "none", "не разработан"],
        Description => ["описание", "description", "описание продукта"],
        Recommendations => ["рекомендации", "recommendations", "описание и рекомендации", "методические рекомендации"],
        Didactic => ["дидактические материалы", "didactic", "дидактика", "описание, рекомендации и дидактические материалы"],
    }
);

crate::category::category!(
    /// A yes or no cell.
    YesNo {
        Yes => ["да", "yes", "+", "1"],
        No => ["нет", "no", "-", "0"],
    }
);

impl YesNo {
    /// Whether the cell said yes.
    pub fn is_yes(self) -> bool {
        self == YesNo::Yes
    }
}

/// One row of the activities table: a methodical cluster (or a pair of the run) in a year.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivityRecord {
    /// The cluster's name or code as the district writes it.
    pub cluster: String,
    /// The school year's end (2025 for 2024/25).
    pub year: u16,
    /// The lead school (опорная школа), when given.
    pub lead_school: Option<SchoolIx>,
    /// Each activity's count, in the order of [`Activity::ALL`] (an empty cell is 0).
    pub counts: [u32; 10],
    /// The cluster's composition was kept from start to end.
    pub composition_kept: bool,
    /// The year's plan was fulfilled.
    pub plan_fulfilled: bool,
    /// How far the innovative product went.
    pub product: ProductLevel,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_are_read_exactly_and_a_dash_alone_is_neither() {
        for (cell, value) in [
            ("да", Some(YesNo::Yes)),
            ("Да", Some(YesNo::Yes)),
            ("+", Some(YesNo::Yes)),
            ("1", Some(YesNo::Yes)),
            ("нет", Some(YesNo::No)),
            ("-", Some(YesNo::No)),
            ("0", Some(YesNo::No)),
            ("—", None),
            (".", None),
            ("может быть", None),
        ] {
            assert_eq!(YesNo::parse(cell), value, "{cell:?}");
        }
    }

    #[test]
    fn product_levels_are_read_by_their_names() {
        assert_eq!(
            ProductLevel::parse("Описание"),
            Some(ProductLevel::Description)
        );
        assert_eq!(
            ProductLevel::parse("дидактические материалы"),
            Some(ProductLevel::Didactic)
        );
        assert_eq!(ProductLevel::parse("нет"), Some(ProductLevel::NoProduct));
        assert_eq!(ProductLevel::parse("—"), None);
    }

    #[test]
    fn every_activity_scores_under_its_criterion() {
        assert_eq!(
            Activity::PublicationsFederal.criterion(),
            Criterion::Scientific
        );
        assert_eq!(
            Activity::TeachersMastered.criterion(),
            Criterion::Methodical
        );
        assert_eq!(Activity::Projects.criterion(), Criterion::Social);
    }
}
