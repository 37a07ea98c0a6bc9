//! Printing one low school's card: a button on each card marks it and the page, and the print
//! style keeps only the marked card and the elements that hold it, so that the card comes out
//! alone, on one A4 page (the card's own print layout sees to the size).

use model::Lang;

/// The class of the page while one card prints, and of that card.
const ONE_CARD: &str = "one-card";
const PRINTING: &str = "printing";

/// The print style: everything but the marked card and what holds it hidden, and the card laid
/// out to fit a page: smaller type, its two charts side by side, a quarter of the page high,
/// and without the print button.
pub(crate) fn style() -> String {
    format!(
        "@media print {{\n  \
         body.{ONE_CARD} *:not(:has(.{PRINTING})):not(.{PRINTING}):not(.{PRINTING} *) {{ display: none; }}\n  \
         body.{ONE_CARD} article.{PRINTING} {{ border: none; margin: 0; padding: 0; }}\n  \
         article.school {{ break-before: page; font-size: 9.5pt; line-height: 1.25; }}\n  \
         article.school h3 {{ margin: 0 0 .3em; }}\n  \
         article.school h4 {{ margin: .6em 0 .2em; }}\n  \
         article.school p, article.school ol {{ margin: .3em 0; }}\n  \
         article.school table {{ margin: .3em 0; font-size: 8.5pt; }}\n  \
         article.school th, article.school td {{ padding: .1em .3em; }}\n  \
         article.school figure {{ display: inline-block; width: 49%; margin: .3em 0; vertical-align: top; }}\n  \
         article.school .narrow {{ display: inline; }}\n  \
         article.school figure svg, article.school figure img {{ max-height: 6.5cm; width: auto; max-width: 100%; }}\n  \
         button.print-card {{ display: none; }}\n}}\n\
         @page {{ size: A4; margin: 1cm; }}\n"
    )
}

/// The script: a button on each card marks the card and the page, prints, and unmarks them (the
/// buttons are made here: without a script they could not print).
pub(crate) fn script(lang: Lang) -> String {
    let label = serde_json::Value::from(lang.pick("Напечатать карточку", "Print this card"));
    format!(
        "<script>(function () {{\n  function clear() {{\n    document.body.classList.remove('{ONE_CARD}');\n    \
         document.querySelectorAll('.{PRINTING}').forEach(function (e) {{ e.classList.remove('{PRINTING}'); }});\n  }}\n  \
         window.addEventListener('afterprint', clear);\n  \
         document.querySelectorAll('article.school').forEach(function (card) {{\n    \
         var b = document.createElement('button');\n    b.type = 'button';\n    b.className = 'print-card';\n    \
         b.textContent = {label};\n    b.addEventListener('click', function () {{\n      clear();\n      \
         card.classList.add('{PRINTING}');\n      document.body.classList.add('{ONE_CARD}');\n      window.print();\n    }});\n    \
         card.querySelector('h3').after(b);\n  }});\n}})();</script>\n",
        label = label.to_string().replace('<', "\\u003c")
    )
}
