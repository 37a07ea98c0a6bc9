//! The network of mentors (the Krasnogorsky practice): results.json's `network`, laid out once
//! as a table for mentors.csv, the workbook and the page.

use std::fmt::Write as _;

use advise::{Need, Network, Outcome, Person, Track, Unmatched};
use features::Profiles;
use model::{District, Lang, Post};
use serde::Serialize;

use crate::doc::Results;
use crate::html::{esc, table};
use crate::sheet::{Cell, Sheet};

/// The most mentees the page lists (all are in mentors.csv and the workbook).
pub(crate) const PAGE_ROWS: usize = 200;

/// A member of staff as results.json names them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonDoc {
    /// The school's id.
    pub school_id: String,
    /// The school's name.
    pub school_name: String,
    /// The staff code.
    pub staff_id: String,
    /// The name when the staff table gives it.
    pub name: Option<String>,
}

/// A mentee's mentor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkMentorDoc {
    /// Who.
    #[serde(flatten)]
    pub person: PersonDoc,
    /// Straight-line km between the schools, when both have coordinates.
    pub km: Option<f64>,
}

/// A person to support, as results.json writes them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenteeDoc {
    /// Who.
    #[serde(flatten)]
    pub person: PersonDoc,
    /// `young_teacher`, `new_leader`, `low_results_school`, `unfavourable_conditions`.
    pub needs: Vec<&'static str>,
    /// The subject supported in (a teacher's).
    pub subject: Option<String>,
    /// The post supported in (a new leader's): `head` or `deputy`.
    pub post: Option<&'static str>,
    /// The mentor; `null` when none.
    pub mentor: Option<NetworkMentorDoc>,
    /// Why there is no mentor: `no_subject`, `no_mentor`, `too_far`, `taken`; `null` when matched.
    pub unmatched: Option<&'static str>,
    /// For `too_far`: the nearest possible mentor's school, km.
    pub nearest_km: Option<f64>,
    /// The reason in words; `null` when matched.
    pub reason: Option<String>,
}

/// The network of mentors as results.json writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct NetworkDoc {
    /// Mentees with a mentor.
    pub matched: usize,
    /// Mentees without one.
    pub unmatched: usize,
    /// The nearest mentor schools each mentee's candidates were cut to.
    pub candidate_schools: usize,
    /// Mentees whose candidates were cut; 0: the assignment is optimal over every mentor within
    /// reach.
    pub cut: usize,
    /// Everyone to support, in the order they were served.
    pub mentees: Vec<MenteeDoc>,
}

fn km1(km: f64) -> f64 {
    (km * 10.0).round() / 10.0
}

/// The network as results.json writes it.
pub fn network_doc(
    network: &Network,
    district: &District,
    profiles: &Profiles,
    lang: Lang,
) -> NetworkDoc {
    let person = |p: Person| {
        let school = district.school(profiles.schools[p.school]);
        let t = profiles.teachers[p.school].get(p.staff);
        PersonDoc {
            school_id: school.id.0.clone(),
            school_name: school.name.clone(),
            staff_id: t.map(|t| t.staff_id.clone()).unwrap_or_default(),
            name: t.and_then(|t| t.name.clone()),
        }
    };
    let mentees: Vec<MenteeDoc> = (network.mentees.iter())
        .map(|m| {
            let teacher = profiles.teachers[m.person.school].get(m.person.staff);
            let (mentor, why) = match m.outcome {
                Outcome::Matched { mentor, km } => (
                    Some(NetworkMentorDoc {
                        person: person(mentor),
                        km: km.map(km1),
                    }),
                    None,
                ),
                Outcome::Unmatched(why) => (None, Some(why)),
            };
            MenteeDoc {
                person: person(m.person),
                needs: m.needs.iter().map(|&n| need_code(n)).collect(),
                subject: match m.track {
                    Some(Track::Subject(_)) | None => {
                        teacher.and_then(|t| t.subject.as_ref().map(|s| s.to_string()))
                    }
                    Some(Track::Leader(_)) => None,
                },
                post: match m.track {
                    Some(Track::Leader(post)) => Some(post.code()),
                    _ => None,
                },
                mentor,
                unmatched: why.map(unmatched_code),
                nearest_km: match why {
                    Some(Unmatched::TooFar { nearest_km }) => Some(km1(nearest_km)),
                    _ => None,
                },
                reason: why.map(|w| unmatched_text(w, lang)),
            }
        })
        .collect();
    NetworkDoc {
        matched: mentees.iter().filter(|m| m.mentor.is_some()).count(),
        unmatched: mentees.iter().filter(|m| m.mentor.is_none()).count(),
        candidate_schools: network.candidate_schools,
        cut: network.cut,
        mentees,
    }
}

fn need_code(n: Need) -> &'static str {
    match n {
        Need::YoungTeacher => "young_teacher",
        Need::NewLeader => "new_leader",
        Need::LowResultsSchool => "low_results_school",
        Need::UnfavourableConditions => "unfavourable_conditions",
    }
}

fn need_text(code: &str, lang: Lang) -> &'static str {
    match code {
        "young_teacher" => lang.pick("молодой педагог", "young teacher"),
        "new_leader" => lang.pick("начинающий руководитель", "new leader"),
        "low_results_school" => lang.pick("слабый предмет ШНОР", "weak subject, SLR school"),
        _ => lang.pick("слабый предмет ШНСУ", "weak subject, SUC school"),
    }
}

fn post_text(code: &str, lang: Lang) -> &'static str {
    match code {
        c if c == Post::Head.code() => lang.pick("директор", "head"),
        _ => lang.pick("заместитель директора", "deputy head"),
    }
}

fn unmatched_code(u: Unmatched) -> &'static str {
    match u {
        Unmatched::NoSubject => "no_subject",
        Unmatched::NoMentor => "no_mentor",
        Unmatched::TooFar { .. } => "too_far",
        Unmatched::Taken => "taken",
    }
}

fn unmatched_text(u: Unmatched, lang: Lang) -> String {
    match u {
        Unmatched::NoSubject => lang
            .pick(
                "в таблице кадров не указан предмет",
                "the staff table gives no subject",
            )
            .into(),
        Unmatched::NoMentor => lang
            .pick(
                "в других школах района (кроме ШНОР) нет наставника этого предмета или должности",
                "no other school of the district (SLR schools aside) has a mentor of this subject or post",
            )
            .into(),
        Unmatched::TooFar { nearest_km } => match lang {
            Lang::Ru => format!(
                "все возможные наставники дальше предела; ближайший — {} км",
                crate::text::decimal(km1(nearest_km), 1, lang)
            ),
            Lang::En => format!(
                "every possible mentor is beyond the limit; the nearest is {} km away",
                crate::text::decimal(km1(nearest_km), 1, lang)
            ),
        },
        Unmatched::Taken => lang
            .pick(
                "все наставники в пределах досягаемости заняты теми, кого поддерживают раньше",
                "the mentors within reach are all taken by people supported first",
            )
            .into(),
    }
}

/// Наставники: every mentee with their mentor or why there is none.
pub(crate) fn sheet(results: &Results, lang: Lang) -> Sheet {
    let headers = [
        lang.pick("Код ОО", "School id"),
        lang.pick("Школа", "School"),
        lang.pick("Код работника", "Staff id"),
        lang.pick("ФИО", "Name"),
        lang.pick("Кого поддержать", "Why supported"),
        lang.pick("Предмет или должность", "Subject or post"),
        lang.pick("Код ОО наставника", "Mentor's school id"),
        lang.pick("Школа наставника", "Mentor's school"),
        lang.pick("Код наставника", "Mentor's staff id"),
        lang.pick("ФИО наставника", "Mentor's name"),
        lang.pick("Расстояние, км", "Distance, km"),
        lang.pick("Почему без наставника", "Why no mentor"),
    ];
    let mut sheet = Sheet::new(lang.pick("Наставники", "Mentors"), &headers);
    for m in &results.network.mentees {
        sheet.push(row(m, lang));
    }
    sheet
}

fn row(m: &MenteeDoc, lang: Lang) -> Vec<Cell> {
    let needs: Vec<&str> = m.needs.iter().map(|n| need_text(n, lang)).collect();
    let what = match (&m.subject, m.post) {
        (_, Some(post)) => post_text(post, lang).to_owned(),
        (Some(subject), None) => subject.clone(),
        (None, None) => String::new(),
    };
    let mentor = m.mentor.as_ref();
    let text = |s: Option<&str>| Cell::from(s.unwrap_or_default());
    vec![
        m.person.school_id.as_str().into(),
        m.person.school_name.as_str().into(),
        m.person.staff_id.as_str().into(),
        text(m.person.name.as_deref()),
        needs.join(", ").into(),
        what.into(),
        text(mentor.map(|x| x.person.school_id.as_str())),
        text(mentor.map(|x| x.person.school_name.as_str())),
        text(mentor.map(|x| x.person.staff_id.as_str())),
        text(mentor.and_then(|x| x.person.name.as_deref())),
        Cell::num(mentor.and_then(|x| x.km), 1),
        text(m.reason.as_deref()),
    ]
}

/// The page's section of the network of mentors, when there is anyone to support.
pub(crate) fn section(h: &mut String, results: &Results, lang: Lang) {
    let n = &results.network;
    if n.mentees.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"mentors\"><h2>{}</h2><p>{}</p>",
        esc(lang.pick("Сеть наставников", "The network of mentors")),
        esc(&summary(n, lang)),
    );
    let mut sheet = sheet(results, lang);
    let shown = sheet.rows.len().min(PAGE_ROWS);
    sheet.rows.truncate(shown);
    // The schools' and staff's codes are in mentors.csv; the page names them.
    h.push_str(&table(&sheet, &[1, 3, 4, 5, 7, 9, 10, 11], lang));
    if n.mentees.len() > shown {
        let _ = write!(
            h,
            "<p>{}</p>",
            esc(&match lang {
                Lang::Ru => format!(
                    "Показаны первые {shown} из {} (в порядке поддержки); все — в mentors.csv и \
                     в книге results.xlsx.",
                    n.mentees.len()
                ),
                Lang::En => format!(
                    "The first {shown} of {} are shown (in the order supported); all are in \
                     mentors.csv and results.xlsx.",
                    n.mentees.len()
                ),
            })
        );
    }
    h.push_str("</section>");
}

/// The section's opening sentence: who is to be supported, and how many have a mentor.
fn summary(n: &NetworkDoc, lang: Lang) -> String {
    let count = |code: &str| {
        (n.mentees.iter())
            .filter(|m| m.needs.contains(&code))
            .count()
    };
    let (young, leaders) = (count("young_teacher"), count("new_leader"));
    let (low, unfavourable) = (
        count("low_results_school"),
        count("unfavourable_conditions"),
    );
    let mut s = match lang {
        Lang::Ru => format!(
            "К поддержке {} чел.: молодых педагогов {young}, начинающих руководителей {leaders}, \
             учителей слабых предметов ШНОР {low} и ШНСУ {unfavourable}. Наставник из другой \
             школы района подобран {} (по предмету или должности, высшей или первой категории, \
             не больше указанной нагрузки и расстояния; сначала — люди ШНОР, затем ШНСУ); без \
             наставника — {}, с причиной. Человек с несколькими основаниями учтён в каждом.",
            n.mentees.len(),
            n.matched,
            n.unmatched
        ),
        Lang::En => format!(
            "{} people to support: {young} young teachers, {leaders} new leaders, {low} teachers \
             of weak subjects of schools with low results (SLR) and {unfavourable} of schools in \
             unfavourable social conditions (SUC). A mentor from another school of the district \
             was found for {} (of the subject or post, of the highest or first category, within \
             the load and the distance; the people of SLR schools first, then of SUC); {} have \
             none, each with the reason. A person with \
             several needs counts under each.",
            n.mentees.len(),
            n.matched,
            n.unmatched
        ),
    };
    if n.cut > 0 {
        let _ = write!(
            s,
            "{}",
            match lang {
                Lang::Ru => format!(
                    " У {} чел. кандидаты ограничены {} ближайшими школами (крупная территория).",
                    n.cut, n.candidate_schools
                ),
                Lang::En => format!(
                    " {} people's candidates were cut to the nearest {} schools (a large territory's \
                     scale).",
                    n.cut, n.candidate_schools
                ),
            }
        );
    }
    s
}
