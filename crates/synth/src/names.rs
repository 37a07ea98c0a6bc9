//! Teachers' names for a synthetic staff table, made from the school and the teacher's place in
//! it alone (no draw from the district's random stream, so that the rest of a district does not
//! depend on them).

/// Surnames, masculine and feminine.
const SURNAMES: &[(&str, &str)] = &[
    ("Иванов", "Иванова"),
    ("Петров", "Петрова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Соколов", "Соколова"),
    ("Лебедев", "Лебедева"),
    ("Козлов", "Козлова"),
    ("Новиков", "Новикова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Ткаченко", "Ткаченко"),
    ("Бондаренко", "Бондаренко"),
    ("Мельников", "Мельникова"),
    ("Захаров", "Захарова"),
    ("Зайцев", "Зайцева"),
];

/// Given names, masculine and feminine.
const GIVEN: &[(&str, &str)] = &[
    ("Александр", "Анна"),
    ("Сергей", "Елена"),
    ("Андрей", "Ольга"),
    ("Дмитрий", "Наталья"),
    ("Алексей", "Татьяна"),
    ("Николай", "Ирина"),
    ("Владимир", "Светлана"),
    ("Михаил", "Марина"),
];

/// Patronymics, masculine and feminine.
const PATRONYMICS: &[(&str, &str)] = &[
    ("Петрович", "Петровна"),
    ("Иванович", "Ивановна"),
    ("Сергеевич", "Сергеевна"),
    ("Александрович", "Александровна"),
    ("Николаевич", "Николаевна"),
    ("Викторович", "Викторовна"),
];

/// SplitMix64's finaliser: a well-mixed number from two small ones.
pub(crate) fn mix(school: usize, teacher: usize) -> u64 {
    let mut z = ((school as u64) << 32 | teacher as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The full name of the `teacher`-th teacher of the `school`-th school: most teachers are women.
pub(crate) fn teacher_name(school: usize, teacher: usize) -> String {
    let z = mix(school, teacher);
    let pick = |list: &[(&'static str, &'static str)], shift: u32| {
        let (man, woman) = list[((z >> shift) % list.len() as u64) as usize];
        if z.is_multiple_of(5) {
            man
        } else {
            woman
        }
    };
    format!(
        "{} {} {}",
        pick(SURNAMES, 8),
        pick(GIVEN, 24),
        pick(PATRONYMICS, 40)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_teacher_s_name_is_fixed_by_school_and_place_and_agrees_in_gender() {
        assert_eq!(teacher_name(3, 7), teacher_name(3, 7));
        let names: std::collections::BTreeSet<String> =
            (0..60).map(|t| teacher_name(0, t)).collect();
        assert!(names.len() > 50, "{} different names of 60", names.len());
        for name in &names {
            let words: Vec<&str> = name.split(' ').collect();
            assert_eq!(words.len(), 3, "{name}");
            let woman = words[2].ends_with("вна");
            let man = words[2].ends_with("вич");
            assert!(woman != man, "{name}");
            let given_is_womans = GIVEN.iter().any(|g| g.1 == words[1]);
            assert_eq!(given_is_womans, woman, "{name}");
        }
    }
}
