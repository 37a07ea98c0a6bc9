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
}
