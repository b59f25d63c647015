//! Compliance status: each requirement of a framework judged from a scan's findings.
//!
//! A requirement is
//! - **FAIL** when one of its checks has an unmuted FAIL finding;
//! - **MANUAL** when it has no check, when part of it needs a human (`manual: true`), or when its
//!   checks could not decide it (a check not run in this scan, an ERROR, a MANUAL finding);
//! - **PASS** otherwise: every check ran and none failed.
//!
//! A section's and a framework's score is PASS / (PASS + FAIL) over their requirements; MANUAL
//! requirements are counted apart, never as passed.

use std::collections::{BTreeMap, HashMap, HashSet};

use ais_model::{Finding, Status};
use serde::Serialize;

use crate::framework::{Framework, Requirement};

/// PASS, FAIL or MANUAL, for a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ReqStatus {
    Pass,
    Fail,
    Manual,
}

impl ReqStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReqStatus::Pass => "PASS",
            ReqStatus::Fail => "FAIL",
            ReqStatus::Manual => "MANUAL",
        }
    }
}

/// How one check of a requirement came out in the scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckTally {
    pub check_id: String,
    /// The check was part of the scan.
    pub ran: bool,
    pub pass: usize,
    pub fail: usize,
    pub manual: usize,
    pub error: usize,
    pub muted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementResult {
    pub id: String,
    pub title: String,
    pub section: String,
    pub description: String,
    pub status: ReqStatus,
    /// Why the status is what it is, in one line.
    pub reason: String,
    pub checks: Vec<CheckTally>,
    /// Fingerprints of the unmuted FAIL findings that decide a FAIL.
    pub failing_findings: Vec<String>,
    pub attributes: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Score {
    pub pass: usize,
    pub fail: usize,
    pub manual: usize,
    /// PASS / (PASS + FAIL) in percent; absent when nothing was decided.
    pub score: Option<f64>,
}

impl Score {
    fn add(&mut self, s: ReqStatus) {
        match s {
            ReqStatus::Pass => self.pass += 1,
            ReqStatus::Fail => self.fail += 1,
            ReqStatus::Manual => self.manual += 1,
        }
        let decided = self.pass + self.fail;
        self.score = (decided > 0).then(|| {
            let pct = 100.0 * self.pass as f64 / decided as f64;
            (pct * 10.0).round() / 10.0
        });
    }

    pub fn total(&self) -> usize {
        self.pass + self.fail + self.manual
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionResult {
    pub section: String,
    #[serde(flatten)]
    pub score: Score,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkResult {
    pub id: String,
    pub name: String,
    pub version: String,
    pub url: String,
    #[serde(flatten)]
    pub score: Score,
    /// Sections in the order the framework lists them. Empty in an overview (see
    /// [`FrameworkResult::overview`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionResult>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<RequirementResult>,
}

impl FrameworkResult {
    /// The framework's scores without its sections and requirements: what a report shows for a
    /// framework nobody asked about in detail.
    pub fn overview(mut self) -> Self {
        self.sections = Vec::new();
        self.requirements = Vec::new();
        self
    }

    /// True when the per-section and per-requirement results are present.
    pub fn is_detailed(&self) -> bool {
        !self.requirements.is_empty()
    }
}

/// Judges every requirement of `framework` from `findings`. `ran` holds the ids of the checks the
/// scan ran: a requirement whose checks did not all run cannot PASS.
pub fn evaluate(
    framework: &Framework,
    findings: &[Finding],
    ran: &HashSet<String>,
) -> FrameworkResult {
    let mut by_check: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in findings {
        by_check.entry(f.check_id.as_str()).or_default().push(f);
    }
    let mut total = Score::default();
    let mut sections: Vec<SectionResult> = Vec::new();
    let mut requirements = Vec::with_capacity(framework.requirements.len());
    for r in &framework.requirements {
        let res = judge(r, &by_check, ran);
        total.add(res.status);
        match sections.iter_mut().find(|s| s.section == r.section) {
            Some(s) => s.score.add(res.status),
            None => {
                let mut score = Score::default();
                score.add(res.status);
                sections.push(SectionResult {
                    section: r.section.clone(),
                    score,
                });
            }
        }
        requirements.push(res);
    }
    FrameworkResult {
        id: framework.id.clone(),
        name: framework.name.clone(),
        version: framework.version.clone(),
        url: framework.url.clone(),
        score: total,
        sections,
        requirements,
    }
}

fn judge(
    r: &Requirement,
    by_check: &HashMap<&str, Vec<&Finding>>,
    ran: &HashSet<String>,
) -> RequirementResult {
    let mut tallies = Vec::new();
    let mut failing = Vec::new();
    for cid in &r.checks {
        let mut t = CheckTally {
            check_id: cid.clone(),
            ran: ran.contains(cid),
            ..Default::default()
        };
        for f in by_check.get(cid.as_str()).into_iter().flatten() {
            if f.muted {
                t.muted += 1;
                continue;
            }
            match f.status {
                Status::Pass => t.pass += 1,
                Status::Fail => {
                    t.fail += 1;
                    failing.push(f.fingerprint.clone());
                }
                Status::Manual => t.manual += 1,
                Status::Error => t.error += 1,
            }
        }
        tallies.push(t);
    }
    let failed: usize = tallies.iter().map(|t| t.fail).sum();
    let (status, reason) = if failed > 0 {
        let checks = tallies.iter().filter(|t| t.fail > 0).count();
        (
            ReqStatus::Fail,
            format!("{failed} failing finding(s) from {checks} check(s)"),
        )
    } else if r.checks.is_empty() {
        (
            ReqStatus::Manual,
            "no automated check: needs a human review".to_string(),
        )
    } else if let Some(t) = tallies.iter().find(|t| !t.ran) {
        (
            ReqStatus::Manual,
            format!("check {} was not part of this scan", t.check_id),
        )
    } else if let Some(t) = tallies.iter().find(|t| t.error > 0) {
        (
            ReqStatus::Manual,
            format!(
                "check {} could not be evaluated on {} resource(s) (ERROR)",
                t.check_id, t.error
            ),
        )
    } else if let Some(t) = tallies.iter().find(|t| t.manual > 0) {
        (
            ReqStatus::Manual,
            format!(
                "check {} could not decide {} resource(s) (MANUAL)",
                t.check_id, t.manual
            ),
        )
    } else if r.manual {
        (
            ReqStatus::Manual,
            "automated checks pass; the rest of the requirement needs a human review".to_string(),
        )
    } else {
        (ReqStatus::Pass, "every check passes".to_string())
    };
    RequirementResult {
        id: r.id.clone(),
        title: r.title.clone(),
        section: r.section.clone(),
        description: r.description.clone(),
        status,
        reason,
        checks: tallies,
        failing_findings: failing,
        attributes: r.attributes.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ais_model::Severity;

    fn fw() -> Framework {
        Framework::parse(
            "t.yaml",
            r#"
id: t
name: T
version: "1"
provider: aws
requirements:
  - { id: "1.1", title: a, section: "1 One", checks: [c1] }
  - { id: "1.2", title: b, section: "1 One", checks: [c1, c2] }
  - { id: "2.1", title: c, section: "2 Two", checks: [] }
  - { id: "2.2", title: d, section: "2 Two", checks: [c2], manual: true }
  - { id: "2.3", title: e, section: "2 Two", checks: [c3] }
  - { id: "2.4", title: f, section: "2 Two", checks: [c4] }
"#,
        )
        .unwrap()
    }

    fn finding(check: &str, uid: &str, status: Status) -> Finding {
        Finding {
            fingerprint: ais_model::fingerprint(check, uid),
            check_id: check.into(),
            check_title: String::new(),
            severity: Severity::High,
            status,
            status_extended: String::new(),
            service: "s3".into(),
            resource_kind: "aws.s3.bucket".into(),
            resource_uid: uid.into(),
            resource_name: uid.into(),
            account: String::new(),
            region: String::new(),
            resource_tags: Default::default(),
            remediation: String::new(),
            compliance: vec![],
            muted: false,
            mute_reason: None,
            location: None,
            evidence: Default::default(),
        }
    }

    #[test]
    fn statuses_and_scores() {
        let mut muted = finding("c2", "b", Status::Fail);
        muted.muted = true;
        let findings = vec![
            finding("c1", "a", Status::Pass),
            finding("c2", "a", Status::Pass),
            muted,
            finding("c2", "c", Status::Pass),
            finding("c3", "a", Status::Error),
            finding("c1", "b", Status::Pass),
        ];
        let ran: HashSet<String> = ["c1", "c2", "c3"].iter().map(|s| s.to_string()).collect();
        let r = evaluate(&fw(), &findings, &ran);
        let st: Vec<_> = r.requirements.iter().map(|r| r.status).collect();
        use ReqStatus::*;
        // 2.2 has passing checks but a manual part; 2.3 is ERROR; c4 did not run.
        assert_eq!(st, vec![Pass, Pass, Manual, Manual, Manual, Manual]);
        assert!(r.requirements[4].reason.contains("ERROR"));
        assert!(r.requirements[5].reason.contains("not part of this scan"));
        assert_eq!(r.requirements[1].checks[1].muted, 1);
        assert_eq!(r.score.score, Some(100.0));

        let mut findings = findings;
        findings.push(finding("c2", "d", Status::Fail));
        let r = evaluate(&fw(), &findings, &ran);
        assert_eq!(r.requirements[1].status, Fail);
        assert_eq!(
            r.requirements[3].status, Fail,
            "a manual part does not hide a FAIL"
        );
        assert_eq!(r.requirements[1].failing_findings.len(), 1);
        assert_eq!((r.score.pass, r.score.fail, r.score.manual), (1, 2, 3));
        assert_eq!(r.score.score, Some(33.3));
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[0].score.score, Some(50.0));
        assert_eq!(r.sections[1].score.score, Some(0.0));
    }
}
