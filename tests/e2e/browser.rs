//! report.html in headless Chromium, driven through ChromeDriver's WebDriver
//! protocol (Debian's `chromium` and `chromium-driver`, installed by .ci/run).
//! Outside CI, the tests say so and pass when they are missing.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::*;

fn find(env: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
    path.exists().then_some(path)
}

/// ChromeDriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(binary: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver { child, port };
        let start = Instant::now();
        while driver.call("GET", "/status", None).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver answers"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// One WebDriver command: an HTTP/1.1 request, the JSON `value` of its answer.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        // The answer's head, then exactly Content-Length bytes of body: the
        // driver may keep the connection open.
        let mut answer = Vec::new();
        let mut byte = [0u8; 1];
        while !answer.ends_with(b"\r\n\r\n") {
            let n = stream.read(&mut byte).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("the driver closed the connection".into());
            }
            answer.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&answer).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .ok_or("no content length")?;
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).map_err(|e| e.to_string())?;
        let json = String::from_utf8_lossy(&body);
        let value: Value = serde_json::from_str(&json).map_err(|e| format!("{e}: {json}"))?;
        Ok(value["value"].clone())
    }
}

/// A headless Chromium session; `run` closes it.
struct Browser {
    driver: Driver,
    session: String,
}

impl Browser {
    fn open(chromium: &Path, driver: &Path, profile: &Path) -> Browser {
        let driver = Driver::start(driver);
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.display()),
                ]
            },
            "goog:loggingPrefs": {"browser": "ALL"}
        }}});
        let session = driver
            .call("POST", "/session", Some(capabilities))
            .expect("a session");
        let session = session["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a session id: {session}"))
            .to_owned();
        Browser { driver, session }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver
            .call(method, &format!("/session/{}{path}", self.session), body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// Loads a file and returns the browser's SEVERE log entries.
    fn load(&self, page: &Path) -> Vec<String> {
        let url = format!("file://{}", page.display());
        self.cmd("POST", "/url", Some(json!({ "url": url })));
        let log = self.cmd("POST", "/se/log", Some(json!({"type": "browser"})));
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].to_string())
            .collect()
    }

    fn script(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .driver
            .call("DELETE", &format!("/session/{}", self.session), None);
    }
}

/// Chromium and ChromeDriver, or `None` (said loudly) outside CI when they are missing; in CI
/// their absence fails the test.
fn browser_binaries() -> Option<(PathBuf, PathBuf)> {
    let found =
        find("CHROMIUM", "/usr/bin/chromium").zip(find("CHROMEDRIVER", "/usr/bin/chromedriver"));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium and chromium-driver (.ci/run installs them)"
        );
        eprintln!("skipped: no /usr/bin/chromium or /usr/bin/chromedriver here");
    }
    found
}

#[test]
fn the_report_page_loads_without_errors_and_shows_every_group() {
    let Some((chromium, chromedriver)) = browser_binaries() else {
        return;
    };
    let out = tempfile::tempdir().expect("dir");
    assert_success(&schoolpeers(&["demo", "--out", path_arg(out.path())]));
    let results = read_json(&out.path().join("results.json"));
    let page = out.path().join("report.html");
    // Self-contained: nothing is fetched; its one script is inline.
    let html = std::fs::read_to_string(&page)
        .expect("written")
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for outside in ["<script src", "http://", "https://", "src=\"", "<link"] {
        assert!(!html.contains(outside), "report.html has {outside}");
    }

    let profile = tempfile::tempdir().expect("dir");
    let browser = Browser::open(&chromium, &chromedriver, profile.path());
    // The check sees errors: a page with a missing picture has one.
    let broken = out.path().join("broken.html");
    std::fs::write(
        &broken,
        "<html><body><img src=\"missing.png\"></body></html>",
    )
    .expect("page");
    assert!(
        !browser.load(&broken).is_empty(),
        "a missing picture is an error"
    );

    let errors = browser.load(&page);
    assert!(
        errors.is_empty(),
        "report.html loads without errors: {errors:?}"
    );
    let shown = browser.script(
        "return [...document.querySelectorAll('section.group')].map(s => {
            const r = s.getBoundingClientRect();
            return {id: s.id, height: r.height, width: r.width,
                    charts: s.querySelectorAll('svg').length,
                    rows: s.querySelectorAll('tbody tr').length,
                    visible: getComputedStyle(s).display !== 'none'
                        && getComputedStyle(s).visibility !== 'hidden'};
        })",
    );
    let groups = results["groups"].as_array().expect("groups");
    let shown = shown.as_array().expect("sections");
    assert_eq!(shown.len(), groups.len(), "a section per group: {shown:?}");
    for (g, s) in groups.iter().zip(shown) {
        assert_eq!(s["id"], format!("group-{}", g["peer_group"]));
        assert_eq!(s["visible"], true);
        assert!(s["height"].as_f64().is_some_and(|h| h > 200.0), "{s}");
        assert!(s["width"].as_f64().is_some_and(|w| w > 600.0), "{s}");
        assert_eq!(s["charts"], 1, "its chart: {s}");
        assert_eq!(s["rows"], g["size"], "a row per school: {s}");
    }
    // Every low school has its article with its two charts.
    let low = results["summary"]["low"].as_u64().expect("count");
    let articles = browser.script(
        "return [...document.querySelectorAll('#low article')].map(a => a.querySelectorAll('svg').length)",
    );
    let articles = articles.as_array().expect("articles");
    assert_eq!(articles.len() as u64, low);
    assert!(articles.iter().all(|n| n == 2), "{articles:?}");
    search_and_filters(&browser, &results);
    every_card_prints_alone_on_one_a4_page(&browser);
}

/// The page printed on A4 (WebDriver's Print Page, 1 cm margins), as PDF bytes.
fn print_a4(browser: &Browser) -> Vec<u8> {
    use base64::Engine as _;
    let page = json!({"page": {"width": 21.0, "height": 29.7},
                      "margin": {"top": 1.0, "bottom": 1.0, "left": 1.0, "right": 1.0}});
    let pdf = browser.cmd("POST", "/print", Some(page));
    (base64::engine::general_purpose::STANDARD)
        .decode(pdf.as_str().expect("base64"))
        .expect("a PDF")
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mark = b"/Type /Page";
    (pdf.windows(mark.len() + 1))
        .filter(|w| w.starts_with(mark) && !w[mark.len()].is_ascii_alphanumeric())
        .count()
}

/// Each low school's card button marks the card and prints; printed so, the card comes out
/// alone, on one A4 page, and the marks go after printing.
fn every_card_prints_alone_on_one_a4_page(browser: &Browser) {
    let whole = pdf_pages(&print_a4(browser));
    assert!(whole > 3, "the whole page prints on {whole} pages");
    let cards =
        browser.script("return [...document.querySelectorAll('#low article')].map(a => a.id)");
    let cards = cards.as_array().expect("cards");
    assert!(!cards.is_empty());
    for card in cards {
        let marked = browser.script(&format!(
            "window.print = () => {{ window.printed = [document.body.className,
                 [...document.querySelectorAll('.printing')].map(e => e.id)]; }};
             document.getElementById({card}).querySelector('button.print-card').click();
             return window.printed"
        ));
        assert_eq!(
            marked,
            json!(["one-card", [card]]),
            "the button marks its card"
        );
        let pages = pdf_pages(&print_a4(browser));
        assert_eq!(pages, 1, "{card} prints on {pages} A4 pages");
        let left = browser.script(
            "window.dispatchEvent(new Event('afterprint'));
             return document.body.className + document.querySelectorAll('.printing').length",
        );
        assert_eq!(left, "0", "the marks go after printing");
    }
}

/// The page's search: a part of a school's name finds it, the status filter shows the low
/// schools alone, each with a link to its card, and every card is there.
fn search_and_filters(browser: &Browser, results: &Value) {
    let schools = results["schools"].as_array().expect("schools");
    let name = schools[schools.len() / 2]["name"].as_str().expect("name");
    let part: String = name.chars().skip(5).take(8).collect();
    let found = browser.script(&format!(
        "const q = document.getElementById('find-q'); q.value = {};
         q.dispatchEvent(new Event('input'));
         return [...document.querySelectorAll('#find-table tbody tr')].map(r => r.cells[1].textContent)",
        json!(part)
    ));
    let found = found.as_array().expect("rows");
    assert!(
        found.iter().any(|n| n == name),
        "{part:?} finds {name:?}: {found:?}"
    );
    assert!(found.len() < schools.len(), "the search narrows the list");
    let low = browser.script(
        "const q = document.getElementById('find-q'); q.value = '';
         q.dispatchEvent(new Event('input'));
         const s = document.getElementById('find-status'); s.value = 'low';
         s.dispatchEvent(new Event('change'));
         return [...document.querySelectorAll('#find-table tbody tr')].map(r => {
             const a = r.querySelector('a');
             return a && document.querySelector(a.getAttribute('href')) !== null;
         })",
    );
    let low = low.as_array().expect("rows");
    // At most 200 matches are drawn; the count says how many there are.
    let count = results["summary"]["low"].as_u64().expect("count");
    assert_eq!(low.len() as u64, count.min(200));
    let said = browser.script("return document.getElementById('find-count').textContent");
    let said = said.as_str().expect("text");
    assert!(said.contains(&count.to_string()), "{said:?} counts {count}");
    assert!(
        low.iter().all(|reachable| reachable == true),
        "every card is reachable: {low:?}"
    );
    // The Russian page writes its numbers with a decimal comma, as Excel and the tables do.
    let numbers = browser.script(
        "return [...document.querySelectorAll('#find-table tbody tr')]
             .flatMap(r => [r.cells[5].textContent, r.cells[6].textContent])",
    );
    let numbers = numbers.as_array().expect("cells");
    let russian = |n: &str| {
        let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
        let (whole, part) = n
            .trim_start_matches('-')
            .split_once(',')
            .unwrap_or((n, "0"));
        digits(whole) && digits(part)
    };
    assert!(
        (numbers.iter()).all(|n| n.as_str().is_some_and(|n| n.is_empty() || russian(n))),
        "numbers with a decimal comma: {numbers:?}"
    );
}

#[test]
fn the_report_of_three_thousand_schools_stays_light_and_quick() {
    let Some((chromium, chromedriver)) = browser_binaries() else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let (data, out) = (dir.path().join("district"), dir.path().join("out"));
    generate_district(&data, "3000", "8", &["--shape", "schools"]);
    assert_success(&schoolpeers(&[
        "run",
        path_arg(&data),
        "--out",
        path_arg(&out),
    ]));
    let page = out.join("report.html");
    let bytes = std::fs::metadata(&page).expect("page").len();
    assert!(bytes <= 2_000_000, "report.html is {bytes} bytes");
    let results = read_json(&out.join("results.json"));
    let profile = tempfile::tempdir().expect("dir");
    let browser = Browser::open(&chromium, &chromedriver, profile.path());
    let errors = browser.load(&page);
    assert!(
        errors.is_empty(),
        "report.html loads without errors: {errors:?}"
    );
    let ready = browser.script(
        "const t = performance.getEntriesByType('navigation')[0];
         return t.domInteractive",
    );
    let ready = ready.as_f64().expect("a time");
    assert!(ready < 2000.0, "interactive after {ready} ms");
    search_and_filters(&browser, &results);
    large_groups_fold_all_but_their_low_and_base_schools(&browser, &results);
}

/// A group of more than 40 schools names all its low, borderline and base schools in the open
/// (a low school linked to its card) and folds its table; a smaller group shows its table whole.
fn large_groups_fold_all_but_their_low_and_base_schools(browser: &Browser, results: &Value) {
    let sections = browser.script(
        "return [...document.querySelectorAll('section.group')].map(s => {
            const named = {};
            s.querySelectorAll(':scope > p.marked').forEach(p => {
                const links = [...p.querySelectorAll('a')];
                named[p.dataset.status] = {visible: p.checkVisibility(),
                    count: p.textContent.split('), ').length,
                    cards: links.filter(a => document.querySelector(a.getAttribute('href'))).length};
            });
            const table = s.querySelector(':scope > table, :scope > details > table');
            const folded = s.querySelector(':scope > details');
            return {named, rows: table.querySelectorAll('tbody tr').length,
                    rows_visible: [...table.querySelectorAll('tbody tr')].some(r => r.checkVisibility()),
                    folded: folded !== null && !folded.open};
        })",
    );
    let schools = results["schools"].as_array().expect("schools");
    let groups = results["groups"].as_array().expect("groups");
    let mut large = 0;
    for (g, s) in groups.iter().zip(sections.as_array().expect("sections")) {
        let size = g["size"].as_u64().expect("size");
        if size <= 40 {
            assert_eq!(s["rows"], size, "{g}: every school");
            assert_eq!(
                (&s["folded"], &s["rows_visible"]),
                (&json!(false), &json!(true))
            );
            continue;
        }
        large += 1;
        assert_eq!(
            (&s["folded"], &s["rows_visible"]),
            (&json!(true), &json!(false)),
            "{s}"
        );
        assert!(s["rows"].as_u64().is_some_and(|n| n <= 40), "{s}");
        for status in ["low", "borderline", "base"] {
            let n = (schools.iter())
                .filter(|x| x["peer_group"] == g["peer_group"] && x["status"] == status)
                .count();
            let named = &s["named"][status];
            if n == 0 {
                assert!(named.is_null(), "{s}");
                continue;
            }
            assert_eq!(named["visible"], true, "{status}: {s}");
            assert_eq!(
                named["count"], n,
                "group {}: every {status} school named",
                g["peer_group"]
            );
            let cards = if status == "low" { n } else { 0 };
            assert_eq!(named["cards"], cards, "{status}: links to the cards");
        }
    }
    assert!(large > 0, "a group of more than 40 schools");
}
