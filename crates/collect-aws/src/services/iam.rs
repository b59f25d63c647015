//! IAM: users, groups, roles, managed policies, server certificates, and the account resource
//! (password policy, root user, support role).

use std::collections::{BTreeMap, HashMap};

use ais_model::Resource;
use ais_model::kinds::aws::{
    AccessKey, Account, AttachedPolicy, IamGroup, IamPolicy, IamRole, IamServerCertificate,
    IamUser, InlinePolicy, MfaDevice, PasswordPolicy, RootUser,
};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, list_failed, per_resource};
use crate::ctx::{code_of, ts};
use crate::{Batch, Ctx};

const SVC: &str = "iam";
const SUPPORT_POLICY: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";
const CLOUDSHELL_POLICY: &str = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess";

/// The inline policies of a user, group or role: list their names, then fetch and normalize
/// each document. The first failed call is the error.
macro_rules! inline_policies {
    ($iam:expr, $ctx:expr, $list:ident / $list_op:literal, $get:ident / $get_op:literal, $param:ident, $name:expr) => {
        async {
            let names = $iam
                .$list()
                .$param($name)
                .send()
                .await
                .map_err(|e| cause!($list_op, e))?;
            let mut out = Vec::new();
            for p in names.policy_names() {
                let doc = $iam
                    .$get()
                    .$param($name)
                    .policy_name(p)
                    .send()
                    .await
                    .map_err(|e| cause!($get_op, e))?;
                out.push(InlinePolicy {
                    name: p.clone(),
                    document: PolicyDocument::parse(doc.policy_document(), &$ctx.account)?,
                });
            }
            Ok::<_, String>(out)
        }
        .await
    };
}

/// One row of the IAM credential report.
#[derive(Debug, Default, Clone)]
struct ReportRow {
    password_enabled: Option<bool>,
    password_last_used: Option<String>,
    password_last_changed: Option<String>,
    mfa_active: Option<bool>,
    key_last_used: [Option<String>; 2],
}

fn report_date(v: &str) -> Option<String> {
    match v {
        "" | "N/A" | "no_information" | "not_supported" => None,
        other => Some(other.to_string()),
    }
}

async fn credential_report(ctx: &Ctx) -> Result<HashMap<String, ReportRow>, String> {
    let iam = ctx.iam();
    // Generation is asynchronous on AWS's side; poll a bounded number of times.
    for attempt in 0..15 {
        match iam.generate_credential_report().send().await {
            Ok(out) if out.state().map(|s| s.as_str()) == Some("COMPLETE") => break,
            Ok(_) => {}
            Err(e) => return Err(cause!("iam:GenerateCredentialReport", e)),
        }
        if attempt == 14 {
            return Err("iam:GenerateCredentialReport did not complete in time".into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(500 + 300 * attempt)).await;
    }
    let out = iam
        .get_credential_report()
        .send()
        .await
        .map_err(|e| cause!("iam:GetCredentialReport", e))?;
    let bytes = out
        .content()
        .map(|b| b.as_ref().to_vec())
        .unwrap_or_default();
    let mut rows = HashMap::new();
    let mut rdr = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    let headers = rdr
        .headers()
        .map_err(|e| format!("credential report is not CSV: {e}"))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("credential report is not CSV: {e}"))?;
        let get = |name: &str| col(name).and_then(|i| rec.get(i)).unwrap_or("");
        let user = get("user").to_string();
        let b = |name: &str| match get(name) {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        };
        rows.insert(
            user,
            ReportRow {
                password_enabled: b("password_enabled"),
                password_last_used: report_date(get("password_last_used")),
                password_last_changed: report_date(get("password_last_changed")),
                mfa_active: b("mfa_active"),
                key_last_used: [
                    report_date(get("access_key_1_last_used_date")),
                    report_date(get("access_key_2_last_used_date")),
                ],
            },
        );
    }
    Ok(rows)
}

pub(crate) async fn collect(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let iam = ctx.iam();
    // The credential report is generated asynchronously by IAM (one or more polls): run it while
    // the policies are read, and wait for it only where users need it.
    let report_ctx = ctx.clone();
    let report_task = tokio::spawn(async move { credential_report(&report_ctx).await });

    // Managed policies first: their documents decide users', groups' and roles' admin access.
    let mut policy_docs: HashMap<String, PolicyDocument> = HashMap::new();
    for (scope, only_attached) in [
        (aws_sdk_iam::types::PolicyScopeType::Local, false),
        (aws_sdk_iam::types::PolicyScopeType::Aws, true),
    ] {
        let mut pages = iam
            .list_policies()
            .scope(scope.clone())
            .only_attached(only_attached)
            .into_paginator()
            .send();
        let mut policies = Vec::new();
        let mut failed = false;
        while let Some(page) = pages.next().await {
            match page {
                Ok(p) => policies.extend(p.policies().iter().cloned()),
                Err(e) => {
                    list_failed!(batch, ctx, SVC, "iam:ListPolicies", &["aws.iam.policy"], e);
                    failed = true;
                    break;
                }
            }
        }
        if failed {
            continue;
        }
        let fetched: Vec<Resource> = per_resource(policies, |p| {
            let iam = iam.clone();
            async move {
                let arn = p.arn().unwrap_or_default().to_string();
                let name = p.policy_name().unwrap_or_default().to_string();
                let mut props = IamPolicy {
                    arn: arn.clone(),
                    aws_managed: arn.starts_with("arn:aws:iam::aws:"),
                    attachment_count: p.attachment_count().map(i64::from),
                    default_version: p.default_version_id().map(str::to_string),
                    document: None,
                };
                let mut err = None;
                if let Some(v) = p.default_version_id() {
                    match iam
                        .get_policy_version()
                        .policy_arn(&arn)
                        .version_id(v)
                        .send()
                        .await
                    {
                        Ok(out) => {
                            let text = out
                                .policy_version()
                                .and_then(|pv| pv.document())
                                .unwrap_or("{}");
                            match PolicyDocument::parse(text, &ctx.account) {
                                Ok(d) => props.document = Some(d),
                                Err(e) => err = Some(e),
                            }
                        }
                        Err(e) => err = Some(cause!("iam:GetPolicyVersion", e)),
                    }
                }
                let mut r = Resource::new(arn, &ctx.account, "global", name, props);
                if let Some(e) = err {
                    r.property_error("document", e);
                }
                r
            }
        })
        .await;
        for r in &fetched {
            if let Some(doc) = r
                .get("document")
                .and_then(|d| serde_json::from_value(d.clone()).ok())
            {
                policy_docs.insert(r.uid.clone(), doc);
            }
        }
        batch.resources.extend(fetched);
    }

    let report = report_task
        .await
        .unwrap_or_else(|e| Err(format!("credential report task failed: {e}")));

    // Users.
    if let Some(users) = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListUsers",
        &["aws.iam.user"],
        iam.list_users(),
        users
    ) {
        let report_ref = &report;
        let rs: Vec<Resource> = per_resource(users, |u| {
            let iam = iam.clone();
            async move { user(ctx, &iam, u, report_ref).await }
        })
        .await;
        batch.resources.extend(rs);
    }

    // Groups.
    if let Some(groups) = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListGroups",
        &["aws.iam.group"],
        iam.list_groups(),
        groups
    ) {
        let rs: Vec<Resource> = per_resource(groups, |g| {
            let iam = iam.clone();
            async move { group(ctx, &iam, g).await }
        })
        .await;
        batch.resources.extend(rs);
    }

    // Roles.
    if let Some(roles) = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListRoles",
        &["aws.iam.role"],
        iam.list_roles(),
        roles
    ) {
        let rs: Vec<Resource> = per_resource(roles, |r| {
            let iam = iam.clone();
            async move { role(ctx, &iam, r).await }
        })
        .await;
        batch.resources.extend(rs);
    }

    // Server certificates.
    if let Some(items) = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListServerCertificates",
        &["aws.iam.server_certificate"],
        iam.list_server_certificates(),
        server_certificate_metadata_list
    ) {
        for c in items {
            let props = IamServerCertificate {
                arn: c.arn().to_string(),
                expiration: c.expiration().map(ts),
                uploaded: c.upload_date().map(ts),
            };
            batch.resources.push(Resource::new(
                c.arn(),
                &ctx.account,
                "global",
                c.server_certificate_name(),
                props,
            ));
        }
    }

    batch.resources.push(account(ctx, &iam, &report).await);
    batch
}

fn iam_tags(tags: &[aws_sdk_iam::types::Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<AttachedPolicy> {
    list.iter()
        .map(|p| AttachedPolicy {
            name: p.policy_name().unwrap_or_default().to_string(),
            arn: p.policy_arn().unwrap_or_default().to_string(),
        })
        .collect()
}

async fn user(
    ctx: &Ctx,
    iam: &aws_sdk_iam::Client,
    u: aws_sdk_iam::types::User,
    report: &Result<HashMap<String, ReportRow>, String>,
) -> Resource {
    let name = u.user_name().to_string();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    let row = match report {
        Ok(rows) => rows.get(&name).cloned(),
        Err(e) => {
            for f in [
                "password_enabled",
                "password_last_used",
                "password_last_changed",
            ] {
                errors.insert(f.into(), e.clone());
            }
            None
        }
    };
    let mut props = IamUser {
        arn: u.arn().to_string(),
        user_id: Some(u.user_id().to_string()),
        path: Some(u.path().to_string()),
        created: Some(ts(u.create_date())),
        ..Default::default()
    };
    if let Some(row) = &row {
        props.password_enabled = row.password_enabled;
        props.password_last_used = row.password_last_used.clone();
        props.password_last_changed = row.password_last_changed.clone();
    } else if report.is_ok() {
        // Users created after the report was generated: ask for the login profile directly.
        match iam.get_login_profile().user_name(&name).send().await {
            Ok(_) => props.password_enabled = Some(true),
            Err(e) if code_of(&e).as_deref() == Some("NoSuchEntity") => {
                props.password_enabled = Some(false)
            }
            Err(e) => {
                errors.insert("password_enabled".into(), cause!("iam:GetLoginProfile", e));
            }
        }
    }
    match iam.list_mfa_devices().user_name(&name).send().await {
        Ok(out) => {
            props.mfa_devices = Some(
                out.mfa_devices()
                    .iter()
                    .map(|d| MfaDevice {
                        serial_number: d.serial_number().to_string(),
                        is_virtual: d.serial_number().contains(":mfa/"),
                        enabled_at: Some(ts(d.enable_date())),
                    })
                    .collect(),
            )
        }
        Err(e) => {
            errors.insert("mfa_devices".into(), cause!("iam:ListMFADevices", e));
        }
    }
    match iam.list_access_keys().user_name(&name).send().await {
        Ok(out) => {
            let mut keys: Vec<AccessKey> = out
                .access_key_metadata()
                .iter()
                .map(|k| AccessKey {
                    id: k.access_key_id().unwrap_or_default().to_string(),
                    status: k
                        .status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    created: k.create_date().map(ts),
                    used: None,
                    last_used: None,
                })
                .collect();
            keys.sort_by(|a, b| a.created.cmp(&b.created));
            // The report lists keys 1 and 2 in creation order.
            if let Some(row) = &row {
                for (i, k) in keys.iter_mut().enumerate().take(2) {
                    k.last_used = row.key_last_used[i].clone();
                    k.used = Some(k.last_used.is_some());
                }
            }
            props.access_keys = Some(keys);
        }
        Err(e) => {
            errors.insert("access_keys".into(), cause!("iam:ListAccessKeys", e));
        }
    }
    match iam
        .list_attached_user_policies()
        .user_name(&name)
        .send()
        .await
    {
        Ok(out) => props.attached_policies = Some(attached(out.attached_policies())),
        Err(e) => {
            errors.insert(
                "attached_policies".into(),
                cause!("iam:ListAttachedUserPolicies", e),
            );
        }
    }
    match inline_policies!(
        iam,
        ctx,
        list_user_policies / "iam:ListUserPolicies",
        get_user_policy / "iam:GetUserPolicy",
        user_name,
        &name
    ) {
        Ok(p) => props.inline_policies = Some(p),
        Err(e) => {
            errors.insert("inline_policies".into(), e);
        }
    }
    match iam.list_groups_for_user().user_name(&name).send().await {
        Ok(out) => {
            props.groups = Some(
                out.groups()
                    .iter()
                    .map(|g| g.group_name().to_string())
                    .collect(),
            )
        }
        Err(e) => {
            errors.insert("groups".into(), cause!("iam:ListGroupsForUser", e));
        }
    }
    let mut r =
        Resource::new(u.arn(), &ctx.account, "global", name, props).with_tags(iam_tags(u.tags()));
    r.errors = errors;
    r
}

async fn group(ctx: &Ctx, iam: &aws_sdk_iam::Client, g: aws_sdk_iam::types::Group) -> Resource {
    let name = g.group_name().to_string();
    let mut props = IamGroup {
        arn: g.arn().to_string(),
        ..Default::default()
    };
    let mut errors = BTreeMap::new();
    match iam.get_group().group_name(&name).send().await {
        Ok(out) => {
            props.users = Some(
                out.users()
                    .iter()
                    .map(|u| u.user_name().to_string())
                    .collect(),
            )
        }
        Err(e) => {
            errors.insert("users".to_string(), cause!("iam:GetGroup", e));
        }
    }
    match iam
        .list_attached_group_policies()
        .group_name(&name)
        .send()
        .await
    {
        Ok(out) => props.attached_policies = Some(attached(out.attached_policies())),
        Err(e) => {
            errors.insert(
                "attached_policies".to_string(),
                cause!("iam:ListAttachedGroupPolicies", e),
            );
        }
    }
    match inline_policies!(
        iam,
        ctx,
        list_group_policies / "iam:ListGroupPolicies",
        get_group_policy / "iam:GetGroupPolicy",
        group_name,
        &name
    ) {
        Ok(p) => props.inline_policies = Some(p),
        Err(e) => {
            errors.insert("inline_policies".to_string(), e);
        }
    }
    let mut r = Resource::new(g.arn(), &ctx.account, "global", name, props);
    r.errors = errors;
    r
}

async fn role(ctx: &Ctx, iam: &aws_sdk_iam::Client, ro: aws_sdk_iam::types::Role) -> Resource {
    let name = ro.role_name().to_string();
    let mut errors = BTreeMap::new();
    let trust = ro
        .assume_role_policy_document()
        .map(|d| PolicyDocument::parse(d, &ctx.account));
    let mut props = IamRole {
        arn: ro.arn().to_string(),
        path: Some(ro.path().to_string()),
        created: Some(ts(ro.create_date())),
        service_linked: ro.path().starts_with("/aws-service-role/"),
        last_used: ro.role_last_used().and_then(|l| l.last_used_date()).map(ts),
        ..Default::default()
    };
    match trust {
        Some(Ok(d)) => props.trust_policy = Some(d),
        Some(Err(e)) => {
            errors.insert("trust_policy".to_string(), e);
        }
        None => {}
    }
    match iam
        .list_attached_role_policies()
        .role_name(&name)
        .send()
        .await
    {
        Ok(out) => props.attached_policies = Some(attached(out.attached_policies())),
        Err(e) => {
            errors.insert(
                "attached_policies".to_string(),
                cause!("iam:ListAttachedRolePolicies", e),
            );
        }
    }
    match inline_policies!(
        iam,
        ctx,
        list_role_policies / "iam:ListRolePolicies",
        get_role_policy / "iam:GetRolePolicy",
        role_name,
        &name
    ) {
        Ok(p) => props.inline_policies = Some(p),
        Err(e) => {
            errors.insert("inline_policies".to_string(), e);
        }
    }
    let mut r =
        Resource::new(ro.arn(), &ctx.account, "global", name, props).with_tags(iam_tags(ro.tags()));
    r.errors = errors;
    r
}

async fn account(
    ctx: &Ctx,
    iam: &aws_sdk_iam::Client,
    report: &Result<HashMap<String, ReportRow>, String>,
) -> Resource {
    let mut errors = BTreeMap::new();
    let mut props = Account {
        account_id: ctx.account.clone(),
        ..Default::default()
    };
    match iam.get_account_password_policy().send().await {
        Ok(out) => {
            if let Some(p) = out.password_policy() {
                props.password_policy = Some(PasswordPolicy {
                    configured: true,
                    minimum_length: p.minimum_password_length().map(i64::from),
                    require_uppercase: Some(p.require_uppercase_characters()),
                    require_lowercase: Some(p.require_lowercase_characters()),
                    require_numbers: Some(p.require_numbers()),
                    require_symbols: Some(p.require_symbols()),
                    allow_users_to_change: Some(p.allow_users_to_change_password()),
                    max_age_days: Some(p.max_password_age().map(i64::from).unwrap_or(0)),
                    reuse_prevention: Some(
                        p.password_reuse_prevention().map(i64::from).unwrap_or(0),
                    ),
                    hard_expiry: Some(p.hard_expiry().unwrap_or(false)),
                });
            }
        }
        Err(e) if code_of(&e).as_deref() == Some("NoSuchEntity") => {
            props.password_policy = Some(PasswordPolicy {
                configured: false,
                ..Default::default()
            });
        }
        Err(e) => {
            errors.insert(
                "password_policy".to_string(),
                cause!("iam:GetAccountPasswordPolicy", e),
            );
        }
    }
    let mut root = RootUser::default();
    let mut root_known = false;
    match iam.get_account_summary().send().await {
        Ok(out) => {
            let m = out.summary_map();
            let get = |k: aws_sdk_iam::types::SummaryKeyType| m.and_then(|m| m.get(&k)).copied();
            root.mfa_enabled =
                get(aws_sdk_iam::types::SummaryKeyType::AccountMfaEnabled).map(|v| v == 1);
            root.access_keys_present =
                get(aws_sdk_iam::types::SummaryKeyType::AccountAccessKeysPresent).map(|v| v == 1);
            root_known = true;
        }
        Err(e) => {
            errors.insert("root".to_string(), cause!("iam:GetAccountSummary", e));
        }
    }
    if root_known {
        if let Some(true) = root.mfa_enabled {
            match iam
                .list_virtual_mfa_devices()
                .assignment_status(aws_sdk_iam::types::AssignmentStatusType::Assigned)
                .send()
                .await
            {
                Ok(out) => {
                    let root_virtual = out.virtual_mfa_devices().iter().any(|d| {
                        d.serial_number().ends_with(":mfa/root-account-mfa-device")
                            || d.user().is_some_and(|u| u.arn().ends_with(":root"))
                    });
                    root.hardware_mfa_enabled = Some(!root_virtual);
                }
                Err(e) => {
                    errors.insert("root".to_string(), cause!("iam:ListVirtualMFADevices", e));
                }
            }
        } else if root.mfa_enabled == Some(false) {
            root.hardware_mfa_enabled = Some(false);
        }
        if let Ok(rows) = report
            && let Some(row) = rows.get("<root_account>")
        {
            root.password_last_used = row.password_last_used.clone();
            root.access_key_last_used = row.key_last_used.iter().flatten().max().cloned();
            if root.mfa_enabled.is_none() {
                root.mfa_enabled = row.mfa_active;
            }
        }
        props.root = Some(root);
    }
    for (policy, field) in [
        (SUPPORT_POLICY, "support_role_exists"),
        (CLOUDSHELL_POLICY, "cloudshell_full_access_entities"),
    ] {
        match iam
            .list_entities_for_policy()
            .policy_arn(policy)
            .send()
            .await
        {
            Ok(out) => {
                if field == "support_role_exists" {
                    props.support_role_exists = Some(!out.policy_roles().is_empty());
                } else {
                    let mut ents: Vec<String> = Vec::new();
                    ents.extend(
                        out.policy_users()
                            .iter()
                            .filter_map(|u| u.user_name().map(|n| format!("user/{n}"))),
                    );
                    ents.extend(
                        out.policy_groups()
                            .iter()
                            .filter_map(|g| g.group_name().map(|n| format!("group/{n}"))),
                    );
                    ents.extend(
                        out.policy_roles()
                            .iter()
                            .filter_map(|r| r.role_name().map(|n| format!("role/{n}"))),
                    );
                    props.cloudshell_full_access_entities = Some(ents);
                }
            }
            // An account where the AWS managed policy does not exist cannot have it attached.
            Err(e) if code_of(&e).as_deref() == Some("NoSuchEntity") => {
                if field == "support_role_exists" {
                    props.support_role_exists = Some(false);
                } else {
                    props.cloudshell_full_access_entities = Some(Vec::new());
                }
            }
            Err(e) => {
                errors.insert(field.to_string(), cause!("iam:ListEntitiesForPolicy", e));
            }
        }
    }
    let uid = format!("arn:aws:iam::{}:root", ctx.account);
    let mut r = Resource::new(uid, &ctx.account, "global", &ctx.account, props);
    r.errors = errors;
    r
}
