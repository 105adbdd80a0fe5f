//! A real browser for the storefront and admin: Debian's Chromium driven over WebDriver by its
//! `chromedriver`, headless, with a throw-away profile.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A headless Chromium session. Call [`Browser::close`] at the end of the test; dropping without
/// it still stops the driver.
pub struct Browser {
    pub client: Client,
    /// Whether pages run JavaScript.
    javascript: bool,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn find_executable(candidates: &[&str]) -> Option<String> {
    candidates.iter().find_map(|name| {
        if name.contains('/') {
            std::path::Path::new(name)
                .is_file()
                .then(|| (*name).to_owned())
        } else {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
                    .map(|p| p.to_string_lossy().into_owned())
            })
        }
    })
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    pub async fn start() -> Browser {
        Self::launch(true).await
    }

    /// A session whose pages run no JavaScript, as a crawler or a shopper with scripts off
    /// reads them (WebDriver's own commands still work).
    pub async fn start_without_javascript() -> Browser {
        Self::launch(false).await
    }

    async fn launch(javascript: bool) -> Browser {
        let driver_bin = std::env::var("CHROMEDRIVER")
            .ok()
            .or_else(|| find_executable(&["chromedriver"]))
            .expect(
                "chromedriver not found: install Debian's `chromium` and `chromium-driver` \
                 (cargo xtask test does), or set CHROMEDRIVER",
            );
        let chrome_bin = std::env::var("CHROME_BIN")
            .ok()
            .or_else(|| find_executable(&["chromium", "chromium-browser", "google-chrome"]))
            .expect("chromium not found: install Debian's `chromium`, or set CHROME_BIN");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_bin}: {e}"));
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chrome_bin,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-quic",
                    "--no-first-run",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "profile.managed_default_content_settings.javascript":
                        if javascript { 1 } else { 2 },
                },
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot open a Chromium session through {driver_bin}: {e}"),
            }
        };
        Browser {
            client,
            javascript,
            driver,
            _profile: profile,
        }
    }

    /// Texts of every element matching `css`, once at least one is present (waits up to 15 s).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.app_shown().await;
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css:?}: {e}"));
        // The app may draw the elements again while they are read (a stale element): then
        // they are read again, from a fresh look at the page.
        let deadline = Instant::now() + Duration::from_secs(15);
        'read: loop {
            let mut out = Vec::new();
            for element in self.client.find_all(Locator::Css(css)).await.expect("find") {
                match element.text().await {
                    Ok(text) => out.push(text),
                    Err(e) if Instant::now() < deadline => {
                        let _ = e;
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue 'read;
                    }
                    Err(e) => panic!("text of {css:?}: {e}"),
                }
            }
            return out;
        }
    }

    /// Waits until the text of the first element matching `css` satisfies `pred`.
    pub async fn wait_for_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        self.app_shown().await;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
                && pred(&text)
            {
                return text;
            }
            if Instant::now() > deadline {
                let source = self.client.source().await.unwrap_or_default();
                let url = self
                    .client
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                panic!("timed out waiting for {css:?} at {url}; page source:\n{source}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the element matching `css` once it is present.
    pub async fn click(&self, css: &str) {
        let element = self.element(css).await;
        // Into the middle of the view first, clear of sticky headers and footers.
        let _ = self
            .client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'})",
                vec![serde_json::to_value(&element).unwrap_or_default()],
            )
            .await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css:?}: {e}"));
    }

    /// Replaces the text of the input matching `css`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.element(css).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear {css:?}: {e}"));
        input
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into {css:?}: {e}"));
    }

    /// Waits (up to 5 s) until the element with the id `id` has the keyboard focus (the apps
    /// move it once the page has drawn what made them move it).
    pub async fn wait_for_focus(&self, id: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let focused = self
                .client
                .execute(
                    "return document.activeElement && document.activeElement.id",
                    vec![],
                )
                .await
                .unwrap_or_default();
            if focused == id {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the focus stays on {focused}, not on #{id}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The element matching `css`, once the app shows it (up to 15 s).
    pub async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.app_shown().await;
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css:?}: {e}"))
    }

    /// Waits (up to 15 s) until the storefront has taken over from the server's drawing of the
    /// page (`#prerender`), so what the test reads and clicks is the app's. Nothing to wait for
    /// without JavaScript, or on pages the server does not draw.
    pub async fn app_shown(&self) {
        if !self.javascript {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.client.find(Locator::Id("prerender")).await.is_ok() {
            if Instant::now() > deadline {
                panic!("the app did not take over from the server's drawing of the page");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The file names of the lazily loaded wasm areas (`split_…`) the page has fetched so far.
    pub async fn loaded_areas(&self) -> Vec<String> {
        let names = self
            .client
            .execute(
                "return performance.getEntriesByType('resource').map(e => e.name)\
                 .filter(n => n.includes('/split_')).map(n => n.split('/').pop());",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(names).unwrap()
    }

    /// With `SCREENSHOT_DIR` set, saves what the window shows as `{name}.png` there (to look at
    /// the screens a test walks through); without it, nothing.
    pub async fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("SCREENSHOT_DIR") {
            let png = self.client.screenshot().await.expect("screenshot");
            let path = std::path::Path::new(&dir).join(format!("{name}.png"));
            std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }

    /// Waits (up to 15 s) until the page has its heading and nothing is still loading.
    pub async fn settled(&self) {
        self.app_shown().await;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let heading = self.client.find(Locator::Css("h1")).await.is_ok();
            let loading = self
                .client
                .find(Locator::Css(".status.loading"))
                .await
                .is_ok();
            if heading && !loading {
                return;
            }
            if Instant::now() > deadline {
                let url = self.client.current_url().await.map(|u| u.to_string());
                panic!("{url:?} did not settle (heading: {heading}, loading: {loading})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The serious and critical findings of axe-core (the engine of Lighthouse's accessibility
    /// audit, from `target/tools/npm`, which `cargo xtask tools` installs) on the page as it is
    /// now, each as `LABEL: rule (impact): elements`.
    pub async fn axe_findings(&self, label: &str) -> Vec<String> {
        let present = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .unwrap();
        if present != json!(true) {
            let path = crate::app::repo_path("target/tools/npm/node_modules/axe-core/axe.min.js");
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; install the test tools with `cargo xtask tools`",
                    path.display()
                )
            });
            self.client.execute(&source, vec![]).await.unwrap();
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];                 axe.run(document, { resultTypes: ['violations'] })                   .then(r => done(r.violations                     .filter(v => v.impact === 'serious' || v.impact === 'critical')                     .map(v => v.id + ' (' + v.impact + '): '                       + v.nodes.map(n => n.target.join(' ')).join(', '))))                   .catch(e => done(['axe did not run: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        let found: Vec<String> = serde_json::from_value(found).unwrap();
        found.into_iter().map(|f| format!("{label}: {f}")).collect()
    }

    /// Signs in to the admin of `app` with its operator token.
    pub async fn sign_in_as_operator(&self, app: &crate::TestApp) {
        self.client.goto(&app.url("/admin/login")).await.unwrap();
        self.click("details.operator summary").await;
        self.fill("#operator-token", &app.operator_token).await;
        self.click("form.operator button[type=submit]").await;
        self.wait_for_text("h1", |t| t.starts_with("환영합니다"))
            .await;
    }

    /// Ends the session (closing Chromium) and stops the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
