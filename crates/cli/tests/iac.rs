//! `scan iac` end to end on a directory of Dockerfiles: findings with file and line, secrets
//! never written out, and bad input (unparseable, binary, oversized files, ignored paths,
//! symbolic links and loops) reported without stopping the scan.

mod common;

use std::path::Path;

use common::*;

const SECRET: &str = "s3cr3t-value-never-printed";

fn write(root: &Path, rel: &str, content: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "good/Dockerfile",
        b"FROM python:3.12-slim@sha256:8f3ee1a2b7c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e AS build
WORKDIR /src
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
FROM python:3.12-slim@sha256:8f3ee1a2b7c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e
COPY --from=build /src /app
USER 10001
EXPOSE 8080
HEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8080/')\"]
CMD [\"python\", \"/app/main.py\"]
",
    );
    write(
        root,
        "bad/Dockerfile",
        format!(
            "FROM ubuntu:latest
RUN apt-get update
ADD https://example.com/tool.sh /usr/local/bin/tool
ENV API_TOKEN={SECRET}
RUN curl -fsSL https://get.example.com/install.sh | sh
EXPOSE 22
"
        )
        .as_bytes(),
    );
    write(
        root,
        "broken/Dockerfile",
        b"FROM alpine:3.20\nRUN echo ok\nBOGUS thing\n",
    );
    write(root, "binary/Dockerfile", b"FROM alpine\n\0\x01\x02binary");
    write(
        root,
        "huge/Dockerfile",
        format!("FROM alpine:3.20\n{}", "# padding\n".repeat(5000)).as_bytes(),
    );
    write(
        root,
        "ignored/Dockerfile",
        b"FROM ubuntu:latest\nUSER root\n",
    );
    write(root, ".gitignore", b"ignored/\n");
    write(root, "notes/README.md", b"not a Dockerfile");
    #[cfg(unix)]
    {
        // A link to a Dockerfile and a directory loop: neither is followed.
        std::os::unix::fs::symlink(root.join("bad/Dockerfile"), root.join("Dockerfile.link"))
            .unwrap();
        std::os::unix::fs::symlink(root, root.join("good/loop")).unwrap();
    }
    dir
}

#[test]
fn dockerfiles_are_checked_with_lines_and_bad_files_do_not_stop_the_scan() {
    let src = fixture();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .args(["scan", "iac"])
        .arg(src.path())
        .args([
            "--max-file-bytes",
            "20000",
            "--output-formats",
            "json,csv,ocsf",
        ])
        .arg("--output-dir")
        .arg(out_dir.path()));
    let stderr = text(&out.stderr);
    // ERROR findings for the files that could not be scanned.
    assert_eq!(out.status.code(), Some(4), "{stderr}");

    let findings = findings(out_dir.path());
    let on = |file: &str| -> Vec<&serde_json::Value> {
        findings
            .iter()
            .filter(|f| f["resource_uid"] == file)
            .collect()
    };
    let fails = |file: &str| -> Vec<String> {
        on(file)
            .iter()
            .filter(|f| f["status"] == "FAIL")
            .map(|f| f["check_id"].as_str().unwrap().to_string())
            .collect()
    };

    // The hardened file passes every check that matters.
    let good = fails("good/Dockerfile");
    for id in [
        "dockerfile_final_stage_user_not_root",
        "dockerfile_base_image_tag_not_latest",
        "dockerfile_add_not_from_url",
        "dockerfile_no_secrets_in_env_or_arg",
        "dockerfile_no_remote_script_piped_to_shell",
        "dockerfile_healthcheck_defined",
        "dockerfile_ssh_port_not_exposed",
    ] {
        assert!(
            !good.contains(&id.to_string()),
            "{id} failed on the good file"
        );
    }
    assert!(!on("good/Dockerfile").is_empty());

    // The bad file fails them, pointing at the lines.
    let bad = fails("bad/Dockerfile");
    for id in [
        "dockerfile_final_stage_user_not_root",
        "dockerfile_base_image_tag_not_latest",
        "dockerfile_add_not_from_url",
        "dockerfile_no_secrets_in_env_or_arg",
        "dockerfile_no_remote_script_piped_to_shell",
        "dockerfile_healthcheck_defined",
        "dockerfile_ssh_port_not_exposed",
        "dockerfile_apt_update_not_alone",
    ] {
        assert!(
            bad.contains(&id.to_string()),
            "{id} should fail on bad/Dockerfile: {bad:?}"
        );
    }
    let finding = |id: &str| {
        on("bad/Dockerfile")
            .into_iter()
            .find(|f| f["check_id"] == id)
            .unwrap()
    };
    let add = finding("dockerfile_add_not_from_url");
    assert_eq!(add["location"]["file"], "bad/Dockerfile");
    assert_eq!(add["location"]["start_line"], 3);
    assert!(
        add["status_extended"].as_str().unwrap().contains("line 3"),
        "{add}"
    );
    assert_eq!(
        finding("dockerfile_no_secrets_in_env_or_arg")["location"]["start_line"],
        4
    );
    assert_eq!(
        finding("dockerfile_no_remote_script_piped_to_shell")["location"]["start_line"],
        5
    );
    // A missing instruction points at the final stage's FROM.
    let hc = finding("dockerfile_healthcheck_defined");
    assert_eq!(hc["location"]["start_line"], 1);

    // Unparseable, binary and oversized files: ERROR with the file, line and reason; the rest
    // of the scan went on.
    let errors_for = |file: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f["status"] == "ERROR" && f["region"] == file)
            .map(|f| f["status_extended"].as_str().unwrap().to_string())
            .collect()
    };
    let broken = errors_for("broken/Dockerfile");
    assert!(
        !broken.is_empty() && broken[0].contains("broken/Dockerfile:3"),
        "{broken:?}"
    );
    assert!(errors_for("binary/Dockerfile")[0].contains("binary"));
    assert!(errors_for("huge/Dockerfile")[0].contains("larger than 20000 bytes"));
    assert!(
        stderr.contains("not scanned: parse broken/Dockerfile:3"),
        "{stderr}"
    );

    // Ignored paths and symbolic links are not scanned; the loop did not hang the walk.
    for f in &findings {
        let uid = f["resource_uid"].as_str().unwrap();
        let region = f["region"].as_str().unwrap();
        for skipped in ["ignored/", "Dockerfile.link", "loop/"] {
            assert!(
                !uid.contains(skipped) && !region.contains(skipped),
                "{uid} {region}"
            );
        }
    }

    // CSV and OCSF carry the location too.
    let csv = std::fs::read_to_string(out_dir.path().join("findings.csv")).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",file,start_line,end_line,evidence")
    );
    assert!(
        csv.lines().any(
            |l| l.contains("dockerfile_add_not_from_url") && l.contains(",bad/Dockerfile,3,3,")
        ),
        "{csv}"
    );
    let ocsf: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("findings.ocsf.json")).unwrap(),
    )
    .unwrap();
    let code = ocsf
        .iter()
        .find(|f| {
            f["metadata"]["event_code"] == "dockerfile_add_not_from_url"
                && f["resources"][0]["uid"] == "bad/Dockerfile"
        })
        .map(|f| &f["resources"][0]["data"]["affected_code"])
        .unwrap();
    assert_eq!(code["file"]["path"], "bad/Dockerfile");
    assert_eq!(code["start_line"], 3);

    // The secret's value is in no output.
    for name in ["findings.json", "findings.csv", "findings.ocsf.json"] {
        let body = std::fs::read_to_string(out_dir.path().join(name)).unwrap();
        assert!(!body.contains(SECRET), "{name} leaks the secret");
    }
    assert!(!stderr.contains(SECRET) && !text(&out.stdout).contains(SECRET));
}

#[test]
fn fail_on_and_missing_paths() {
    let src = fixture();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .args(["scan", "iac", "--quiet", "--fail-on", "high"])
        .arg(src.path().join("bad/Dockerfile"))
        .arg("--output-dir")
        .arg(out_dir.path()));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let findings = findings(out_dir.path());
    // A single file is scanned under its own name.
    assert!(findings.iter().any(|f| f["resource_uid"] == "Dockerfile"));

    let out = run(ais()
        .args(["scan", "iac", "/nonexistent/ai-security-test"])
        .arg("--output-dir")
        .arg(out_dir.path()));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/nonexistent/ai-security-test"));
}
