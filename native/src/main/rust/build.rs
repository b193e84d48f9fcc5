//! Passes the version of rustls this library is linked with to the compiler as
//! `IOU_RUSTLS_RUSTLS_VERSION`, read from Cargo.lock (the resolved dependency, not the
//! `rustls = "0.20"` requirement in Cargo.toml). Cargo resolves the lock file before it runs
//! build scripts, so it is always present here.

use std::{env, fs, path::Path};

fn main() {
    let lock_path = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock_path.display());
    let lock = fs::read_to_string(&lock_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {}", lock_path.display(), e));
    let version = locked_version(&lock, "rustls")
        .unwrap_or_else(|| panic!("{} has no [[package]] named rustls", lock_path.display()));
    println!("cargo:rustc-env=IOU_RUSTLS_RUSTLS_VERSION={}", version);
}

/// The `version` of the `[[package]]` entry named `name` in a Cargo.lock text.
fn locked_version<'a>(lock: &'a str, name: &str) -> Option<&'a str> {
    let name_line = format!("name = \"{}\"", name);
    lock.split("[[package]]")
        .filter(|entry| entry.lines().any(|line| line.trim() == name_line))
        .flat_map(|entry| entry.lines())
        .find_map(|line| line.trim().strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
}
