//! A small secret detector for text the collectors read but never store (EC2 user data, SSM
//! documents and parameters, Lambda/ECS environment variables, Glue connection properties).

use std::sync::LazyLock;

use crate::kinds::aws::SecretHit;
use regex::Regex;

static RULES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("aws_access_key_id", r"\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\b"),
        ("aws_secret_access_key", r#"(?i)aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})"#),
        ("private_key", r"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)"),
        ("github_token", r"\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36})\b"),
        ("slack_token", r"\b(xox[baprs]-[A-Za-z0-9-]{10,})"),
        // `password=…`, `DB_PASSWORD: …`, but not the `:secret:` of a Secrets Manager ARN.
        ("password_assignment", r#"(?i)(?:^|[^:A-Za-z0-9_])(?:[A-Za-z0-9]+_)*(?:password|passwd|pwd|secret|api_?key|token)["']?\s*[:=]\s*["']?([^\s"']{8,})"#),
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

/// `text` with every secret a rule recognises replaced by its redacted form.
pub fn redact_text(text: &str) -> String {
    let mut out = text.to_string();
    for (_, re) in RULES.iter() {
        out = re
            .replace_all(&out, |c: &regex::Captures| {
                let whole = c.get(0).map_or("", |m| m.as_str());
                match c.get(1) {
                    Some(m) if !m.as_str().starts_with('$') && !m.as_str().starts_with("arn:") => {
                        whole.replace(m.as_str(), &redact(m.as_str()))
                    }
                    _ => whole.to_string(),
                }
            })
            .into_owned();
    }
    out
}

/// Finds secrets in text; the returned hits carry only redacted values.
pub fn scan_text(text: &str) -> Vec<SecretHit> {
    let mut hits = Vec::new();
    for (i, line) in text.lines().enumerate().take(100_000) {
        for (rule, re) in RULES.iter() {
            if let Some(c) = re.captures(line) {
                let m = c.get(1).map(|m| m.as_str()).unwrap_or_default();
                // Placeholders are not secrets.
                if m.starts_with('$')
                    || m.starts_with("{{")
                    || m.starts_with("arn:")
                    || m.eq_ignore_ascii_case("changeme")
                {
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

/// Names of variables that hold credentials (`DB_PASSWORD`, `api-key`, `SECRET_TOKEN`, ...).
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(passw(or)?d|passwd|pwd|secret|token|api_?key|apikey|private_?key|credential|auth_?key|access_?key)")
        .expect("secret-name rule compiles")
});

/// Values that point to a secret kept elsewhere rather than holding one.
fn is_reference(v: &str) -> bool {
    let v = v.trim();
    v.starts_with("arn:")
        || v.starts_with("${")
        || v.starts_with("{{resolve:")
        || v.starts_with("ssm:")
        || v.starts_with("secretsmanager:")
        || v.starts_with('$')
}

/// Finds secrets in `name = value` pairs (environment variables, connection properties): a
/// non-empty, non-reference value of a secret-looking name, or a value any text rule matches.
/// `line` is the 1-based position of the pair; only redacted values are returned.
pub fn scan_env(vars: &[(&str, &str)]) -> Vec<SecretHit> {
    let mut hits = Vec::new();
    for (i, (name, value)) in vars.iter().enumerate() {
        let line = i as i64 + 1;
        if is_reference(value) {
            continue;
        }
        let mut found: Vec<SecretHit> = scan_text(&format!("{name}={value}"))
            .into_iter()
            .map(|h| SecretHit { line, ..h })
            .collect();
        if found.is_empty()
            && SECRET_NAME.is_match(name)
            && value.trim().chars().count() >= 6
            && !is_reference(value)
            && !value.eq_ignore_ascii_case("changeme")
            && !matches!(
                value.trim().to_ascii_lowercase().as_str(),
                "true" | "false" | "none" | "null"
            )
        {
            found.push(SecretHit {
                rule: format!("secret_named_variable:{name}"),
                line,
                redacted: redact(value),
            });
        }
        hits.extend(found);
    }
    hits
}

#[cfg(test)]
mod redact_tests {
    use super::*;

    #[test]
    fn redact_text_masks_every_secret_and_keeps_the_rest() {
        let t = "key=AKIAIOSFODNN7EXAMPLE\npassword: hunter2hunter2 and arn:aws:secretsmanager:x:secret:db";
        let r = redact_text(t);
        assert!(!r.contains("AKIAIOSFODNN7EXAMPLE") && r.contains("AKIA****"));
        assert!(!r.contains("hunter2hunter2") && r.contains("password: hunt"));
        assert!(r.contains("arn:aws:secretsmanager:x:secret:db"));
    }
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
        // Prefixed names count; ARNs of secrets are references, not secrets.
        let hits = scan_text("export DB_PASSWORD=hunter2hunter2\n");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(
            scan_text("SECRET_ID=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf")
                .is_empty()
        );
        assert!(
            scan_text("ref: arn:aws:secretsmanager:us-east-1:1:secret:prod-db-Ab12").is_empty()
        );
    }

    #[test]
    fn environment_pairs_with_secret_names_or_values_are_found_and_redacted() {
        let hits = scan_env(&[
            ("DB_PASSWORD", "Sup3rS3cretPassw0rd!"),
            (
                "AWS_SECRET_ACCESS_KEY",
                "q8Vd3kLr0ZpT7yWm2Nx5bJf9Hc4Gs6Ea1Ru8KoPi",
            ),
            ("LOG_LEVEL", "debug"),
            (
                "API_TOKEN_ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:x",
            ),
            ("TOKEN_TTL", "3600"),
            ("ENABLE_SECRET_ROTATION", "true"),
            ("CALLBACK", "AKIAABCDEFGHIJKLMNOP"),
            (
                "DB_PASSWORD_SECRET_ARN",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
            ),
        ]);
        let lines: Vec<i64> = hits.iter().map(|h| h.line).collect();
        assert!(
            lines.contains(&1) && lines.contains(&2) && lines.contains(&7),
            "{hits:?}"
        );
        assert!(
            !lines.contains(&3)
                && !lines.contains(&4)
                && !lines.contains(&6)
                && !lines.contains(&8),
            "{hits:?}"
        );
        for h in &hits {
            assert!(
                !h.redacted.contains("S3cret") && !h.redacted.contains("ABCDEFGHIJ"),
                "{h:?}"
            );
        }
    }
}
