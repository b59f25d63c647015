//! ECS task definitions from Terraform: container definitions are read field by field, so one
//! value the code cannot know leaves only the checks that need it undecided, and a secret in a
//! plain-text environment value is found (and redacted) whatever else is unknown.

use std::path::Path;
use std::sync::Arc;

use ais_checks::{Catalog, Check, Engine};
use ais_model::{Finding, Status};

/// The embedded task-definition checks, and their findings on the code in `dir`.
fn task_definition_findings(dir: &Path) -> (Vec<Arc<Check>>, Vec<Finding>) {
    let checks: Vec<Arc<Check>> = Catalog::embedded()
        .unwrap()
        .checks
        .iter()
        .filter(|c| c.kind == "aws.ecs.task_definition")
        .cloned()
        .collect();
    assert_eq!(checks.len(), 5);
    let inv = ais_collect_iac::scan(dir, &Default::default()).unwrap();
    let findings = Engine::new(&checks).evaluate(&inv);
    (checks, findings)
}

fn statuses(dir: &Path) -> Vec<(String, Status, String)> {
    let mut out: Vec<(String, Status, String)> = task_definition_findings(dir)
        .1
        .into_iter()
        .map(|f| {
            // What the finding shows: its message and its evidence.
            let shown = format!(
                "{} {}",
                f.status_extended,
                serde_json::to_string(&f.evidence).unwrap()
            );
            (f.check_id, f.status, shown)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn container_fields_are_decided_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"
variable "privileged" {
  type = bool
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "host"
  container_definitions = jsonencode([
    {
      name        = "app"
      image       = "nginx:1.27"
      privileged  = var.privileged
      environment = [{ name = "DB_PASSWORD", value = "Sup3rS3cretPassw0rd!" }]
    },
    {
      name                   = "sidecar"
      image                  = "nginx:1.27"
      readonlyRootFilesystem = true
      user                   = "1000"
      logConfiguration       = { logDriver = "awslogs" }
    },
  ])
}
"#,
    )
    .unwrap();
    let got = statuses(dir.path());
    let status: Vec<(&str, Status)> = got.iter().map(|(c, s, _)| (c.as_str(), *s)).collect();
    assert_eq!(
        status,
        [
            (
                "ecs_task_definitions_containers_readonly_access",
                Status::Fail
            ),
            // `app` sets no user: root whatever `privileged` turns out to be.
            (
                "ecs_task_definitions_host_networking_mode_users",
                Status::Fail
            ),
            ("ecs_task_definitions_logging_enabled", Status::Fail),
            ("ecs_task_definitions_no_environment_secrets", Status::Fail),
            (
                "ecs_task_definitions_no_privileged_containers",
                Status::Manual
            ),
        ]
    );
    for (check, _, evidence) in &got {
        assert!(!evidence.contains("Sup3rS3cret"), "{check}: {evidence}");
    }
    assert!(got[3].2.contains("Sup3****"), "{}", got[3].2);
}

#[test]
fn container_definitions_that_are_not_json_are_an_error_not_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_ecs_task_definition\" \"web\" {\n  family                = \"web\"\n  container_definitions = \"[{ name: app }\"\n}\n",
    )
    .unwrap();
    for (check, status, evidence) in statuses(dir.path()) {
        assert_eq!(status, Status::Error, "{check}");
        assert!(evidence.contains("not valid JSON"), "{check}: {evidence}");
    }
}

/// What the code cannot know is MANUAL for the checks that need it, never a verdict read from a
/// default: the whole list, one element, a log configuration, a user under host networking, an
/// environment variable's name.
#[test]
fn unknown_parts_of_container_definitions_are_manual() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"
variable "defs" {}
variable "image" {}
variable "logs" {}
variable "run_as" {}
variable "var_name" {}

locals {
  base = { essential = true }
}

resource "aws_ecs_task_definition" "whole" {
  family                = "whole"
  container_definitions = jsonencode(var.defs)
}

resource "aws_ecs_task_definition" "element" {
  family                = "element"
  container_definitions = jsonencode([merge(local.base, { name = "app", image = var.image })])
}

resource "aws_ecs_task_definition" "host" {
  family       = "host"
  network_mode = "host"
  container_definitions = jsonencode([{
    name       = "agent"
    image      = "nginx:1.27"
    privileged = false
    user       = var.run_as
  }])
}

resource "aws_ecs_task_definition" "parts" {
  family       = "parts"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "nginx:1.27"
    privileged             = false
    readonlyRootFilesystem = true
    user                   = var.run_as
    logConfiguration       = var.logs ? { logDriver = "awslogs" } : null
    environment            = [{ name = var.var_name, value = "hunter2-Sup3rS3cret" }]
  }])
}
"#,
    )
    .unwrap();
    let (checks, findings) = task_definition_findings(dir.path());
    let status = |resource: &str, check: &str| {
        findings
            .iter()
            .find(|f| f.resource_name == resource && f.check_id == check)
            .map(|f| f.status)
    };
    for resource in [
        "aws_ecs_task_definition.whole",
        "aws_ecs_task_definition.element",
    ] {
        for check in &checks {
            if check.id == "ecs_task_definitions_host_networking_mode_users" {
                continue; // no host networking: does not apply
            }
            assert_eq!(
                status(resource, &check.id),
                Some(Status::Manual),
                "{resource} {}",
                check.id
            );
        }
    }
    let parts = "aws_ecs_task_definition.parts";
    for (check, want) in [
        ("ecs_task_definitions_logging_enabled", Some(Status::Manual)),
        (
            "ecs_task_definitions_no_environment_secrets",
            Some(Status::Manual),
        ),
        (
            "ecs_task_definitions_no_privileged_containers",
            Some(Status::Pass),
        ),
        (
            "ecs_task_definitions_containers_readonly_access",
            Some(Status::Pass),
        ),
        ("ecs_task_definitions_host_networking_mode_users", None),
    ] {
        assert_eq!(status(parts, check), want, "{check}");
    }
    // Under host networking an unknown user could be root or not.
    assert_eq!(
        status(
            "aws_ecs_task_definition.host",
            "ecs_task_definitions_host_networking_mode_users"
        ),
        Some(Status::Manual)
    );
}
