//! A district written in the input format (`report::write_district`, as `generate` does)
//! reads back identical through `ingest`: the two ends of the input format agree.

#[test]
fn a_written_district_reads_back_identical() {
    let params = synth::SynthParams::new(12, 2)
        .seed(3)
        .check()
        .expect("valid");
    let district = synth::generate(&params).district;
    let dir = tempfile::tempdir().expect("temp dir");
    report::write_district(dir.path(), &district).expect("written");
    let back = ingest::read_district(dir.path(), &ingest::ReadOptions::default())
        .expect("reads back")
        .0;
    assert_eq!(back.schools, district.schools);
    assert_eq!(back.staff, district.staff);
    assert_eq!(back.exams, district.exams);
    assert_eq!(back.olympiads, district.olympiads);
    assert_eq!(back.activities, district.activities);
    assert!(
        !district.activities.is_empty(),
        "the generator draws clusters"
    );
    assert_eq!(back.sources.len(), 5);
    assert!(back
        .sources
        .iter()
        .all(|s| s.rejected == 0 && s.accepted == s.rows));
    assert_eq!(back.missing_optional, []);
}

#[test]
fn summaries_are_written_as_a_per_school_exam_table() {
    let params = synth::SynthParams::new(12, 1)
        .seed(3)
        .check()
        .expect("valid");
    let mut district = synth::generate(&params).district;
    let mut summaries: Vec<model::ExamSummary> = Vec::new();
    for r in &district.exams {
        let score = r.score.expect("synth gives scores");
        match summaries.iter_mut().find(|s| {
            (s.school, s.year, s.exam, &s.subject) == (r.school, r.year, r.exam, &r.subject)
        }) {
            Some(s) => {
                let n = f64::from(s.participants);
                s.mean_score = s.mean_score.map(|m| (m * n + score) / (n + 1.0));
                s.participants += 1;
            }
            None => summaries.push(model::ExamSummary {
                school: r.school,
                year: r.year,
                exam: r.exam,
                subject: r.subject.clone(),
                participants: 1,
                mean_score: Some(score),
                sd_score: None,
                mean_mark: None,
                failed: Some(0),
                high_scorers: None,
            }),
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(matches!(
        report::write_district(
            dir.path(),
            &model::District {
                exam_summaries: summaries.clone(),
                ..district.clone()
            }
        ),
        Err(report::ReportError::MixedExamShapes)
    ));
    district.exams.clear();
    district.exam_summaries = summaries;
    report::write_district(dir.path(), &district).expect("written");
    let back = ingest::read_district(dir.path(), &ingest::ReadOptions::default())
        .expect("reads back")
        .0;
    assert!(back.exams.is_empty());
    assert_eq!(back.exam_summaries.len(), district.exam_summaries.len());
    for (b, d) in back.exam_summaries.iter().zip(&district.exam_summaries) {
        assert_eq!(
            (b.school, b.participants, b.failed),
            (d.school, d.participants, d.failed)
        );
        let (bm, dm) = (b.mean_score.expect("mean"), d.mean_score.expect("mean"));
        assert!((bm - dm).abs() < 1e-4, "{bm} vs {dm}");
    }
}
