//! ECS task definitions from Terraform: container definitions are read field by field, so one
//! value the code cannot know leaves only the checks that need it undecided, and a secret in a
//! plain-text environment value is found (and redacted) whatever else is unknown.

use std::path::Path;

use ais_checks::{Catalog, Engine};
use ais_model::Status;

fn statuses(dir: &Path) -> Vec<(String, Status, String)> {
    let catalog = Catalog::embedded().unwrap();
    let checks: Vec<_> = catalog
        .checks
        .iter()
        .filter(|c| c.kind == "aws.ecs.task_definition")
        .cloned()
        .collect();
    assert_eq!(checks.len(), 5);
    let inv = ais_collect_iac::scan(dir, &Default::default()).unwrap();
    let mut out: Vec<(String, Status, String)> = Engine::new(&checks)
        .evaluate(&inv)
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
