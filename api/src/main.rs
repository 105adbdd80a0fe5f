//! The `jangteo` binary; everything lives in the library.

fn main() -> std::process::ExitCode {
    jangteo::cli::main()
}
