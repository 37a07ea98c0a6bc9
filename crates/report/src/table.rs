//! The outputs of `schoolpeers cluster`: the groups of any numeric table, the
//! scores of every k tried and, for hierarchical methods, the merge tree.

use std::path::{Path, PathBuf};

use cluster::KSelection;
use ingest::Lang;

use crate::csv::ExcelCsv;
use crate::doc::csv_num;
use crate::text::yes;
use crate::{write_file, ReportError};

/// The files of a clustered table: `labels` itself, and beside it
/// `<stem>-k.csv` (the k-selection table) and, when there is a tree, `<stem>-tree.csv`.
pub fn write_table_groups(
    labels: &Path,
    id_header: &str,
    ids: &[String],
    selection: &KSelection,
    lang: Lang,
) -> Result<Vec<PathBuf>, ReportError> {
    let sibling = |suffix: &str| {
        let stem = labels
            .file_stem()
            .map_or_else(|| "groups".into(), |s| s.to_string_lossy().into_owned());
        labels.with_file_name(format!("{stem}-{suffix}.csv"))
    };
    let mut written = Vec::new();

    let mut csv = ExcelCsv::new();
    csv.row(&[id_header, lang.pick("Группа", "Group")]);
    for (id, &g) in ids.iter().zip(&selection.chosen.labels) {
        csv.row(&[id.clone(), (g + 1).to_string()]);
    }
    write_file(labels, &csv.into_bytes())?;
    written.push(labels.to_owned());

    let path = sibling("k");
    let mut csv = ExcelCsv::new();
    csv.row(&match lang {
        Lang::Ru => [
            "Число групп",
            "Силуэт",
            "Индекс Калинского — Харабаза",
            "Gap-статистика",
            "Ошибка gap",
            "Внутригрупповая сумма квадратов",
            "Наименьшая группа",
            "Наибольшая группа",
            "Допустимо",
            "Выбрано",
        ],
        Lang::En => [
            "Groups",
            "Silhouette",
            "Calinski-Harabasz index",
            "Gap statistic",
            "Gap standard error",
            "Within-group sum of squares",
            "Smallest group",
            "Largest group",
            "Admissible",
            "Chosen",
        ],
    });
    for c in &selection.candidates {
        csv.row(&[
            c.k.to_string(),
            csv_num(Some(c.silhouette), 4),
            csv_num(Some(c.calinski_harabasz).filter(|v| v.is_finite()), 4),
            csv_num(c.gap.map(|g| g.0), 4),
            csv_num(c.gap.map(|g| g.1), 4),
            csv_num(Some(c.inertia), 4),
            c.smallest_group.to_string(),
            c.largest_group.to_string(),
            yes(c.admissible, lang),
            yes(c.k == selection.chosen.k, lang),
        ]);
    }
    write_file(&path, &csv.into_bytes())?;
    written.push(path);

    if let Some(tree) = selection.trees.first() {
        let path = sibling("tree");
        let mut csv = ExcelCsv::new();
        csv.row(&match lang {
            Lang::Ru => ["Шаг", "Кластер 1", "Кластер 2", "Высота", "Размер"],
            Lang::En => ["Step", "Cluster 1", "Cluster 2", "Height", "Size"],
        });
        for (step, m) in tree.tree.merges.iter().enumerate() {
            csv.row(&[
                (step + 1).to_string(),
                m.left.to_string(),
                m.right.to_string(),
                csv_num(Some(m.height), 6),
                m.size.to_string(),
            ]);
        }
        write_file(&path, &csv.into_bytes())?;
        written.push(path);
    }
    Ok(written)
}
