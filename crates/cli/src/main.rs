//! The `ai-security` binary: everything lives in the library crates.
fn main() -> std::process::ExitCode {
    ai_security::main()
}
