//! Test helpers: a moto server on a free loopback port, the binary, the workspace paths.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The Python venv with moto: `AIS_TEST_VENV`, else `.venv` in the workspace, created from
/// `tests/requirements.txt` on first use (under a file lock, so parallel tests create it once).
pub fn venv_bin(name: &str) -> PathBuf {
    let dir = std::env::var_os("AIS_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv"));
    const REQUIREMENTS: &str = include_str!("../../../../tests/requirements.txt");
    let marker = dir.join(".ais-requirements-installed");
    let current = |m: &PathBuf| std::fs::read_to_string(m).is_ok_and(|t| t == REQUIREMENTS);
    if !current(&marker) {
        let lock_path = workspace().join("target/.venv.lock");
        std::fs::create_dir_all(lock_path.parent().unwrap()).unwrap();
        let lock = std::fs::File::create(&lock_path).unwrap();
        lock.lock().unwrap();
        if !current(&marker) {
            let ok = Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success())
                && Command::new(dir.join("bin/pip"))
                    .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                    .arg(workspace().join("tests/requirements.txt"))
                    .status()
                    .is_ok_and(|s| s.success());
            assert!(
                ok,
                "could not create the test venv at {} (needs python3 and access to PyPI)",
                dir.display()
            );
            std::fs::write(&marker, REQUIREMENTS).unwrap();
        }
        drop(lock);
    }
    let p = dir.join("bin").join(name);
    assert!(p.exists(), "{} not found in the test venv", p.display());
    p
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A moto server on 127.0.0.1, stopped when dropped.
pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    pub fn start(extra_env: &[(&str, &str)]) -> Moto {
        let port = free_port();
        let mut cmd = Command::new(venv_bin("moto_server"));
        cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start moto_server");
        let moto = Moto { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if moto.get("/moto-api/").is_some() {
                return moto;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("moto_server did not start on port {port} within 60 s");
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn request(&self, method: &str, path: &str) -> Option<String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
        write!(s, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        out.starts_with("HTTP/1.1 2").then_some(out)
    }

    fn get(&self, path: &str) -> Option<String> {
        self.request("GET", path)
    }

    /// Forgets every resource (a fresh account).
    pub fn reset(&self) {
        self.request("POST", "/moto-api/reset").expect("moto reset");
    }

    /// Runs the fixture seeding script for a scenario.
    pub fn seed(&self, scenario: &str, groups: &str) {
        let out = Command::new(venv_bin("python"))
            .arg(workspace().join("tests/moto/seed.py"))
            .args([
                "--endpoint",
                &self.url(),
                "--scenario",
                scenario,
                "--groups",
                groups,
            ])
            .output()
            .expect("run seed.py");
        assert!(
            out.status.success(),
            "seed.py {scenario} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `ai-security` binary with test credentials and no ambient AWS configuration.
pub fn ais() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ai-security"));
    c.env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    c
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run ai-security")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Findings from a scan's findings.json.
pub fn findings(dir: &Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("findings.json")).unwrap()).unwrap();
    v["findings"].as_array().unwrap().clone()
}

/// tests/fault_proxy.py on 127.0.0.1 in front of `upstream`, stopped when dropped.
pub struct Proxy {
    child: Child,
    pub port: u16,
}

impl Proxy {
    /// `args`: the proxy's fault options (`--throttle 0.3`, `--deny REGEX`, …).
    pub fn start(upstream: &str, args: &[&str]) -> Proxy {
        let port = free_port();
        let child = Command::new(venv_bin("python"))
            .arg(workspace().join("tests/fault_proxy.py"))
            .args(["--listen", &port.to_string(), "--upstream", upstream])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start fault_proxy.py");
        let proxy = Proxy { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if proxy.stats().is_some() {
                return proxy;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("fault proxy did not start on port {port}");
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The proxy's counters (`requests`, `forwarded`, `throttled`, `errors`, `dropped`, `denied`).
    pub fn stats(&self) -> Option<serde_json::Value> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        write!(
            s,
            "GET /__proxy/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        let body = out.split("\r\n\r\n").nth(1)?;
        serde_json::from_str(body).ok()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
