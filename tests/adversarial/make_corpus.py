"""Writes the adversarial corpus: one folder per case under tests/adversarial/cases/, each a
small data folder (or a table for `cluster`) that a careless analyst or an attacker could hand
the engine, with case.toml saying the command, the documented exit code and what the message
must name. tests/e2e/adversarial.rs runs every case against the binary: each must end with its
exit code (never a signal) within 30 s and under 2 GB, its message naming the place.

Run from this folder: python3 make_corpus.py. The cases are committed; the test reads them.
"""
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")

SCHOOLS_HEADER = "код ОО;наименование;обучающихся;местность;малообеспеченные, %"
SCHOOL_ROWS = [
    "S1;СОШ № 1;500;город;10", "S2;СОШ № 2;420;город;12", "S3;ООШ № 3;80;село;30",
    "S4;ООШ № 4;95;село;28", "S5;СОШ № 5;610;город;8", "S6;ООШ № 6;70;село;35",
]
EXAMS_HEADER = "код ОО;год;экзамен;предмет;код участника;балл"
EXAM_ROWS = [f"S{i};2025;ЕГЭ;математика;s{i}-{j};{40 + 5 * i + j}" for i in range(1, 7) for j in range(3)]


def lines(header, rows):
    return "\n".join([header] + rows) + "\n"


BASE = {
    "schools.csv": lines(SCHOOLS_HEADER, SCHOOL_ROWS),
    "exams.csv": lines(EXAMS_HEADER, EXAM_ROWS),
}


def xlsx(sheet_xml, shared=None):
    """The bytes of a minimal .xlsx with one sheet (and a shared-string table)."""
    import io
    buf = io.BytesIO()
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
          'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
          'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
          'worksheet+xml"/></Types>')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                   + rel + '/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.'
                   'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="' + rel + '"><sheets>'
                   '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="'
                   'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                   'Id="rId1" Type="' + rel + '/worksheet" Target="worksheets/sheet1.xml"/>'
                   + ('<Relationship Id="rId2" Type="' + rel + '/sharedStrings" Target="'
                      'sharedStrings.xml"/>' if shared else '') + '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared:
            z.writestr("xl/sharedStrings.xml", shared)
    return buf.getvalue()


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
XROWS = ('<row r="1"><c r="A1" t="inlineStr"><is><t>код ОО</t></is></c><c r="B1" t="inlineStr">'
         '<is><t>наименование</t></is></c><c r="C1" t="inlineStr"><is><t>обучающихся</t></is></c>'
         '</row>' + "".join(
             f'<row r="{i + 1}"><c r="A{i + 1}" t="inlineStr"><is><t>S{i}</t></is></c>'
             f'<c r="B{i + 1}" t="inlineStr"><is><t>школа {i}</t></is></c><c r="C{i + 1}"><v>'
             f'{100 * i}</v></c></row>' for i in range(1, 7)))


def sheet(extra=""):
    return f'<?xml version="1.0"?><worksheet {NS}><sheetData>{XROWS}{extra}</sheetData></worksheet>'


def replace_row(table, index, row):
    header, rows = (SCHOOLS_HEADER, list(SCHOOL_ROWS)) if table == "schools" else (EXAMS_HEADER, list(EXAM_ROWS))
    rows[index] = row
    return {f"{table}.csv": lines(header, rows)}


def cell(table, index, field, value):
    rows = SCHOOL_ROWS if table == "schools" else EXAM_ROWS
    parts = rows[index].split(";")
    parts[field] = value
    return replace_row(table, index, ";".join(parts))


RUN = ["run", "{data}", "--out", "{out}"]
# (name, files over the base (None removes one), args, exit code, fragments of the message)
CASES_LIST = [
    # Malformed tables.
    ("empty-schools-file", {"schools.csv": ""}, RUN, 65, ["schools.csv"]),
    ("schools-header-only", {"schools.csv": SCHOOLS_HEADER + "\n"}, RUN, 65, ["schools.csv"]),
    ("exams-header-only", {"exams.csv": EXAMS_HEADER + "\n"}, RUN, 65, ["exams.csv"]),
    ("no-schools-file", {"schools.csv": None}, RUN, 65, ["schools.csv"]),
    ("no-exams-file", {"exams.csv": None}, RUN, 65, ["exams.csv"]),
    ("too-many-fields", replace_row("schools", 2, SCHOOL_ROWS[2] + ";x;y"), RUN, 65, ["schools.csv", "4"]),
    ("stray-quote", replace_row("schools", 1, 'S2;"СОШ № 2;420;город;12'), RUN, 65, ["schools.csv, row 3: a quote in this row opens a field"]),
    ("binary-garbage", {"schools.csv": "\x00\x01\x02\xff" * 100}, RUN, 65, ["schools.csv"]),
    ("missing-id-column", {"schools.csv": lines("наименование;обучающихся", ["a;1"])}, RUN, 65, ["schools.csv", "код ОО"]),
    ("missing-score-columns", {"exams.csv": lines("код ОО;год;экзамен;предмет", ["S1;2025;ЕГЭ;математика"])}, RUN, 65, ["exams.csv"]),
    ("duplicate-column", {"schools.csv": lines("код ОО;наименование;наименование;обучающихся", ["S1;a;b;5"])}, RUN, 65, ["schools.csv", "наименование"]),
    ("header-of-blanks", {"schools.csv": ";;;;\n;;;;\n"}, RUN, 65, ["schools.csv"]),
    # Classic Mac OS line ends (CR alone) are read as line ends.
    ("cr-only-line-ends", {"schools.csv": lines(SCHOOLS_HEADER, SCHOOL_ROWS).replace("\n", "\r")}, RUN, 0, []),
    ("cr-only-line-ends-large", {"exams.csv": lines(EXAMS_HEADER, EXAM_ROWS + [f"S{1 + i % 6};2025;ЕГЭ;физика;p{i};{i % 100}" for i in range(40000)]).replace("\n", "\r")}, RUN, 0, []),
    ("a-header-of-20000-fields", {"schools.csv": ";".join(f"c{i}" for i in range(20000)) + "\n1\n"}, RUN, 65, ["schools.csv", "20000 fields"]),
    ("mixed-separators", {"schools.csv": SCHOOLS_HEADER + "\n" + "S1,СОШ,500,город,10\n"}, RUN, 65, ["schools.csv"]),
    # Bad values.
    ("text-in-count", cell("schools", 0, 2, "пятьсот"), RUN, 65, ["schools.csv", "2", "обучающихся"]),
    ("negative-count", cell("schools", 0, 2, "-5"), RUN, 65, ["schools.csv", "обучающихся"]),
    ("fractional-count", cell("schools", 0, 2, "12,5"), RUN, 65, ["schools.csv", "обучающихся"]),
    ("huge-count", cell("schools", 0, 2, "99999999999999999999"), RUN, 65, ["schools.csv", "обучающихся"]),
    ("percent-over-100", cell("schools", 0, 4, "150"), RUN, 65, ["schools.csv", "малообеспеченные"]),
    # NaN is a no-data mark (pandas writes it for a missing value), read as missing.
    ("nan-percent", cell("schools", 0, 4, "NaN"), RUN, 0, ["1 schools have no value"]),
    ("infinite-percent", cell("schools", 0, 4, "inf"), RUN, 65, ["schools.csv", "малообеспеченные"]),
    ("unknown-settlement", cell("schools", 0, 3, "космос"), RUN, 65, ["schools.csv", "местность"]),
    ("empty-name", cell("schools", 0, 1, ""), RUN, 65, ["schools.csv", "наименование"]),
    ("duplicate-school", replace_row("schools", 1, SCHOOL_ROWS[0]), RUN, 65, ["schools.csv", "S1"]),
    ("score-over-100", cell("exams", 0, 5, "101"), RUN, 65, ["exams.csv", "балл"]),
    ("score-text", cell("exams", 0, 5, "сорок"), RUN, 65, ["exams.csv", "балл"]),
    ("year-1800", cell("exams", 0, 1, "1800"), RUN, 65, ["exams.csv", "год"]),
    ("year-text", cell("exams", 0, 1, "прошлый"), RUN, 65, ["exams.csv", "год"]),
    ("unknown-exam", cell("exams", 0, 2, "ЕГЗ"), RUN, 65, ["exams.csv", "экзамен"]),
    ("unknown-school-in-exams", cell("exams", 0, 0, "S99"), RUN, 65, ["exams.csv", "S99"]),
    ("student-twice", replace_row("exams", 1, EXAM_ROWS[0]), RUN, 65, ["exams.csv"]),
    ("formula-like-name", cell("schools", 0, 1, "=HYPERLINK(\"http://x\")"), RUN, 0, []),
    ("very-long-cell", cell("schools", 0, 2, "9" * 200000), RUN, 65, ["schools.csv", "обучающихся"]),
    ("zero-width-space-in-id", cell("exams", 0, 0, "S1\u200b"), RUN, 0, []),
    ("look-alike-ids", {"schools.csv": lines(SCHOOLS_HEADER, SCHOOL_ROWS + ["s-1;ООШ № 7;70;село;35"])}, ["check", "{data}", "--out", "{out}"], 0, ["\"s-1\" and \"S1\""]),
    ("staff-row-repeated", {"staff.csv": "код ОО;код работника;предмет\nS1;T1;физика\nS1;T1;физика\n"}, RUN, 65, ["staff.csv, row 3", "T1"]),
    ("staff-row-per-subject", {"staff.csv": "код ОО;код работника;предмет\nS1;T1;физика\nS1;T1;химия\n"}, RUN, 0, []),
    ("extra-table-total-rows", {"r.csv": "код;v\nS1;1\n;5\nИтого;6\n", "district.toml": "[[extra]]\nfile = \"r.csv\"\nschool_id = \"код\"\n[[extra.indicators]]\ncode = \"x\"\nname = \"x\"\ncolumn = \"v\"\n"}, ["check", "{data}", "--out", "{out}"], 0, ["rows without a school id: 1"]),
    # Misreadable folders and files.
    ("year-folder-named-badly", {"2026 (2)/notes.txt": "x"}, RUN, 0, []),
    ("tables-and-year-folders", {"2025/schools.csv": lines(SCHOOLS_HEADER, SCHOOL_ROWS)}, RUN, 65, ["2025"]),
    ("a-folder-named-schools-csv", {"schools.csv": None, "schools.csv/x.txt": "x"}, RUN, 65, ["schools.csv"]),
    ("second-file-of-a-table", {"schools.txt": lines(SCHOOLS_HEADER, SCHOOL_ROWS)}, RUN, 0, []),
    # Spreadsheet bombs and broken spreadsheets.
    ("xlsx-shared-strings-bomb", {"schools.csv": None, "schools.xlsx": xlsx(sheet(), f'<?xml version="1.0"?><sst {NS} count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>')}, RUN, 65, ["schools.xlsx"]),
    # Found by the spreadsheet fuzz target: the claim sits in an entry that fails its checksum.
    ("xlsx-shared-strings-bomb-bad-checksum", {"schools.csv": None, "schools.xlsx": open(os.path.join(HERE, "..", "..", "fuzz", "corpus", "spreadsheet", "regression-shared-strings-bad-checksum.xlsx"), "rb").read()}, RUN, 65, ["schools.xlsx", "4000000000"]),
    ("xlsx-shared-strings-bomb-angle-in-namespace", {"schools.csv": None, "schools.xlsx": open(os.path.join(HERE, "..", "..", "fuzz", "corpus", "spreadsheet", "regression-angle-in-namespace.xlsx"), "rb").read()}, RUN, 65, ["schools.xlsx", "4000000000"]),
    ("xlsx-far-cell-attributes-reordered", {"schools.csv": None, "schools.xlsx": xlsx(sheet('<row r="1048576"><c t="n" r="XFD1048576"><v>1</v></c></row>'))}, RUN, 65, ["schools.xlsx", "16384 columns"]),
    ("xlsx-far-cell", {"schools.csv": None, "schools.xlsx": xlsx(sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))}, RUN, 65, ["schools.xlsx"]),
    ("xlsx-huge-dimension", {"schools.csv": None, "schools.xlsx": xlsx(sheet().replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>'))}, RUN, 0, []),
    ("xlsx-not-a-zip", {"schools.csv": None, "schools.xlsx": "это не книга Excel"}, RUN, 65, ["schools.xlsx"]),
    ("xlsx-truncated-zip", {"schools.csv": None, "schools.xlsx": xlsx(sheet())[:200]}, RUN, 65, ["schools.xlsx"]),
    ("xlsx-bad-xml", {"schools.csv": None, "schools.xlsx": xlsx("<worksheet><sheetData><row><c>")}, RUN, 65, ["schools.xlsx"]),
    ("xlsx-empty-workbook-sheet", {"schools.csv": None, "schools.xlsx": xlsx(f'<?xml version="1.0"?><worksheet {NS}><sheetData/></worksheet>')}, RUN, 65, ["schools.xlsx"]),
    ("xls-garbage", {"schools.csv": None, "schools.xls": "\xd0\xcf\x11\xe0 not really"}, RUN, 65, ["schools.xls"]),
    # Bad configs.
    ("config-not-toml", {"district.toml": "[groups\n"}, RUN, 64, ["district.toml"]),
    ("config-unknown-section", {"district.toml": "[nonsense]\nx = 1\n"}, RUN, 64, ["district.toml"]),
    ("config-k-zero", {"district.toml": "[groups]\nk = 0\n"}, RUN, 64, ["[groups] k"]),
    ("config-k-huge", {"district.toml": "[groups]\nk = 1000000\n"}, RUN, 64, ["[groups] k"]),
    ("config-k-max-huge", {"district.toml": "[groups]\nk_max = 1000000000\n"}, RUN, 64, ["[groups] k_max"]),
    ("config-gap-references-huge", {"district.toml": "[groups]\ncriterion = \"gap\"\ngap_references = 100000000\n"}, RUN, 64, ["[groups] gap_references"]),
    ("config-capacity-huge", {"district.toml": "[advise]\ncapacity = 1000000000000\n"}, RUN, 64, ["[advise] capacity"]),
    ("config-km-per-unit-tiny", {"district.toml": "[advise]\nkm_per_unit = 1e-320\n"}, RUN, 64, ["[advise] km_per_unit"]),
    ("config-km-per-unit-nan", {"district.toml": "[advise]\nkm_per_unit = nan\n"}, RUN, 64, ["km_per_unit"]),
    ("config-negative-capacity", {"district.toml": "[advise]\ncapacity = -1\n"}, RUN, 64, ["[advise] capacity"]),
    ("config-year-out-of-range", {"district.toml": "[outcome]\nyears = [1800]\n"}, RUN, 64, ["1800"]),
    ("config-extra-file-missing", {"district.toml": "[[extra]]\nfile = \"nope.csv\"\nschool_id = \"код\"\n[[extra.indicators]]\ncode = \"x\"\nname = \"x\"\ncolumn = \"v\"\n"}, RUN, 65, ["nope.csv"]),
    ("config-extra-is-a-folder", {"district.toml": "[[extra]]\nfile = \".\"\nschool_id = \"код\"\n[[extra.indicators]]\ncode = \"x\"\nname = \"x\"\ncolumn = \"v\"\n"}, RUN, 65, []),
    ("config-huge-file", {"district.toml": "# " + "x" * (2 << 20) + "\n"}, RUN, 64, ["district.toml"]),
    # Degenerate districts.
    ("one-school", {"schools.csv": lines(SCHOOLS_HEADER, SCHOOL_ROWS[:1]), "exams.csv": lines(EXAMS_HEADER, EXAM_ROWS[:3])}, RUN, 0, []),
    ("identical-schools", {"schools.csv": lines(SCHOOLS_HEADER, [f"S{i};СОШ;500;город;10" for i in range(1, 7)])}, RUN, 0, []),
    ("no-results-for-anyone", {"exams.csv": lines("код ОО;год;экзамен;предмет;участников;средний балл", [])}, RUN, 65, ["exams.csv"]),
    # Previous results and cluster tables.
    ("previous-huge-group", {"prev.json": '{"format_version": 1, "schools": [{"school_id": "S1", "peer_group": 18446744073709551615}]}'}, ["run", "{data}", "--out", "{out}", "--previous", "{data}/prev.json"], 65, ["prev.json"]),
    ("previous-not-json", {"prev.json": "[[["}, ["run", "{data}", "--out", "{out}", "--previous", "{data}/prev.json"], 65, ["prev.json"]),
    ("cluster-text-cell", {"t.csv": "id;a;b\nx;1;2\ny;два;3\nz;4;5\n"}, ["cluster", "{data}/t.csv", "--id-column", "id", "--out", "{out}/g.csv"], 65, ["t.csv", "3"]),
    ("cluster-no-numeric-columns", {"t.csv": "id\nx\ny\n"}, ["cluster", "{data}/t.csv", "--id-column", "id", "--out", "{out}/g.csv"], 65, ["t.csv"]),
    ("cluster-k-above-rows", {"t.csv": "id;a\nx;1\ny;2\nz;3\n"}, ["cluster", "{data}/t.csv", "--id-column", "id", "--k", "50", "--out", "{out}/g.csv"], 65, []),
    ("generate-huge-count", {}, ["generate", "--schools", "100000000000", "--years", "3", "--out", "{out}/g"], 64, ["--schools"]),
]


def write_case(name, files, args, code, expect):
    folder = os.path.join(CASES, name)
    data = os.path.join(folder, "data")
    os.makedirs(data)
    merged = dict(BASE)
    merged.update(files)
    for path, content in merged.items():
        if content is None:
            continue
        target = os.path.join(data, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        raw = content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape")
        with open(target, "wb") as f:
            f.write(raw)
    quoted = ", ".join('"' + a.replace('"', '\\"') + '"' for a in args)
    expected = ", ".join('"' + e.replace('\\', '\\\\').replace('"', '\\"') + '"' for e in expect)
    with open(os.path.join(folder, "case.toml"), "w", encoding="utf-8") as f:
        f.write(f"args = [{quoted}]\nexit = {code}\nexpect = [{expected}]\n")


if __name__ == "__main__":
    shutil.rmtree(CASES, ignore_errors=True)
    for case in CASES_LIST:
        write_case(*case)
    print(f"{len(CASES_LIST)} cases")
