//! S3: buckets (encryption, versioning, logging, policy, ACL, public access block, object lock)
//! and the account-level public access block (S3 Control).

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{
    PublicAccessBlock, S3Acl, S3Bucket, S3Encryption, S3Grant, S3Logging, S3Versioning,
};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, per_resource};
use crate::ctx::{code_of, ts};
use crate::{Batch, Ctx};

const SVC: &str = "s3";
const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTH_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/// The account-level block, stored on the bucket resources and (by the analyzer) the account.
pub(crate) const ACCOUNT_PAB_FIELD: &str = "account_public_access_block";

pub(crate) async fn collect(ctx: &Ctx, regions: &[String]) -> Batch {
    let mut batch = Batch::default();
    let s3 = ctx.s3();

    // The account's block and the bucket listing are independent: ask for both at once.
    let s3control = ctx.s3control();
    let (account_pab, listed) = tokio::join!(
        s3control
            .get_public_access_block()
            .account_id(&ctx.account)
            .send(),
        async {
            let mut listing = Batch::default();
            let buckets = list_all!(
                listing,
                ctx,
                SVC,
                "s3:ListBuckets",
                &["aws.s3.bucket"],
                s3.list_buckets(),
                buckets
            );
            (listing, buckets)
        }
    );
    let account_pab = match account_pab {
        Ok(out) => Ok(out
            .public_access_block_configuration()
            .map(|c| PublicAccessBlock {
                block_public_acls: c.block_public_acls().unwrap_or(false),
                ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
                block_public_policy: c.block_public_policy().unwrap_or(false),
                restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
            })
            .unwrap_or_default()),
        Err(e) if code_of(&e).as_deref() == Some("NoSuchPublicAccessBlockConfiguration") => {
            Ok(PublicAccessBlock::default())
        }
        Err(e) => Err(cause!("s3:GetPublicAccessBlock (account)", e)),
    };

    // The account resource itself is built by the IAM collector; hand the setting over as a
    // marker resource-free fact on every bucket plus a settings record for the analyzer.
    match &account_pab {
        Ok(p) => batch.resources.push(Resource::new(
            format!("arn:aws:s3:::account-settings/{}", ctx.account),
            &ctx.account,
            "global",
            "s3-account-settings",
            AccountPab(p.clone()),
        )),
        Err(e) => {
            let mut r = Resource::new(
                format!("arn:aws:s3:::account-settings/{}", ctx.account),
                &ctx.account,
                "global",
                "s3-account-settings",
                AccountPab(PublicAccessBlock::default()),
            );
            r.properties = serde_json::json!({});
            r.property_error(ACCOUNT_PAB_FIELD, e.clone());
            batch.resources.push(r);
        }
    }

    let (listing, buckets) = listed;
    batch.absorb(listing);
    let Some(buckets) = buckets else {
        return batch;
    };
    let pab_ref = &account_pab;
    let found: Vec<Option<Resource>> = per_resource(buckets, |b| async move {
        bucket(ctx, regions, b, pab_ref).await
    })
    .await;
    batch.resources.extend(found.into_iter().flatten());
    batch
}

/// Internal carrier for the account-level block; folded into `aws.account` by the analyzer
/// and never left in the inventory.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct AccountPab(pub PublicAccessBlock);
impl ais_model::ResourceKind for AccountPab {
    const KIND: &'static str = "internal.s3.account_settings";
}

async fn bucket(
    ctx: &Ctx,
    regions: &[String],
    b: aws_sdk_s3::types::Bucket,
    account_pab: &Result<PublicAccessBlock, String>,
) -> Option<Resource> {
    let name = b.name()?.to_string();
    let s3 = ctx.s3();
    let mut errors = BTreeMap::new();
    // Where the bucket lives decides whether it is in scope and which endpoint answers for it.
    let region = match b.bucket_region() {
        Some(r) => r.to_string(),
        None => match s3.get_bucket_location().bucket(&name).send().await {
            Ok(out) => match out.location_constraint().map(|c| c.as_str().to_string()) {
                None => "us-east-1".to_string(),
                Some(c) if c.is_empty() => "us-east-1".to_string(),
                Some(c) if c == "EU" => "eu-west-1".to_string(),
                Some(c) => c,
            },
            Err(e) => {
                errors.insert("region".to_string(), cause!("s3:GetBucketLocation", e));
                ctx.region.clone()
            }
        },
    };
    if !regions.iter().any(|r| r == &region) {
        return None;
    }
    let s3 = ctx.for_region(&region).s3();
    let mut props = S3Bucket {
        arn: format!("arn:aws:s3:::{name}"),
        created: b.creation_date().map(ts),
        ..Default::default()
    };

    // Every setting is a separate call: ask for all of them at once.
    let (
        encryption_out,
        versioning_out,
        logging_out,
        policy_out,
        acl_out,
        pab_out,
        object_lock_out,
        tagging_out,
    ) = tokio::join!(
        s3.get_bucket_encryption().bucket(&name).send(),
        s3.get_bucket_versioning().bucket(&name).send(),
        s3.get_bucket_logging().bucket(&name).send(),
        s3.get_bucket_policy().bucket(&name).send(),
        s3.get_bucket_acl().bucket(&name).send(),
        s3.get_public_access_block().bucket(&name).send(),
        s3.get_object_lock_configuration().bucket(&name).send(),
        s3.get_bucket_tagging().bucket(&name).send(),
    );

    match encryption_out {
        Ok(out) => {
            let rule = out
                .server_side_encryption_configuration()
                .and_then(|c| c.rules().first());
            let def = rule.and_then(|r| r.apply_server_side_encryption_by_default());
            props.encryption = Some(S3Encryption {
                enabled: def.is_some(),
                algorithm: def.map(|d| d.sse_algorithm().as_str().to_string()),
                kms_key_id: def.and_then(|d| d.kms_master_key_id()).map(str::to_string),
                bucket_key_enabled: rule.and_then(|r| r.bucket_key_enabled()),
            });
        }
        // Since January 2023 S3 applies SSE-S3 to every bucket that has no configuration of its
        // own; only emulators still answer "not found".
        Err(e)
            if code_of(&e).as_deref() == Some("ServerSideEncryptionConfigurationNotFoundError") =>
        {
            props.encryption = Some(S3Encryption {
                enabled: true,
                algorithm: Some("AES256".into()),
                kms_key_id: None,
                bucket_key_enabled: None,
            });
        }
        Err(e) => {
            errors.insert(
                "encryption".to_string(),
                cause!("s3:GetBucketEncryption", e),
            );
        }
    }

    match versioning_out {
        Ok(out) => {
            props.versioning = Some(S3Versioning {
                status: out
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "Disabled".into()),
                mfa_delete: out.mfa_delete().map(|m| m.as_str()) == Some("Enabled"),
            })
        }
        Err(e) => match versioning_from_raw(&e) {
            Some(v) => props.versioning = Some(v),
            None => {
                errors.insert(
                    "versioning".to_string(),
                    cause!("s3:GetBucketVersioning", e),
                );
            }
        },
    }

    match logging_out {
        Ok(out) => {
            let le = out.logging_enabled();
            props.logging = Some(S3Logging {
                enabled: le.is_some(),
                target_bucket: le.map(|l| l.target_bucket().to_string()),
                target_prefix: le.map(|l| l.target_prefix().to_string()),
            });
        }
        Err(e) => {
            errors.insert("logging".to_string(), cause!("s3:GetBucketLogging", e));
        }
    }

    match policy_out {
        Ok(out) => match PolicyDocument::parse(out.policy().unwrap_or("{}"), &ctx.account) {
            Ok(d) => props.policy = Some(d),
            Err(e) => {
                errors.insert("policy".to_string(), e);
            }
        },
        Err(e) if code_of(&e).as_deref() == Some("NoSuchBucketPolicy") => {
            props.policy = Some(PolicyDocument::none());
        }
        Err(e) => {
            errors.insert("policy".to_string(), cause!("s3:GetBucketPolicy", e));
        }
    }

    match acl_out {
        Ok(out) => {
            let grants: Vec<S3Grant> = out
                .grants()
                .iter()
                .filter_map(|g| {
                    let grantee = g.grantee()?;
                    Some(S3Grant {
                        grantee_type: grantee.r#type().as_str().to_string(),
                        grantee: grantee
                            .uri()
                            .or(grantee.id())
                            .or(grantee.email_address())
                            .map(str::to_string),
                        permission: g
                            .permission()
                            .map(|p| p.as_str().to_string())
                            .unwrap_or_default(),
                    })
                })
                .collect();
            let public = |perms: &[&str]| {
                grants.iter().any(|g| {
                    matches!(g.grantee.as_deref(), Some(ALL_USERS) | Some(AUTH_USERS))
                        && perms.contains(&g.permission.as_str())
                })
            };
            props.acl = Some(S3Acl {
                owner_id: out.owner().and_then(|o| o.id()).map(str::to_string),
                public_read: public(&["READ", "FULL_CONTROL"]),
                public_write: public(&["WRITE", "WRITE_ACP", "FULL_CONTROL"]),
                grants,
            });
        }
        Err(e) => {
            errors.insert("acl".to_string(), cause!("s3:GetBucketAcl", e));
        }
    }

    match pab_out {
        Ok(out) => {
            let c = out.public_access_block_configuration();
            props.public_access_block = Some(PublicAccessBlock {
                block_public_acls: c.and_then(|c| c.block_public_acls()).unwrap_or(false),
                ignore_public_acls: c.and_then(|c| c.ignore_public_acls()).unwrap_or(false),
                block_public_policy: c.and_then(|c| c.block_public_policy()).unwrap_or(false),
                restrict_public_buckets: c
                    .and_then(|c| c.restrict_public_buckets())
                    .unwrap_or(false),
            });
        }
        Err(e) if code_of(&e).as_deref() == Some("NoSuchPublicAccessBlockConfiguration") => {
            props.public_access_block = Some(PublicAccessBlock::default());
        }
        Err(e) => {
            errors.insert(
                "public_access_block".to_string(),
                cause!("s3:GetPublicAccessBlock", e),
            );
        }
    }

    match object_lock_out {
        Ok(out) => {
            props.object_lock_enabled = Some(
                out.object_lock_configuration()
                    .and_then(|c| c.object_lock_enabled())
                    .map(|s| s.as_str() == "Enabled")
                    .unwrap_or(false),
            )
        }
        Err(e) if code_of(&e).as_deref() == Some("ObjectLockConfigurationNotFoundError") => {
            props.object_lock_enabled = Some(false);
        }
        Err(e) => {
            errors.insert(
                "object_lock_enabled".to_string(),
                cause!("s3:GetObjectLockConfiguration", e),
            );
        }
    }

    let tags = match tagging_out {
        Ok(out) => out
            .tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect(),
        Err(_) => BTreeMap::new(),
    };

    match account_pab {
        Ok(p) => props.account_public_access_block = Some(p.clone()),
        Err(e) => {
            errors.insert(ACCOUNT_PAB_FIELD.to_string(), e.clone());
        }
    }
    let mut r = Resource::new(
        format!("arn:aws:s3:::{name}"),
        &ctx.account,
        region,
        name,
        props,
    )
    .with_tags(tags);
    r.errors = errors;
    Some(r)
}

/// moto 5.2 wraps the GetBucketVersioning answer in a `GetBucketVersioningResponse` root element,
/// which the SDK's strict parser rejects. The raw answer is kept in the error: read the two
/// values from it, and only for that exact shape.
fn versioning_from_raw<E>(
    e: &aws_smithy_runtime_api::client::result::SdkError<E, aws_smithy_runtime_api::http::Response>,
) -> Option<S3Versioning> {
    let raw = e.raw_response()?.body().bytes()?;
    let text = std::str::from_utf8(raw).ok()?;
    if !text.contains("<GetBucketVersioningResponse") {
        return None;
    }
    let value = |tag: &str| {
        let start = text.find(&format!("<{tag}>"))? + tag.len() + 2;
        let end = text[start..].find('<')? + start;
        Some(text[start..end].trim().to_string())
    };
    Some(S3Versioning {
        status: value("Status")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "Disabled".into()),
        mfa_delete: value("MfaDelete").or_else(|| value("MFADelete")).as_deref() == Some("Enabled"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn account_settings_kind_is_internal() {
        assert!(super::super::s3_account_settings_kind().starts_with("internal."));
    }
}
