//! Builds the browser apps' bundles: cargo for wasm32 (with the apps' `split` feature), the
//! split of each app's wasm at its lazily loaded routes (`wasm_split_cli_support`: a main
//! module, one chunk per lazy route plus chunks they share, and a small loader script),
//! wasm-bindgen's JavaScript glue (as a library, at Cargo.lock's version), `wasm-opt -Oz` (npm
//! `binaryen`) on every module, fingerprinted file names and the app's `index.html`. Trunk reads the same `index.html` for the developer's
//! watch loop (`trunk serve`); the build here needs no Trunk: its `data-trunk` links are the
//! bundle's description (`rel="rust"` the app, `rel="css"` its stylesheet, `rel="copy-file"`
//! files served as they are).

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::{Result, WASM_TARGET, root};

/// The cargo profile of the apps (size-optimised, fat LTO).
const PROFILE: &str = "wasm-release";

/// One built asset of a bundle and its sizes in bytes.
pub struct Asset {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: Option<u64>,
}

/// Compiles every app for wasm32 in one cargo invocation (the apps share their dependencies'
/// builds), with each app's `split` feature (its lazy routes become split points) and the
/// relocations the splitter reads (`--emit-relocs`).
pub fn compile(apps: &[&str]) -> Result {
    let features: Vec<String> = apps.iter().map(|app| format!("{app}/split")).collect();
    let features = features.join(",");
    let mut args = vec![
        "build",
        "--profile",
        PROFILE,
        "--target",
        WASM_TARGET,
        "--locked",
        "--features",
        &features,
    ];
    for app in apps {
        args.extend(["-p", app]);
    }
    crate::sh_env(
        &crate::cargo(),
        &args,
        &[("RUSTFLAGS", "-Clink-args=--emit-relocs")],
    )
}

/// A chunk of an app: a module the app fetches when a lazy route first opens.
pub fn is_chunk(asset: &str) -> bool {
    asset.starts_with("split_") || asset.starts_with("chunk_")
}

/// wasm-opt's options for every module: size first, no debug names, and the WebAssembly
/// features rustc 1.95 emits (a split chunk carries no `target_features` section to read them
/// from).
const WASM_OPT: &[&str] = &[
    "-Oz",
    "--strip-debug",
    "--strip-producers",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

fn wasm_opt_file(wasm_opt: &Path, input: &Path, output: &Path) -> Result<Vec<u8>> {
    let mut args: Vec<&str> = WASM_OPT.to_vec();
    let (input, output) = (input.to_string_lossy(), output.to_string_lossy());
    args.extend([input.as_ref(), "--output", output.as_ref()]);
    crate::sh(&wasm_opt.to_string_lossy(), &args)?;
    std::fs::read(output.as_ref()).map_err(|e| format!("{output}: {e}"))
}

/// The loader's name while it is built: what the main module imports its chunk loaders from.
const LOADER: &str = "./__wasm_split.js";

/// Assembles `<app>/dist` from the compiled wasm: glue, optimisation, fingerprints, shell.
pub fn assemble(app: &str, public_url: &str, wasm_opt: &Path) -> Result {
    let started = Instant::now();
    let source_dir = root().join(app);
    let index_source = std::fs::read_to_string(source_dir.join("index.html"))
        .map_err(|e| format!("{app}/index.html: {e}"))?;
    let wasm_in = root()
        .join("target")
        .join(WASM_TARGET)
        .join(PROFILE)
        .join(format!("{app}.wasm"));
    let staging = root().join("target").join("bundle").join(app);
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| format!("{}: {e}", staging.display()))?;

    // The split: the main module (what wasm-bindgen processes), the chunks and their loader.
    // cargo's own output is only read, never overwritten.
    let split_dir = staging.join("split");
    let main_split = split_dir.join(format!("{app}_split.wasm"));
    let input = std::fs::read(&wasm_in).map_err(|e| format!("{}: {e}", wasm_in.display()))?;
    let main_module = format!("./{app}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &split_dir;
    options.main_out_path = &main_split;
    options.main_module = &main_module;
    options.link_name = LOADER;
    options.target.web();
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting {}: {e:#}", wasm_in.display()))?;

    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&main_split)
        .out_name(app)
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        // The loader reaches the main module's function table and memory layout through these.
        .keep_lld_exports(true)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    bindgen
        .generate(&staging)
        .map_err(|e| format!("wasm-bindgen on {}: {e:#}", main_split.display()))?;
    let wasm = wasm_opt_file(
        wasm_opt,
        &staging.join(format!("{app}_bg.wasm")),
        &staging.join(format!("{app}_bg.opt.wasm")),
    )?;
    let js =
        std::fs::read_to_string(staging.join(format!("{app}.js"))).map_err(|e| e.to_string())?;
    let loader_path = split_dir.join(LOADER.trim_start_matches("./"));
    let loader = std::fs::read_to_string(&loader_path)
        .map_err(|e| format!("{}: {e}", loader_path.display()))?;
    let mut chunks: Vec<(String, Vec<u8>)> = Vec::new();
    for module in &split.split_modules {
        let name = file_name(&module.to_string_lossy());
        let optimised = split_dir.join(format!("{name}.opt"));
        chunks.push((name, wasm_opt_file(wasm_opt, module, &optimised)?));
    }
    chunks.sort();

    // One fingerprint for the whole build: the main module and its chunks only work together.
    let mut parts: Vec<&[u8]> = vec![&wasm, js.as_bytes(), loader.as_bytes()];
    parts.extend(chunks.iter().map(|(_, bytes)| bytes.as_slice()));
    let hash = fingerprint(&parts);
    let js_name = format!("{app}-{hash}.js");
    let wasm_name = format!("{app}-{hash}_bg.wasm");
    let loader_name = format!("{app}-split-{hash}.js");
    // The glue imports each loader function on its own line; the wasm's import module (the
    // imports object's key) keeps the loader's build name.
    let js = js
        .replace(
            &format!("from \"{LOADER}\""),
            &format!("from \"./{loader_name}\""),
        )
        .replace(
            &format!("from '{LOADER}'"),
            &format!("from './{loader_name}'"),
        );
    let mut loader = loader.replace(&format!("\"{main_module}\""), &format!("\"./{js_name}\""));
    let mut chunk_names = Vec::new();
    for (name, _) in &chunks {
        let stem = name.trim_end_matches(".wasm");
        let hashed = format!("{stem}-{hash}.wasm");
        loader = loader.replace(&format!("\"./{name}\""), &format!("\"./{hashed}\""));
        chunk_names.push(hashed);
    }

    let dist = source_dir.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    write(&dist.join(&js_name), js.as_bytes())?;
    write(&dist.join(&wasm_name), &wasm)?;
    write(&dist.join(&loader_name), loader.as_bytes())?;
    for ((_, bytes), hashed) in chunks.iter().zip(&chunk_names) {
        write(&dist.join(hashed), bytes)?;
    }
    let snippets = staging.join("snippets");
    if snippets.is_dir() {
        copy_dir(&snippets, &dist.join("snippets"))?;
    }

    let mut head = String::new();
    let mut html = String::with_capacity(index_source.len() + 512);
    for line in index_source.lines() {
        let trimmed = line.trim();
        if !trimmed.starts_with("<link data-trunk") {
            html.push_str(line);
            html.push('\n');
            continue;
        }
        let href = attribute(trimmed, "href");
        match attribute(trimmed, "rel").as_deref() {
            Some("copy-file") => {
                let href = href.ok_or_else(|| format!("{app}: copy-file without href"))?;
                let bytes = std::fs::read(source_dir.join(&href))
                    .map_err(|e| format!("{app}/{href}: {e}"))?;
                write(&dist.join(file_name(&href)), &bytes)?;
            }
            Some("css") => {
                let href = href.ok_or_else(|| format!("{app}: css without href"))?;
                let css = std::fs::read(source_dir.join(&href))
                    .map_err(|e| format!("{app}/{href}: {e}"))?;
                let name = file_name(&href);
                let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "css"));
                let hashed = format!("{stem}-{}.{ext}", fingerprint(&[&css]));
                write(&dist.join(&hashed), &css)?;
                head.push_str(&format!(
                    "<link rel=\"stylesheet\" href=\"{public_url}{hashed}\">\n"
                ));
            }
            Some("rust") => {
                // On a page the server has drawn, the wasm is fetched once the page has loaded
                // and painted: its pictures come first (they are what the shopper looks at).
                // Elsewhere the app starts at once.
                head.push_str(&format!(
                    "<link rel=\"modulepreload\" href=\"{public_url}{js_name}\">\n\
                     <link rel=\"modulepreload\" href=\"{public_url}{loader_name}\">\n\
                     <script type=\"module\">import init from '{public_url}{js_name}';\
                     if(document.getElementById('prerender')){{\
                     if(document.readyState!=='complete')await new Promise(r=>addEventListener('load',r,{{once:true}}));\
                     await new Promise(r=>requestAnimationFrame(()=>requestAnimationFrame(r)))}}\
                     await init({{module_or_path:'{public_url}{wasm_name}'}});</script>\n"
                ));
            }
            other => {
                return Err(format!(
                    "{app}/index.html: unsupported data-trunk link {other:?}"
                ));
            }
        }
    }
    let html = html.replacen("</head>", &format!("{head}</head>"), 1);
    if !html.contains(&js_name) {
        return Err(format!("{app}/index.html has no </head> or no rust link"));
    }
    write(&dist.join("index.html"), html.as_bytes())?;
    eprintln!(
        "xtask: {app} assembled in {:.1?} ({} KiB main wasm, {} chunks)",
        started.elapsed(),
        wasm.len() / 1024,
        chunks.len()
    );
    Ok(())
}

/// The value of `name="..."` in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_owned())
}

fn file_name(href: &str) -> String {
    href.rsplit('/').next().unwrap_or(href).to_owned()
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// 16 hex digits of FNV-1a (64 bit) over the parts: a new name whenever a byte changes, which
/// is all a cache-busting fingerprint needs (the server caches such names for a year).
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in *part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // Part boundary, so ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Sizes of every asset of a built bundle (after [`crate::compress_bundle`]).
pub fn assets(app: &str) -> Result<Vec<Asset>> {
    let dist = root().join(app).join("dist");
    let size = |p: &PathBuf| std::fs::metadata(p).map(|m| m.len()).ok();
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && !p.extension().is_some_and(|e| e == "gz" || e == "br"))
        .collect();
    entries.sort();
    for path in entries {
        let raw = size(&path).unwrap_or(0);
        let file = path.to_string_lossy();
        out.push(Asset {
            name: path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            raw,
            gzip: size(&PathBuf::from(format!("{file}.gz"))).unwrap_or(raw),
            brotli: size(&PathBuf::from(format!("{file}.br"))),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_change_with_any_byte_and_with_part_boundaries() {
        let a = fingerprint(&[b"ab", b"c"]);
        assert_eq!(a.len(), 16);
        assert_ne!(a, fingerprint(&[b"a", b"bc"]));
        assert_ne!(a, fingerprint(&[b"ab", b"d"]));
        assert_eq!(a, fingerprint(&[b"ab", b"c"]));
    }

    #[test]
    fn reads_attributes_of_a_trunk_link() {
        let tag = r#"<link data-trunk rel="rust" data-bin="storefront" href="x/y.css">"#;
        assert_eq!(attribute(tag, "rel").as_deref(), Some("rust"));
        assert_eq!(attribute(tag, "href").as_deref(), Some("x/y.css"));
        assert_eq!(attribute(tag, "bin"), None);
        assert_eq!(file_name("x/y.css"), "y.css");
    }
}
