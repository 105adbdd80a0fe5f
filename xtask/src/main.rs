//! Project chores, run as `cargo xtask <command>`. The standard library plus wasm-bindgen's
//! own library (the apps' JavaScript glue), so it builds in about a minute on a fresh machine.
//!
//! - `run`   install what the build needs, build both apps, run the whole shop with demo data
//! - `test`  install the build and test tools, then every check CI runs: fmt, clippy, wasm build
//!   of `shared`, both app bundles within their size budgets, all tests (PostgreSQL too when
//!   `TEST_DATABASE_URL` is set)
//! - `web`   build the storefront and admin bundles and print their sizes against the budgets
//! - `tools` install the build and test tools only
//! - `sdl`   rewrite `schema/*.graphql` from the code
//! - `lighthouse` Lighthouse on the storefront's home, category and product pages
//! - `bench` the hot-path table (five storefront operations, CPU per request), job-queue throughput, catalog load and abuse (prints tables)

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod bundle;
mod lighthouse;

const BINARYEN_VERSION: &str = "132.0.0";
/// The S3-compatible server the media tests store images in (from PyPI).
const MOTO_VERSION: &str = "5.2.1";
/// The npm packages the browser tests use: the versions `api/src/http/graphiql.html` pins
/// (served by a local mirror), and axe-core, the accessibility checker run on the apps' pages.
const BROWSER_TEST_PACKAGES: [&str; 4] = [
    "graphiql@3.8.3",
    "react@18.3.1",
    "react-dom@18.3.1",
    "axe-core@4.10.3",
];
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const APPS: [(&str, &str); 2] = [("storefront", "/"), ("admin", "/admin/")];

/// What an app's first screen may transfer: its main wasm and JavaScript (the app, its glue and
/// the loader of its lazily loaded areas), brotli-compressed, in bytes. `cargo xtask test` is
/// red when an app crosses it. An area's chunks load when one of its pages first opens and are
/// listed with their sizes, outside the budget.
struct Budget {
    app: &'static str,
    limit: u64,
}

const BUDGETS: [Budget; 2] = [
    Budget {
        app: "storefront",
        limit: 250_000,
    },
    Budget {
        app: "admin",
        limit: 350_000,
    },
];

/// What a command needs installed.
#[derive(Clone, Copy, PartialEq)]
enum Need {
    /// Building the apps and the server (`run`, `web`).
    Build,
    /// Everything the tests also use: Chromium, moto's S3 server, GraphiQL's scripts.
    Test,
}

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("web") => tools(Need::Build).and_then(|_| web()).map(|_| ()),
        Some("tools") => tools(Need::Test),
        Some("sdl") => sdl(),
        Some("bench") => bench(),
        Some("lighthouse") => tools(Need::Test)
            .and_then(|_| web())
            .and_then(|_| lighthouse::run()),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  run [ARGS]  build the apps and run the shop with demo data (ARGS go to `jangteo serve`)\n  test        every check CI runs, then all tests\n  web         build the storefront and admin bundles\n  tools       install the wasm target, wasm-opt, brotli, Chromium and the tests' servers\n  sdl         rewrite schema/*.graphql from the code\n  lighthouse  Lighthouse scores, LCP, CLS and TBT of the storefront's home, category and product pages\n  bench       the hot-path table (CPU per request), job-queue throughput, catalog load (release build; PostgreSQL too with TEST_DATABASE_URL)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => {
            eprintln!("xtask: done in {:.0?}", started.elapsed());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs a command in the repository root, echoing it; fails on a non-zero exit.
fn sh(program: &str, args: &[&str]) -> Result {
    sh_env(program, args, &[])
}

fn sh_env(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result {
    eprintln!("xtask: $ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .env("PATH", tool_path())
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// First line of a command's stdout, if it runs.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .env("PATH", tool_path())
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    })
}

fn binaryen_dir() -> PathBuf {
    root().join("target/tools/binaryen")
}

/// Binaryen's optimiser from npm `binaryen` (Debian's is too old: its output crashes Chromium).
fn wasm_opt() -> PathBuf {
    binaryen_dir().join("node_modules/.bin/wasm-opt")
}

/// The npm packages of the browser tests ([`BROWSER_TEST_PACKAGES`]).
fn browser_packages_dir() -> PathBuf {
    root().join("target/tools/npm")
}

/// A Python virtual environment holding moto's S3 server (`bin/moto_server`), for the tests.
fn moto_dir() -> PathBuf {
    root().join("target/tools/moto")
}

/// PATH with cargo's bin directory and the local binaryen in front.
fn tool_path() -> String {
    let mut paths = vec![binaryen_dir().join("node_modules/.bin")];
    if let Some(home) = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        paths.push(home.join("bin"));
    }
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(paths)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_root() -> bool {
    output("id", &["-u"]).as_deref() == Some("0")
}

/// Installs what the build (and with [`Need::Test`] the tests) need, skipping what is already
/// there. The JavaScript glue comes from xtask's own wasm-bindgen library, so no CLI is built.
fn tools(need: Need) -> Result {
    let with_browser = need == Need::Test;
    let started = Instant::now();
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(WASM_TARGET));
    if !installed {
        sh("rustup", &["target", "add", WASM_TARGET])?;
    }
    let wasm_opt = wasm_opt();
    let wasm_opt = wasm_opt.to_string_lossy();
    if !output(&wasm_opt, &["--version"]).is_some_and(|v| v.contains("version 132")) {
        if output("npm", &["--version"]).is_none() {
            install_debian(
                &["nodejs", "npm"],
                "Node.js and npm (for wasm-opt from npm `binaryen`)",
            )?;
        }
        let prefix = binaryen_dir();
        std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
        sh(
            "npm",
            &[
                "install",
                "--prefix",
                &prefix.to_string_lossy(),
                &format!("binaryen@{BINARYEN_VERSION}"),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ],
        )?;
    }
    // The media tests run the S3 back-end against a real S3-compatible server: moto's, from
    // PyPI, in its own virtual environment.
    let moto = moto_dir();
    let moto_pip = moto.join("bin/pip");
    let moto_version = with_browser.then(|| {
        output(
            &moto.join("bin/python").to_string_lossy(),
            &["-c", "import moto; print(moto.__version__)"],
        )
    });
    if moto_version.is_some_and(|v| v.as_deref().map(str::trim) != Some(MOTO_VERSION)) {
        if output("python3", &["-m", "venv", "--help"]).is_none() {
            install_debian(
                &["python3", "python3-venv"],
                "Python 3 with venv (for the S3 test server)",
            )?;
        }
        sh("python3", &["-m", "venv", &moto.to_string_lossy()])?;
        sh(
            &moto_pip.to_string_lossy(),
            &[
                "install",
                "--quiet",
                "--disable-pip-version-check",
                &format!("moto[server]=={MOTO_VERSION}"),
            ],
        )?;
    }
    // The browser test of GraphiQL serves its pinned scripts from this copy (the page's
    // Subresource Integrity hashes prove the bytes are unpkg.com's); the accessibility test
    // injects axe-core from it.
    let packages = browser_packages_dir();
    if with_browser
        && BROWSER_TEST_PACKAGES.iter().any(|spec| {
            let (name, version) = spec.rsplit_once('@').unwrap_or((spec, ""));
            !std::fs::read_to_string(
                packages
                    .join("node_modules")
                    .join(name)
                    .join("package.json"),
            )
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
        })
    {
        std::fs::create_dir_all(&packages).map_err(|e| e.to_string())?;
        let mut args = vec![
            "install".to_owned(),
            "--prefix".to_owned(),
            packages.to_string_lossy().into_owned(),
            "--no-audit".to_owned(),
            "--no-fund".to_owned(),
            "--loglevel=error".to_owned(),
        ];
        args.extend(BROWSER_TEST_PACKAGES.iter().map(|s| (*s).to_owned()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        sh("npm", &args)?;
    }
    // Precompressed assets: brotli beside gzip (optional for `run` without root).
    if output("brotli", &["--version"]).is_none() && is_root() {
        install_debian(&["brotli"], "brotli (to precompress the apps' assets)")?;
    }
    // diesel's PostgreSQL backend links the system libpq; on Debian that is libpq-dev.
    if debian_package_missing("libpq-dev") {
        install_debian(
            &["libpq-dev"],
            "libpq (the PostgreSQL client library the server links)",
        )?;
    }
    if with_browser
        && (output("chromium", &["--version"]).is_none()
            || output("chromedriver", &["--version"]).is_none())
    {
        install_debian(
            &["chromium", "chromium-driver"],
            "Chromium and ChromeDriver (for the browser tests)",
        )?;
    }
    eprintln!("xtask: tools ready ({:.0?})", started.elapsed());
    Ok(())
}

/// True on a Debian system where `package` is not installed (false elsewhere: nothing to do).
fn debian_package_missing(package: &str) -> bool {
    match Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
    {
        Ok(out) => !String::from_utf8_lossy(&out.stdout).ends_with("install ok installed"),
        Err(_) => false,
    }
}

fn install_debian(packages: &[&str], what: &str) -> Result {
    if !is_root() || output("apt-get", &["--version"]).is_none() {
        return Err(format!(
            "{what} missing: install the Debian packages {} (e.g. `sudo apt-get install -y {}`) and rerun",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    let env = [("DEBIAN_FRONTEND", "noninteractive")];
    if sh_env("apt-get", &args, &env).is_err() {
        sh_env("apt-get", &["update"], &env)?;
        sh_env("apt-get", &args, &env)?;
    }
    Ok(())
}

/// Builds both browser apps into `<app>/dist` ([`bundle`]), compresses their assets and
/// prints every asset's size; returns whether each app's first screen fits its budget.
fn web() -> Result<bool> {
    let started = Instant::now();
    let apps: Vec<&str> = APPS.iter().map(|(app, _)| *app).collect();
    bundle::compile(&apps)?;
    let mut within = true;
    for (app, public_url) in APPS {
        bundle::assemble(app, public_url, &wasm_opt())?;
        compress_bundle(app)?;
        within &= report_sizes(app)?;
    }
    eprintln!("xtask: apps built in {:.0?}", started.elapsed());
    Ok(within)
}

/// Writes `.gz` (gzip -9) and `.br` (brotli 11, when Debian's `brotli` is installed) next to
/// every compressible asset of an app's bundle, which the server sends to browsers that accept
/// them.
fn compress_bundle(app: &str) -> Result {
    let dist = root().join(app).join("dist");
    let brotli = output("brotli", &["--version"]).is_some();
    if !brotli {
        eprintln!("xtask: `brotli` is not installed: {app} gets gzip variants only");
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                ["wasm", "js", "css", "html", "svg", "json", "webmanifest"].contains(&e)
            })
        })
        .collect();
    for path in &entries {
        let file = path.to_string_lossy();
        let quiet = |program: &str, args: &[&str]| -> Result {
            let status = Command::new(program)
                .args(args)
                .status()
                .map_err(|e| format!("{program}: {e}"))?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("`{program} {}` failed: {status}", args.join(" ")))
            }
        };
        quiet("gzip", &["-9", "-n", "-k", "-f", &file])?;
        if brotli {
            quiet("brotli", &["-q", "11", "-k", "-f", &file])?;
        }
    }
    Ok(())
}

/// Prints an app's assets (as built, gzip, brotli) and its first screen (wasm + JavaScript,
/// brotli) against its budget; false when over it.
fn report_sizes(app: &str) -> Result<bool> {
    let kb = |bytes: u64| format!("{:.1} KB", bytes as f64 / 1000.0);
    let assets = bundle::assets(app)?;
    eprintln!(
        "xtask: {app}: {:<40} {:>10} {:>10} {:>10}",
        "asset", "built", "gzip", "brotli"
    );
    let mut first_screen = 0;
    let mut measured = true;
    for asset in &assets {
        let loads_first = (asset.name.ends_with(".wasm") || asset.name.ends_with(".js"))
            && !bundle::is_chunk(&asset.name);
        if loads_first {
            match asset.brotli {
                Some(b) => first_screen += b,
                None => measured = false,
            }
        }
        eprintln!(
            "xtask: {app}: {:<40} {:>10} {:>10} {:>10}",
            asset.name,
            kb(asset.raw),
            kb(asset.gzip),
            asset.brotli.map(kb).unwrap_or_else(|| "-".into())
        );
    }
    let Some(budget) = BUDGETS.iter().find(|b| b.app == app) else {
        return Ok(true);
    };
    if !measured {
        eprintln!("xtask: {app}: first screen not measured (no brotli variants)");
        return Ok(true);
    }
    let within = first_screen <= budget.limit;
    eprintln!(
        "xtask: {app}: first screen (wasm + JS, brotli) {}: budget {}{}",
        kb(first_screen),
        kb(budget.limit),
        if within { "" } else { " -- OVER BUDGET" }
    );
    Ok(within)
}

/// Builds everything and runs the shop with the embedded defaults and demo data.
fn run(args: &[String]) -> Result {
    tools(Need::Build)?;
    web()?;
    let mut serve = vec!["run", "--package", "jangteo", "--", "serve", "--demo"];
    serve.extend(args.iter().map(String::as_str));
    sh(&cargo(), &serve)
}

/// Every check CI runs, in the order that fails fastest.
fn test() -> Result {
    tools(Need::Test)?;
    sh(&cargo(), &["fmt", "--all", "--", "--check"])?;
    sh(
        &cargo(),
        &[
            "clippy",
            "--workspace",
            "--exclude",
            "storefront",
            "--exclude",
            "admin",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    sh(
        &cargo(),
        &[
            "clippy",
            "--target",
            WASM_TARGET,
            "-p",
            "storefront",
            "-p",
            "admin",
            "-p",
            "jangteo-shared",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    sh(
        &cargo(),
        &["check", "--target", WASM_TARGET, "-p", "jangteo-shared"],
    )?;
    if !web()? {
        return Err("an app's first screen is over its size budget (see above)".into());
    }
    // Not --workspace: that would also build the two wasm apps natively, for nothing.
    let mut test_args = vec!["test"];
    let with_postgres = env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty());
    if !with_postgres {
        eprintln!("xtask: TEST_DATABASE_URL is not set: running the SQLite variants only");
        test_args.extend(["--", "--skip", "::postgres"]);
    }
    sh(&cargo(), &test_args)
}

/// Prints the job-queue benchmark (a release build).
fn bench() -> Result {
    // The hot-path benchmark runs the release server as its own process.
    sh(&cargo(), &["build", "--release", "--package", "jangteo"])?;
    for bin in ["bench-hot", "bench-jobs", "bench-catalog", "bench-abuse"] {
        sh(
            &cargo(),
            &[
                "run",
                "--release",
                "--package",
                "jangteo-tests",
                "--bin",
                bin,
            ],
        )?;
    }
    Ok(())
}

/// Rewrites the committed SDL of both APIs from the code.
fn sdl() -> Result {
    for api in ["shop", "admin"] {
        let out = Command::new(cargo())
            .args([
                "run",
                "--quiet",
                "--package",
                "jangteo",
                "--",
                "schema",
                api,
            ])
            .current_dir(root())
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!(
                "jangteo schema {api} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let path = root().join("schema").join(format!("{api}.graphql"));
        std::fs::write(&path, &out.stdout).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("xtask: wrote {}", path.display());
    }
    Ok(())
}
