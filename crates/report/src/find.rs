//! The page's search: every school as a row of embedded data (JSON in a `<script
//! type="application/json">`, `<` escaped) and a small inline script that filters them by a
//! part of the name or id, the group, the status and the robustness, and shows the matches
//! with a link to a low school's card. No network, no library; text is set with
//! `textContent`, never parsed as HTML.

use std::fmt::Write as _;

use model::Lang;

use crate::doc::{Results, SchoolDoc};
use crate::html::{esc, table_head};
use crate::text::{decimal, status_label};

/// Every status a school can have; `None`: excluded.
const STATUSES: [Option<advise::Status>; 5] = [
    Some(advise::Status::Low),
    Some(advise::Status::Borderline),
    Some(advise::Status::Base),
    Some(advise::Status::Regular),
    None,
];

/// Matches shown at most; the count says how many there are.
pub(crate) const MATCHES_SHOWN: usize = 200;

/// The script: reads the data, filters on every change, draws the matches.
const SCRIPT: &str = r#"
(function () {
  var data = JSON.parse(document.getElementById('schools-data').textContent);
  var q = document.getElementById('find-q'), g = document.getElementById('find-group');
  var st = document.getElementById('find-status'), r = document.getElementById('find-robust');
  var body = document.querySelector('#find-table tbody'), said = document.getElementById('find-count');
  var most = Number(said.dataset.most), template = said.dataset.template;
  var labels = JSON.parse(said.dataset.labels);
  function draw() {
    var text = q.value.trim().toLowerCase(), group = g.value, status = st.value;
    var robust = Number(r.value) || 0, found = 0;
    body.textContent = '';
    data.forEach(function (s) {
      if (text && s[1].toLowerCase().indexOf(text) < 0 && s[0].toLowerCase().indexOf(text) < 0) return;
      if (group && String(s[2]) !== group) return;
      if (status && s[4] !== status) return;
      if (robust > 0 && !(s[6] !== null && s[6] >= robust)) return;
      found += 1;
      if (found > most) return;
      var tr = document.createElement('tr');
      [s[0], s[1], s[2], s[3], labels[s[4]], s[5], s[8]].forEach(function (v, i) {
        var td = document.createElement('td');
        if (i === 1 && s[7]) {
          var a = document.createElement('a');
          a.href = '#' + s[7];
          a.textContent = v;
          td.appendChild(a);
        } else {
          td.textContent = v === null ? '' : String(v);
        }
        if (i >= 2 && i !== 4) td.className = 'n';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    said.textContent = template.replace('{found}', found).replace('{shown}', Math.min(found, most));
  }
  [q, g, st, r].forEach(function (e) { e.addEventListener('input', draw); e.addEventListener('change', draw); });
  draw();
})();
"#;

/// One school as a row of the data: id, name, group, rank, status code (the status in words is
/// the script's, once per status), compared result as shown, robustness (to filter on), the
/// anchor of its card (a low school's), robustness as shown; shown numbers in the page's
/// language (a decimal comma in Russian).
fn row(s: &SchoolDoc, anchor: Option<String>, lang: Lang) -> serde_json::Value {
    serde_json::json!([
        s.school_id,
        s.name,
        s.peer_group,
        s.rank_in_group,
        s.status.map_or("excluded", |st| st.code()),
        s.compared_score.map(|c| decimal(c, 2, lang)),
        s.robustness,
        anchor,
        s.robustness.map(|r| decimal(r, 2, lang)),
    ])
}

/// The search section: its controls, the embedded rows, the table the script fills and the
/// script. `anchor` gives a low school's card anchor by its id.
pub(crate) fn section(
    h: &mut String,
    results: &Results,
    anchor: &dyn Fn(&SchoolDoc) -> Option<String>,
    lang: Lang,
) {
    let rows: Vec<serde_json::Value> = (results.schools.iter())
        .map(|s| row(s, anchor(s), lang))
        .collect();
    // `<` escaped: no text of the data can close the script element.
    let data = serde_json::Value::Array(rows)
        .to_string()
        .replace('<', "\\u003c");
    let _ = write!(
        h,
        "<section id=\"find\"><h2>{}</h2><p class=\"find\">\
         <input id=\"find-q\" type=\"search\" placeholder=\"{}\"> <select id=\"find-group\"><option value=\"\">{}</option>",
        esc(lang.pick("Найти школу", "Find a school")),
        esc(lang.pick("часть названия или код", "part of the name or the id")),
        esc(lang.pick("все группы", "every group")),
    );
    for g in &results.groups {
        let _ = write!(
            h,
            "<option value=\"{0}\">{1} {0}</option>",
            g.peer_group,
            lang.pick("группа", "group")
        );
    }
    let _ = write!(
        h,
        "</select> <select id=\"find-status\"><option value=\"\">{}</option>",
        esc(lang.pick("любой статус", "any status"))
    );
    // Every status but excluded: an excluded school has no row to filter.
    for &status in STATUSES.iter().flatten() {
        let _ = write!(
            h,
            "<option value=\"{}\">{}</option>",
            status.code(),
            esc(status_label(Some(status), lang))
        );
    }
    let _ = write!(
        h,
        "</select> <label>{} <input id=\"find-robust\" type=\"number\" min=\"0\" max=\"1\" step=\"0.1\" value=\"0\"></label></p>",
        esc(lang.pick("устойчивость от", "robustness from"))
    );
    let template = match lang {
        Lang::Ru => "Найдено школ: {found}; показано: {shown}",
        Lang::En => "Schools found: {found}; shown: {shown}",
    };
    let labels: serde_json::Map<String, serde_json::Value> = (STATUSES.iter())
        .map(|&s| {
            (
                s.map_or("excluded", |s| s.code()).to_owned(),
                status_label(s, lang).into(),
            )
        })
        .collect();
    let labels = serde_json::Value::Object(labels).to_string();
    let _ = write!(
        h,
        "<p id=\"find-count\" data-most=\"{MATCHES_SHOWN}\" data-template=\"{}\" data-labels=\"{}\"></p>",
        esc(template),
        esc(&labels)
    );
    let headers = [
        lang.pick("Код", "ID"),
        lang.pick("Школа", "School"),
        lang.pick("Группа", "Group"),
        lang.pick("Место", "Rank"),
        lang.pick("Статус", "Status"),
        lang.pick("Результат с поправкой", "Adjusted result"),
        lang.pick("Устойчивость", "Robustness"),
    ];
    // The script fills the body.
    table_head(h, " id=\"find-table\"", headers);
    let _ = writeln!(
        h,
        "</tbody></table>\
         <script type=\"application/json\" id=\"schools-data\">{data}</script><script>{SCRIPT}</script></section>"
    );
}
