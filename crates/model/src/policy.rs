//! IAM policy documents, normalized so that checks can read them, with derived facts
//! (public access, full admin, enforced TLS) computed once when the document is parsed.
//!
//! AWS writes single values and lists interchangeably (`"Action": "s3:*"` or `["s3:*"]`),
//! principals as `"*"` or maps, and condition keys in any case. [`PolicyDocument::parse`] turns
//! all of that into one shape: lists everywhere, principals as strings, condition keys lowercase.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A normalized IAM policy (identity policy, resource policy or trust policy).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub statements: Vec<Statement>,
    /// Some `Allow` statement grants access to any principal (`*`) without a condition that
    /// limits who can use it (source account / ARN / organization / VPC endpoint / IP).
    pub allows_public: bool,
    /// Some `Allow` statement grants `*` on `*` with no condition (full administrator).
    pub allows_admin: bool,
    /// Principals of `Allow` statements that belong to other AWS accounts.
    pub cross_account_principals: Vec<String>,
    /// A `Deny` statement refuses requests made without TLS (`aws:SecureTransport` = false).
    pub denies_insecure_transport: bool,
    /// Published IAM privilege-escalation paths this policy allows, each as its actions joined
    /// with `+` (`iam:PassRole+ec2:RunInstances`). Wildcards and `NotAction` are expanded; an
    /// unconditional `Deny` on every resource removes an action.
    pub privilege_escalation: Vec<String>,
}

/// IAM privilege-escalation paths: sets of actions that together let a principal grant itself
/// more access (the combinations published by security researchers and used by IAM auditing
/// tools).
pub const ESCALATION_PATHS: &[&[&str]] = &[
    &["iam:CreatePolicyVersion"],
    &["iam:SetDefaultPolicyVersion"],
    &["iam:CreateAccessKey"],
    &["iam:CreateLoginProfile"],
    &["iam:UpdateLoginProfile"],
    &["iam:AttachUserPolicy"],
    &["iam:AttachGroupPolicy"],
    &["iam:AttachRolePolicy"],
    &["iam:PutUserPolicy"],
    &["iam:PutGroupPolicy"],
    &["iam:PutRolePolicy"],
    &["iam:AddUserToGroup"],
    &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
    &["iam:PassRole", "ec2:RunInstances"],
    &[
        "iam:PassRole",
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
    ],
    &[
        "iam:PassRole",
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
    ],
    &["iam:PassRole", "cloudformation:CreateStack"],
    &[
        "iam:PassRole",
        "datapipeline:CreatePipeline",
        "datapipeline:PutPipelineDefinition",
    ],
    &["iam:PassRole", "glue:CreateDevEndpoint"],
    &["glue:UpdateDevEndpoint"],
    &["lambda:UpdateFunctionCode"],
];

/// IAM action matching: case-insensitive, `*` any run of characters, `?` one character.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    fn go(p: &[u8], a: &[u8]) -> bool {
        match (p.first(), a.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], a) || (!a.is_empty() && go(p, &a[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &a[1..]),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => go(&p[1..], &a[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), action.as_bytes())
}

/// One normalized statement.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Statement {
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// `*` for everyone; otherwise ARNs, account ids, `service:<name>` or `federated:<name>`.
    pub principals: Vec<String>,
    pub not_principals: Vec<String>,
    pub actions: Vec<String>,
    pub not_actions: Vec<String>,
    pub resources: Vec<String>,
    pub not_resources: Vec<String>,
    pub conditions: Vec<Condition>,
}

/// One condition test: `operator` on `key` (lowercased) against `values`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

/// Condition keys that restrict who can use an otherwise public grant.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcearn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:sourceip",
    "aws:userid",
    "aws:username",
    "aws:calledvia",
    "kms:calleraccount",
    "kms:viaservice",
    "sns:endpoint",
    "s3:dataaccesspointaccount",
    "lambda:functionurlauthtype",
];

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        Some(other) => vec![other.to_string()],
    }
}

fn principals(v: Option<&Value>) -> Vec<String> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Object(map)) => {
            let mut out = Vec::new();
            for (k, val) in map {
                for p in strings(Some(val)) {
                    match k.as_str() {
                        "AWS" => out.push(p),
                        "Service" => out.push(format!("service:{p}")),
                        "Federated" => out.push(format!("federated:{p}")),
                        "CanonicalUser" => out.push(format!("canonical:{p}")),
                        other => out.push(format!("{}:{p}", other.to_ascii_lowercase())),
                    }
                }
            }
            out
        }
        Some(other) => vec![other.to_string()],
    }
}

/// The account id an AWS principal belongs to, where one can be read from it.
pub fn principal_account(p: &str) -> Option<&str> {
    if p.len() == 12 && p.chars().all(|c| c.is_ascii_digit()) {
        return Some(p);
    }
    if let Some(rest) = p.strip_prefix("arn:") {
        // arn:partition:service:region:account:resource
        let acct = rest.split(':').nth(3)?;
        if acct.len() == 12 && acct.chars().all(|c| c.is_ascii_digit()) {
            return Some(acct);
        }
    }
    None
}

impl Statement {
    fn from_json(v: &Value) -> Statement {
        let mut conditions = Vec::new();
        if let Some(Value::Object(ops)) = v.get("Condition") {
            for (op, keys) in ops {
                if let Value::Object(keys) = keys {
                    for (key, vals) in keys {
                        conditions.push(Condition {
                            operator: op.clone(),
                            key: key.to_ascii_lowercase(),
                            values: strings(Some(vals)),
                        });
                    }
                }
            }
        }
        Statement {
            sid: v.get("Sid").and_then(Value::as_str).map(str::to_string),
            effect: v
                .get("Effect")
                .and_then(Value::as_str)
                .unwrap_or("Allow")
                .to_string(),
            principals: principals(v.get("Principal")),
            not_principals: principals(v.get("NotPrincipal")),
            actions: strings(v.get("Action")),
            not_actions: strings(v.get("NotAction")),
            resources: strings(v.get("Resource")),
            not_resources: strings(v.get("NotResource")),
            conditions,
        }
    }

    fn is_allow(&self) -> bool {
        self.effect.eq_ignore_ascii_case("allow")
    }

    fn everyone(&self) -> bool {
        self.principals.iter().any(|p| p == "*") || !self.not_principals.is_empty()
    }

    /// The statement names `action`, through `Action` patterns or by leaving it out of
    /// `NotAction`.
    fn covers_action(&self, action: &str) -> bool {
        if !self.not_actions.is_empty() {
            !self.not_actions.iter().any(|p| action_matches(p, action))
        } else {
            self.actions.iter().any(|p| action_matches(p, action))
        }
    }

    /// An unconditional statement over every resource.
    fn unconditional_everywhere(&self) -> bool {
        self.conditions.is_empty()
            && self.not_resources.is_empty()
            && self.resources.iter().any(|r| r == "*")
    }

    fn restricted_by_condition(&self) -> bool {
        self.conditions.iter().any(|c| {
            let key = c.key.as_str();
            RESTRICTING_KEYS.contains(&key)
                && !c.values.iter().any(|v| v == "*")
                && !c.operator.to_ascii_lowercase().contains("ifexists")
        })
    }
}

impl PolicyDocument {
    /// Parses a policy from its JSON text (URL-encoded text, as IAM returns it, is accepted).
    pub fn parse(text: &str, own_account: &str) -> Result<PolicyDocument, String> {
        let decoded;
        let text = if text.trim_start().starts_with('%') || text.contains("%22") {
            decoded = percent_decode(text);
            decoded.as_str()
        } else {
            text
        };
        let v: Value =
            serde_json::from_str(text).map_err(|e| format!("policy is not valid JSON: {e}"))?;
        Ok(Self::from_json(&v, own_account))
    }

    /// Normalizes a parsed policy and computes its derived facts.
    pub fn from_json(v: &Value, own_account: &str) -> PolicyDocument {
        let statements: Vec<Statement> = match v.get("Statement") {
            Some(Value::Array(a)) => a.iter().map(Statement::from_json).collect(),
            Some(obj @ Value::Object(_)) => vec![Statement::from_json(obj)],
            _ => Vec::new(),
        };
        let mut doc = PolicyDocument {
            version: v.get("Version").and_then(Value::as_str).map(str::to_string),
            statements,
            ..Default::default()
        };
        doc.compute_facts(own_account);
        doc
    }

    /// An empty policy: the resource has no policy attached (a known fact, not an unknown).
    pub fn none() -> PolicyDocument {
        PolicyDocument::default()
    }

    /// Some `Allow` statement grants `action` (on any resource) and no unconditional `Deny` on
    /// every resource takes it away.
    pub fn allows_action(&self, action: &str) -> bool {
        let allowed = self
            .statements
            .iter()
            .any(|s| s.is_allow() && s.covers_action(action));
        let denied = self
            .statements
            .iter()
            .any(|s| !s.is_allow() && s.unconditional_everywhere() && s.covers_action(action));
        allowed && !denied
    }

    fn compute_facts(&mut self, own_account: &str) {
        let mut public = false;
        let mut admin = false;
        let mut cross = Vec::new();
        let mut tls = false;
        for s in &self.statements {
            if s.is_allow() {
                if s.everyone() && !s.restricted_by_condition() {
                    public = true;
                }
                let all_actions = s.actions.iter().any(|a| a == "*" || a == "*:*");
                let all_resources = s.resources.iter().any(|r| r == "*");
                if all_actions && all_resources && s.conditions.is_empty() {
                    admin = true;
                }
                for p in &s.principals {
                    if let Some(acct) = principal_account(p)
                        && acct != own_account
                        && !cross.contains(p)
                    {
                        cross.push(p.clone());
                    }
                }
            } else if s.everyone()
                && s.conditions.iter().any(|c| {
                    c.key == "aws:securetransport"
                        && c.operator.eq_ignore_ascii_case("bool")
                        && c.values.iter().any(|v| v.eq_ignore_ascii_case("false"))
                })
            {
                tls = true;
            }
        }
        self.allows_public = public;
        self.allows_admin = admin;
        self.cross_account_principals = cross;
        self.denies_insecure_transport = tls;
        self.privilege_escalation = ESCALATION_PATHS
            .iter()
            .filter(|path| path.iter().all(|a| self.allows_action(a)))
            .map(|path| path.join("+"))
            .collect();
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "123456789012";

    fn doc(json: &str) -> PolicyDocument {
        PolicyDocument::parse(json, ME).unwrap()
    }

    #[test]
    fn public_grant_is_detected_and_conditions_restrict_it() {
        let open = doc(
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#,
        );
        assert!(open.allows_public);
        assert_eq!(open.statements[0].actions, vec!["s3:GetObject"]);
        let aws_star = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sqs:*"],"Resource":"*"}]}"#,
        );
        assert!(aws_star.allows_public);
        let restricted = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"}}}]}"#,
        );
        assert!(!restricted.allows_public);
        let wildcard_condition = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"StringLike":{"aws:SourceArn":"*"}}}]}"#,
        );
        assert!(wildcard_condition.allows_public);
        let deny =
            doc(r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#);
        assert!(!deny.allows_public);
    }

    #[test]
    fn admin_cross_account_and_tls() {
        let d = doc(r#"{"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"*","Resource":"*"},
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::123456789012:role/x"]},"Action":"sts:AssumeRole"},
              {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#);
        assert!(d.allows_admin);
        assert_eq!(
            d.cross_account_principals,
            vec!["arn:aws:iam::111122223333:root"]
        );
        assert!(d.denies_insecure_transport);
        assert!(!d.allows_public);
        let scoped =
            doc(r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::x"}]}"#);
        assert!(!scoped.allows_admin);
    }

    #[test]
    fn privilege_escalation_expands_wildcards_notaction_and_deny() {
        let esc = |json: &str| doc(json).privilege_escalation;
        // Exact combination.
        let pass_role = esc(
            r#"{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}"#,
        );
        assert_eq!(pass_role, vec!["iam:PassRole+ec2:RunInstances"]);
        // Half a combination is not a path.
        assert!(
            esc(r#"{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}}"#)
                .is_empty()
        );
        // Wildcards, any case.
        let wild =
            esc(r#"{"Statement":{"Effect":"Allow","Action":"IAM:Put*Policy","Resource":"*"}}"#);
        assert_eq!(
            wild,
            vec![
                "iam:PutUserPolicy",
                "iam:PutGroupPolicy",
                "iam:PutRolePolicy"
            ]
        );
        // NotAction grants everything it does not name.
        let not_action =
            esc(r#"{"Statement":{"Effect":"Allow","NotAction":["iam:*","sts:*"],"Resource":"*"}}"#);
        assert_eq!(
            not_action,
            vec!["glue:UpdateDevEndpoint", "lambda:UpdateFunctionCode"]
        );
        // An unconditional Deny removes actions; a conditional one does not.
        let denied = esc(
            r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#,
        );
        assert!(denied.is_empty());
        let conditional = esc(
            r#"{"Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
        );
        assert_eq!(conditional, vec!["iam:CreateAccessKey"]);
        // Read-only access is not escalation.
        assert!(esc(r#"{"Statement":{"Effect":"Allow","Action":["iam:Get*","iam:List*","s3:*"],"Resource":"*"}}"#).is_empty());
        assert!(
            action_matches("s3:Get*", "s3:GetObject") && !action_matches("s3:Get*", "s3:PutObject")
        );
        assert!(action_matches("ec2:?unInstances", "ec2:RunInstances"));
    }

    #[test]
    fn url_encoded_documents_and_services() {
        let d = doc(
            "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
        );
        assert_eq!(
            d.statements[0].principals,
            vec!["service:ec2.amazonaws.com"]
        );
        assert!(!d.allows_public);
        assert!(PolicyDocument::parse("{not json", ME).is_err());
    }
}
