//! A small secret detector for text the collectors read but never store (EC2 user data).

use std::sync::LazyLock;

use ais_model::kinds::aws::SecretHit;
use regex::Regex;

static RULES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("aws_access_key_id", r"\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\b"),
        ("aws_secret_access_key", r#"(?i)aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})"#),
        ("private_key", r"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)"),
        ("github_token", r"\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36})\b"),
        ("slack_token", r"\b(xox[baprs]-[A-Za-z0-9-]{10,})"),
        ("password_assignment", r#"(?i)\b(?:password|passwd|pwd|secret|api_?key|token)["']?\s*[:=]\s*["']?([^\s"']{8,})"#),
    ]
    .into_iter()
    .map(|(n, p)| (n, Regex::new(p).expect("secret rule compiles")))
    .collect()
});

/// Keeps the first four characters of a secret and masks the rest.
pub fn redact(s: &str) -> String {
    let keep: String = s.chars().take(4).collect();
    format!(
        "{keep}{}",
        "*".repeat(s.chars().count().saturating_sub(4).min(16))
    )
}

/// Finds secrets in text; the returned hits carry only redacted values.
pub fn scan_text(text: &str) -> Vec<SecretHit> {
    let mut hits = Vec::new();
    for (i, line) in text.lines().enumerate().take(100_000) {
        for (rule, re) in RULES.iter() {
            if let Some(c) = re.captures(line) {
                let m = c.get(1).map(|m| m.as_str()).unwrap_or_default();
                // Placeholders are not secrets.
                if m.starts_with('$') || m.starts_with("{{") || m.eq_ignore_ascii_case("changeme") {
                    continue;
                }
                hits.push(SecretHit {
                    rule: rule.to_string(),
                    line: i as i64 + 1,
                    redacted: redact(m),
                });
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_redacts_secrets() {
        let text = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1\necho hello\n";
        let hits = scan_text(text);
        let rules: Vec<_> = hits.iter().map(|h| h.rule.as_str()).collect();
        assert!(rules.contains(&"aws_access_key_id"), "{rules:?}");
        assert!(rules.contains(&"aws_secret_access_key"), "{rules:?}");
        for h in &hits {
            assert!(
                !h.redacted.contains("ABCDEFGHIJ") && !h.redacted.contains("EXAMPLEKEY"),
                "{h:?}"
            );
        }
        assert!(scan_text("echo hello\npassword=$DB_PASSWORD\n").is_empty());
    }
}
