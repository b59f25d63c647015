//! Deployment packages (Lambda `.zip` files) fetched from their presigned URL and scanned for
//! secrets in memory. Nothing is written to disk and only redacted matches are kept.

use std::io::Read;
use std::time::Duration;

use ais_model::kinds::aws::SecretHit;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::secrets::scan_text;

/// Largest package downloaded (Lambda's own limit for a direct upload is 50 MiB).
const MAX_PACKAGE: usize = 64 << 20;
/// Largest file inside a package that is scanned; bigger files are bundles or data.
const MAX_FILE: u64 = 4 << 20;
/// At most this many files of one package are scanned.
const MAX_FILES: usize = 20_000;

/// Downloads the package at `url` and scans it. With an endpoint override (an emulator), only
/// URLs on that endpoint's host are fetched: a scan against an emulator never reaches out.
pub(crate) async fn scan_url(url: &str, endpoint: Option<&str>) -> Result<Vec<SecretHit>, String> {
    let uri: hyper::Uri = url
        .parse()
        .map_err(|e| format!("invalid package URL: {e}"))?;
    if let Some(ep) = endpoint {
        let ep: hyper::Uri = ep.parse().map_err(|e| format!("invalid endpoint: {e}"))?;
        if uri.host() != ep.host() {
            return Err(format!(
                "the package is served by {}, outside the configured endpoint; not fetched",
                uri.host().unwrap_or("an unknown host")
            ));
        }
    }
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("no TLS roots: {e}"))?
        .https_or_http()
        .enable_http1()
        .build();
    let client: Client<_, Empty<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build(https);
    let fetch = async {
        let resp = client
            .get(uri)
            .await
            .map_err(|e| format!("downloading the package failed: {e}"))?;
        if !resp.status().is_success() {
            return Err(format!(
                "downloading the package failed: HTTP {}",
                resp.status()
            ));
        }
        let body = Limited::new(resp.into_body(), MAX_PACKAGE)
            .collect()
            .await
            .map_err(|e| format!("reading the package failed: {e}"))?;
        Ok(body.to_bytes())
    };
    let bytes = tokio::time::timeout(Duration::from_secs(120), fetch)
        .await
        .map_err(|_| "downloading the package timed out after 120 s".to_string())??;
    scan_zip(&bytes)
}

/// Scans the text files of a zip archive; each hit's rule names the file it was found in.
pub(crate) fn scan_zip(bytes: &[u8]) -> Result<Vec<SecretHit>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the package is not a readable zip archive: {e}"))?;
    let mut hits = Vec::new();
    for i in 0..zip.len().min(MAX_FILES) {
        let mut f = match zip.by_index(i) {
            Ok(f) => f,
            Err(e) => return Err(format!("the package has an unreadable entry: {e}")),
        };
        if !f.is_file() || f.size() > MAX_FILE {
            continue;
        }
        let name = f.name().to_string();
        let mut data = Vec::with_capacity(f.size() as usize);
        if f.by_ref().take(MAX_FILE).read_to_end(&mut data).is_err() {
            return Err(format!(
                "the package entry {name} could not be decompressed"
            ));
        }
        // Binary files (compiled code, images) are skipped.
        if data.iter().take(8192).any(|&b| b == 0) {
            continue;
        }
        let text = String::from_utf8_lossy(&data);
        hits.extend(scan_text(&text).into_iter().map(|h| SecretHit {
            rule: format!("{} in {name}", h.rule),
            ..h
        }));
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            for (name, data) in files {
                w.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn finds_secrets_in_text_files_and_names_the_file() {
        let z = zip_of(&[
            (
                "index.py",
                b"KEY = 'AKIAABCDEFGHIJKLMNOP'\ndef handler(e, c):\n    return 1\n",
            ),
            ("lib/native.so", b"\x7fELF\x00\x00AKIAABCDEFGHIJKLMNOP"),
            ("README.md", b"nothing here\n"),
        ]);
        let hits = scan_zip(&z).unwrap();
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].rule.ends_with("in index.py"), "{hits:?}");
        assert_eq!(hits[0].line, 1);
        assert!(!hits[0].redacted.contains("ABCDEFGHIJ"));
    }

    #[test]
    fn broken_archives_are_errors_not_empty_results() {
        assert!(scan_zip(b"not a zip").is_err());
        assert!(scan_zip(&[]).is_err());
    }

    #[tokio::test]
    async fn urls_outside_the_endpoint_are_not_fetched() {
        let err = scan_url(
            "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/x.zip",
            Some("http://127.0.0.1:5000"),
        )
        .await
        .unwrap_err();
        assert!(err.contains("outside the configured endpoint"), "{err}");
    }
}
