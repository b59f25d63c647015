//! IAM: users, groups, roles, managed policies, server certificates, and the account resource
//! (password policy, root user, support role).

use std::collections::{BTreeMap, HashMap};

use ais_model::Resource;
use ais_model::kinds::aws::{
    AccessKey, Account, AttachedPolicy, IamGroup, IamPolicy, IamRole, IamServerCertificate,
    IamUser, InlinePolicy, MfaDevice, PasswordPolicy, RootUser,
};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, per_resource};
use crate::ctx::{code_of, ts};
use crate::{Batch, Ctx};

const SVC: &str = "iam";
const SUPPORT_POLICY: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";
const CLOUDSHELL_POLICY: &str = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess";

/// The inline policies of a user, group or role: list their names, then fetch and normalize
/// every document concurrently. The first failed call is the error. Evaluates to a future.
macro_rules! inline_policies {
    ($iam:expr, $ctx:expr, $list:ident / $list_op:literal, $get:ident / $get_op:literal, $param:ident, $name:expr) => {{
        let iam: &aws_sdk_iam::Client = &$iam;
        let name: &str = $name;
        let account: &str = &$ctx.account;
        async move {
            let names = iam
                .$list()
                .$param(name)
                .send()
                .await
                .map_err(|e| cause!($list_op, e))?;
            futures::future::try_join_all(names.policy_names().iter().map(|p| async move {
                let doc = iam
                    .$get()
                    .$param(name)
                    .policy_name(p)
                    .send()
                    .await
                    .map_err(|e| cause!($get_op, e))?;
                Ok::<_, String>(InlinePolicy {
                    name: p.clone(),
                    document: PolicyDocument::parse(doc.policy_document(), account)?,
                })
            }))
            .await
        }
    }};
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
        tokio::time::sleep(std::time::Duration::from_millis(200 + 300 * attempt)).await;
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

/// The credential report, shared by the users and the account stages.
type Report = std::sync::Arc<Result<HashMap<String, ReportRow>, String>>;

pub(crate) async fn collect(ctx: &Ctx) -> Batch {
    use futures::FutureExt;
    let iam = ctx.iam();
    // No stage depends on another's results except through the credential report, which IAM
    // generates asynchronously (one or more polls): every stage runs at once, and only users and
    // the account wait for the report. Over real endpoints' latency the scan's critical path is
    // then the longest single chain of calls, not the sum of them.
    let report = credential_report(ctx).map(std::sync::Arc::new).shared();
    let (local, aws, users, groups, roles, certs, account) = tokio::join!(
        policies(ctx, &iam, aws_sdk_iam::types::PolicyScopeType::Local, false),
        policies(ctx, &iam, aws_sdk_iam::types::PolicyScopeType::Aws, true),
        users(ctx, &iam, report.clone()),
        groups(ctx, &iam),
        roles(ctx, &iam),
        server_certificates(ctx, &iam),
        account(ctx, &iam, report.clone()),
    );
    let mut batch = Batch::default();
    for part in [local, aws, users, groups, roles, certs] {
        batch.absorb(part);
    }
    batch.resources.push(account);
    batch
}

/// Customer managed policies, or the AWS managed policies attached in the account, with their
/// default version's document.
async fn policies(
    ctx: &Ctx,
    iam: &aws_sdk_iam::Client,
    scope: aws_sdk_iam::types::PolicyScopeType,
    only_attached: bool,
) -> Batch {
    let mut batch = Batch::default();
    let Some(policies) = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListPolicies",
        &["aws.iam.policy"],
        iam.list_policies()
            .scope(scope)
            .only_attached(only_attached),
        policies
    ) else {
        return batch;
    };
    batch.resources = per_resource(policies, |p| async move {
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
    })
    .await;
    batch
}

async fn users(
    ctx: &Ctx,
    iam: &aws_sdk_iam::Client,
    report: impl std::future::Future<Output = Report>,
) -> Batch {
    let mut batch = Batch::default();
    let listed = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListUsers",
        &["aws.iam.user"],
        iam.list_users(),
        users
    );
    let Some(listed) = listed else {
        return batch;
    };
    let report = report.await;
    let report = report.as_ref();
    batch.resources = per_resource(listed, |u| user(ctx, iam, u, report)).await;
    batch
}

async fn groups(ctx: &Ctx, iam: &aws_sdk_iam::Client) -> Batch {
    let mut batch = Batch::default();
    if let Some(listed) = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListGroups",
        &["aws.iam.group"],
        iam.list_groups(),
        groups
    ) {
        batch.resources = per_resource(listed, |g| group(ctx, iam, g)).await;
    }
    batch
}

async fn roles(ctx: &Ctx, iam: &aws_sdk_iam::Client) -> Batch {
    let mut batch = Batch::default();
    if let Some(listed) = list_all!(
        batch,
        ctx,
        SVC,
        "iam:ListRoles",
        &["aws.iam.role"],
        iam.list_roles(),
        roles
    ) {
        batch.resources = per_resource(listed, |r| role(ctx, iam, r)).await;
    }
    batch
}

async fn server_certificates(ctx: &Ctx, iam: &aws_sdk_iam::Client) -> Batch {
    let mut batch = Batch::default();
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
    // Users created after the report was generated: ask for the login profile directly.
    let need_profile = row.is_none() && report.is_ok();
    let (profile, mfa, keys, attached_policies, inline, groups) = tokio::join!(
        async {
            if need_profile {
                Some(iam.get_login_profile().user_name(&name).send().await)
            } else {
                None
            }
        },
        iam.list_mfa_devices().user_name(&name).send(),
        iam.list_access_keys().user_name(&name).send(),
        iam.list_attached_user_policies().user_name(&name).send(),
        inline_policies!(
            iam,
            ctx,
            list_user_policies / "iam:ListUserPolicies",
            get_user_policy / "iam:GetUserPolicy",
            user_name,
            &name
        ),
        iam.list_groups_for_user().user_name(&name).send(),
    );
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
    }
    match profile {
        None => {}
        Some(Ok(_)) => props.password_enabled = Some(true),
        Some(Err(e)) if code_of(&e).as_deref() == Some("NoSuchEntity") => {
            props.password_enabled = Some(false)
        }
        Some(Err(e)) => {
            errors.insert("password_enabled".into(), cause!("iam:GetLoginProfile", e));
        }
    }
    match mfa {
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
    match keys {
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
            // Without the report, when the keys were last used is unknown: the list is incomplete.
            if let (Err(e), false) = (report, keys.is_empty()) {
                errors.insert("access_keys".into(), e.clone());
            }
            props.access_keys = Some(keys);
        }
        Err(e) => {
            errors.insert("access_keys".into(), cause!("iam:ListAccessKeys", e));
        }
    }
    match attached_policies {
        Ok(out) => props.attached_policies = Some(attached(out.attached_policies())),
        Err(e) => {
            errors.insert(
                "attached_policies".into(),
                cause!("iam:ListAttachedUserPolicies", e),
            );
        }
    }
    match inline {
        Ok(p) => props.inline_policies = Some(p),
        Err(e) => {
            errors.insert("inline_policies".into(), e);
        }
    }
    match groups {
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
    let (members, attached_policies, inline) = tokio::join!(
        iam.get_group().group_name(&name).send(),
        iam.list_attached_group_policies().group_name(&name).send(),
        inline_policies!(
            iam,
            ctx,
            list_group_policies / "iam:ListGroupPolicies",
            get_group_policy / "iam:GetGroupPolicy",
            group_name,
            &name
        ),
    );
    match members {
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
    match attached_policies {
        Ok(out) => props.attached_policies = Some(attached(out.attached_policies())),
        Err(e) => {
            errors.insert(
                "attached_policies".to_string(),
                cause!("iam:ListAttachedGroupPolicies", e),
            );
        }
    }
    match inline {
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
    let (attached_policies, inline) = tokio::join!(
        iam.list_attached_role_policies().role_name(&name).send(),
        inline_policies!(
            iam,
            ctx,
            list_role_policies / "iam:ListRolePolicies",
            get_role_policy / "iam:GetRolePolicy",
            role_name,
            &name
        ),
    );
    match attached_policies {
        Ok(out) => props.attached_policies = Some(attached(out.attached_policies())),
        Err(e) => {
            errors.insert(
                "attached_policies".to_string(),
                cause!("iam:ListAttachedRolePolicies", e),
            );
        }
    }
    match inline {
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
    report: impl std::future::Future<Output = Report>,
) -> Resource {
    let mut errors = BTreeMap::new();
    let mut props = Account {
        account_id: ctx.account.clone(),
        ..Default::default()
    };
    // The account summary, then (only when root has MFA) whether that MFA is virtual.
    let root_mfa = async {
        let summary = iam
            .get_account_summary()
            .send()
            .await
            .map_err(|e| cause!("iam:GetAccountSummary", e))?;
        let m = summary.summary_map();
        let get = |k: aws_sdk_iam::types::SummaryKeyType| m.and_then(|m| m.get(&k)).copied();
        let mut root = RootUser {
            mfa_enabled: get(aws_sdk_iam::types::SummaryKeyType::AccountMfaEnabled).map(|v| v == 1),
            access_keys_present: get(aws_sdk_iam::types::SummaryKeyType::AccountAccessKeysPresent)
                .map(|v| v == 1),
            ..Default::default()
        };
        match root.mfa_enabled {
            Some(true) => {
                let out = iam
                    .list_virtual_mfa_devices()
                    .assignment_status(aws_sdk_iam::types::AssignmentStatusType::Assigned)
                    .send()
                    .await
                    .map_err(|e| cause!("iam:ListVirtualMFADevices", e))?;
                let root_virtual = out.virtual_mfa_devices().iter().any(|d| {
                    d.serial_number().ends_with(":mfa/root-account-mfa-device")
                        || d.user().is_some_and(|u| u.arn().ends_with(":root"))
                });
                root.hardware_mfa_enabled = Some(!root_virtual);
            }
            Some(false) => root.hardware_mfa_enabled = Some(false),
            None => {}
        }
        Ok::<_, String>(root)
    };
    let (password_policy, root, support, cloudshell) = tokio::join!(
        iam.get_account_password_policy().send(),
        root_mfa,
        iam.list_entities_for_policy()
            .policy_arn(SUPPORT_POLICY)
            .send(),
        iam.list_entities_for_policy()
            .policy_arn(CLOUDSHELL_POLICY)
            .send(),
    );
    match password_policy {
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
    match root {
        Ok(mut root) => {
            if let Ok(rows) = report.await.as_ref()
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
        Err(e) => {
            errors.insert("root".to_string(), e);
        }
    }
    // An account where an AWS managed policy does not exist cannot have it attached.
    match support {
        Ok(out) => props.support_role_exists = Some(!out.policy_roles().is_empty()),
        Err(e) if code_of(&e).as_deref() == Some("NoSuchEntity") => {
            props.support_role_exists = Some(false)
        }
        Err(e) => {
            errors.insert(
                "support_role_exists".to_string(),
                cause!("iam:ListEntitiesForPolicy", e),
            );
        }
    }
    match cloudshell {
        Ok(out) => {
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
        Err(e) if code_of(&e).as_deref() == Some("NoSuchEntity") => {
            props.cloudshell_full_access_entities = Some(Vec::new())
        }
        Err(e) => {
            errors.insert(
                "cloudshell_full_access_entities".to_string(),
                cause!("iam:ListEntitiesForPolicy", e),
            );
        }
    }
    let uid = format!("arn:aws:iam::{}:root", ctx.account);
    let mut r = Resource::new(uid, &ctx.account, "global", &ctx.account, props);
    r.errors = errors;
    r
}
