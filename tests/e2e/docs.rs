//! The documentation names every column the engine reads, with its Russian header.

use ingest::columns::spec;
use ingest::TableKind;

use crate::common::repo_root;

#[test]
fn data_format_documents_every_column() {
    let doc = std::fs::read_to_string(repo_root().join("docs/data-format.md"))
        .expect("docs/data-format.md");
    for table in TableKind::ALL {
        assert!(
            doc.contains(&format!("### {}", table.stem())),
            "section for {table:?}"
        );
        for column in spec(table) {
            assert!(
                doc.contains(&format!("`{}`", column.canonical)),
                "{} is documented",
                column.canonical
            );
            assert!(doc.contains(&*column.ru), "{} is documented", column.ru);
            for alias in column.aliases {
                assert!(
                    doc.contains(alias),
                    "alias {alias} of {} is documented",
                    column.canonical
                );
            }
        }
    }
}

#[test]
fn method_documents_every_indicator() {
    let doc = std::fs::read_to_string(repo_root().join("docs/method.md")).expect("docs/method.md");
    for indicator in features::Indicator::BUILT_IN {
        let code = indicator.code();
        assert!(
            doc.contains(&format!("`{code}`")),
            "{code} is in docs/method.md"
        );
    }
}

#[test]
fn config_documents_every_setting_that_init_writes() {
    let doc = std::fs::read_to_string(repo_root().join("docs/config.md")).expect("docs/config.md");
    for key in [
        "[columns]",
        "[oge_max_score]",
        "[[extra]]",
        "`file`",
        "`school_id`",
        "`year`",
        "[[extra.indicators]]",
        "`code`",
        "`name`",
        "`column`",
        "`per`",
        "`role`",
        "[outcome]",
        "`min_cohort`",
        "[outcome.weights]",
        "[context]",
        "`off`",
        "`normalisation`",
        "`missing`",
        "[context.missing_for]",
        "`years`",
        "`basis`",
        "[groups]",
        "`method`",
        "`criterion`",
        "`k`",
        "`k_max`",
        "`min_group_size`",
        "`max_group_share`",
        "`gap_references`",
        "schoolpeers init",
    ] {
        assert!(doc.contains(key), "docs/config.md documents {key}");
    }
}
