//! The ingest holdout: the demo district with its headers written as regional forms write
//! them gives the same groups and ranks as with its own headers, and every column is read.

use std::fs;
use std::path::Path;

use crate::common::{assert_success, demo_copy, path_arg, run_results, schoolpeers, stderr};

/// Each demo table's header line as a regional form writes it (same columns, same order).
const REGIONAL_HEADERS: [(&str, &str); 5] = [
    (
        "schools.csv",
        "Код ОО;Наименование образовательной организации;Кол-во обучающихся, чел.;\
         Вид образовательной организации;Тип местности;Широта;Долгота;\
         Доля детей из малообеспеченных семей, %;Доля детей из неполных семей, %;\
         Доля родителей с высшим образованием, %;Доля детей с ОВЗ, %;\
         Доля детей, для которых русский язык не родной, %;Расстояние до районного центра, км",
    ),
    (
        "staff.csv",
        "Код ОО;Табельный номер;Фамилия, имя, отчество;Должность;Преподаваемый предмет;\
         Педагогический стаж, лет;Стаж в занимаемой должности;\
         Квалификационная категория;Возраст, лет",
    ),
    (
        "exams.csv",
        "Код образовательной организации;Учебный год;Форма ГИА;Предмет;Код обучающегося;Баллы;\
         Отметка",
    ),
    (
        "olympiads.csv",
        "Код ОО;Год;Этап олимпиады;Предмет;Код участника;Статус участника",
    ),
    (
        "activities.csv",
        "Методический кластер;Учебный год;Опорная школа;Участники семинаров;Участники конкурсов;\
         Муниципальные публикации;Региональные публикации;Федеральные публикации;\
         Школы-апробаторы;Ознакомлены с опытом;Освоили опыт;Партнёры;Проекты;\
         Сохранность состава;Выполнение плана;Продукт",
    ),
];

fn set_header(path: &Path, header: &str) {
    let text = fs::read_to_string(path).expect("readable");
    let (_, rows) = text.split_once("\r\n").expect("a header line");
    fs::write(path, format!("\u{feff}{header}\r\n{rows}")).expect("written");
}

/// Each school's id, group and rank in its group.
fn standings(results: &serde_json::Value) -> Vec<(String, String, String)> {
    results["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .map(|s| {
            let field = |k: &str| s[k].to_string();
            (
                field("school_id"),
                field("peer_group"),
                field("rank_in_group"),
            )
        })
        .collect()
}

#[test]
fn regional_headers_give_the_same_groups_and_ranks_and_every_column_is_read() {
    let canonical = run_results(&crate::common::demo_data());
    let data = demo_copy();
    for (file, header) in REGIONAL_HEADERS {
        set_header(&data.path().join(file), header);
    }
    let regional = run_results(data.path());
    assert_eq!(standings(&regional), standings(&canonical));
    for input in regional["manifest"]["inputs"].as_array().expect("inputs") {
        let columns = input["columns"].as_array().expect("columns");
        let headers = REGIONAL_HEADERS
            .iter()
            .find(|(f, _)| input["file"] == *f)
            .map(|(_, h)| h.split(';').count())
            .expect("a demo file");
        assert_eq!(
            columns.len(),
            headers,
            "{}: every column listed",
            input["file"]
        );
        for c in columns {
            assert_ne!(c["matched"], "unused", "{c}");
        }
    }
    let words: Vec<&str> = regional["manifest"]["inputs"][0]["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter(|c| c["matched"] == "words")
        .filter_map(|c| c["header"].as_str())
        .collect();
    assert!(
        words.contains(&"Доля детей, для которых русский язык не родной, %"),
        "{words:?}"
    );
}

#[test]
fn check_shows_how_every_column_is_read_and_warns_of_each_one_not_used() {
    let data = demo_copy();
    let path = data.path().join("schools.csv");
    let text = fs::read_to_string(&path).expect("readable");
    let text = text
        .replacen("неполные семьи, %", "Доля детей из неполных семей, %", 1)
        .replace("\r\n", ";примечание\r\n");
    fs::write(&path, text).expect("written");
    let out = tempfile::tempdir().expect("dir");
    let o = schoolpeers(&[
        "--lang",
        "en",
        "check",
        path_arg(data.path()),
        "--out",
        path_arg(out.path()),
    ]);
    assert_success(&o);
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    for line in [
        "«Доля детей из неполных семей, %» → single_parent_pct (recognised by its words); \
         indicators: single_parent_pct",
        "«обучающихся» → students; indicators: log_students",
        "«примечание» → not used",
        "schools.csv, row 1, column \"примечание\": the column is not used",
        "Warnings: 1",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    let quality = fs::read_to_string(out.path().join("data-quality.csv")).expect("written");
    assert!(
        quality.contains("schools.csv;;примечание;read as;not used"),
        "{quality}"
    );
}
