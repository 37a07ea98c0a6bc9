//! The outputs of `schoolpeers cluster`: the groups of any numeric table, the
//! scores of every k tried and, for hierarchical methods, the merge tree.

use std::path::{Path, PathBuf};

use cluster::KSelection;
use model::Lang;

use crate::csv::CsvDialect;
use crate::sheet::{Cell, Sheet};
use crate::text::yes;
use crate::{write_file, ReportError};

/// The files `schoolpeers cluster` may write for the groups file `labels`: itself,
/// `<stem>-k.csv` and `<stem>-tree.csv` beside it.
pub fn table_group_files(labels: &Path) -> [PathBuf; 3] {
    let stem = labels
        .file_stem()
        .map_or_else(|| "groups".into(), |s| s.to_string_lossy().into_owned());
    let sibling = |suffix: &str| labels.with_file_name(format!("{stem}-{suffix}.csv"));
    [labels.to_owned(), sibling("k"), sibling("tree")]
}

/// The files of a clustered table: `labels` itself, and beside it `<stem>-k.csv` (the
/// k-selection table, when k was scored) and, when there is a tree, `<stem>-tree.csv`. A file of
/// these names the run has nothing for is removed: an earlier run's k table or tree beside new
/// groups would mislead (the command checked before that any such file is its own).
pub fn write_table_groups(
    labels: &Path,
    id_header: &str,
    ids: &[String],
    selection: &KSelection,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<Vec<PathBuf>, ReportError> {
    let [_, k_file, tree_file] = table_group_files(labels);
    let mut written = Vec::new();

    let mut sheet = Sheet::new("groups", &[id_header, lang.pick("Группа", "Group")]);
    for (id, &g) in ids.iter().zip(&selection.chosen.labels) {
        sheet.push(vec![id.as_str().into(), Cell::int(Some(g + 1))]);
    }
    write_file(labels, &sheet.to_csv(dialect))?;
    written.push(labels.to_owned());

    if !selection.candidates.is_empty() {
        written.push(write_k_table(&k_file, selection, lang, dialect)?);
    }
    if let Some(tree) = selection.trees.first() {
        written.push(write_tree(&tree_file, tree, lang, dialect)?);
    }
    for stale in [k_file, tree_file] {
        if !written.contains(&stale) {
            remove_stale(&stale)?;
        }
    }
    Ok(written)
}

/// Removes a file of the output's names this run wrote nothing to, if there is one.
fn remove_stale(path: &Path) -> Result<(), ReportError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(ReportError::Io {
            path: path.to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// `<stem>-k.csv`: every k tried with its scores.
fn write_k_table(
    path: &Path,
    selection: &KSelection,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<PathBuf, ReportError> {
    let mut sheet = Sheet::new(
        "k",
        &match lang {
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
        },
    );
    for c in &selection.candidates {
        sheet.push(vec![
            Cell::int(Some(c.k)),
            Cell::num(Some(c.silhouette), 4),
            Cell::num(Some(c.calinski_harabasz), 4),
            Cell::num(c.gap.map(|g| g.0), 4),
            Cell::num(c.gap.map(|g| g.1), 4),
            Cell::num(Some(c.inertia), 4),
            Cell::int(Some(c.smallest_group)),
            Cell::int(Some(c.largest_group)),
            yes(c.admissible, lang).into(),
            yes(c.k == selection.chosen.k, lang).into(),
        ]);
    }
    write_file(path, &sheet.to_csv(dialect))?;
    Ok(path.to_owned())
}

/// `<stem>-tree.csv`: the merge tree of a hierarchical method.
fn write_tree(
    path: &Path,
    tree: &cluster::PartTree,
    lang: Lang,
    dialect: CsvDialect,
) -> Result<PathBuf, ReportError> {
    let mut sheet = Sheet::new(
        "tree",
        &match lang {
            Lang::Ru => ["Шаг", "Кластер 1", "Кластер 2", "Высота", "Размер"],
            Lang::En => ["Step", "Cluster 1", "Cluster 2", "Height", "Size"],
        },
    );
    for (step, m) in tree.tree.merges.iter().enumerate() {
        sheet.push(vec![
            Cell::int(Some(step + 1)),
            Cell::int(Some(m.left)),
            Cell::int(Some(m.right)),
            Cell::num(Some(m.height), 6),
            Cell::int(Some(m.size)),
        ]);
    }
    write_file(path, &sheet.to_csv(dialect))?;
    Ok(path.to_owned())
}
