//! SQS queues, Secrets Manager secrets (metadata only), ECR repositories, DynamoDB tables.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{DynamoDbTable, EcrRepository, SecretsManagerSecret, SqsQueue};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, per_resource};
use crate::ctx::{code_of, ts};
use crate::{Batch, Ctx};

pub(crate) async fn sqs(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let sqs = ctx.sqs();
    let Some(urls) = list_all!(
        batch,
        ctx,
        "sqs",
        "sqs:ListQueues",
        &["aws.sqs.queue"],
        sqs.list_queues(),
        queue_urls
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(urls, |url| {
        let sqs = sqs.clone();
        async move {
            let name = url.rsplit('/').next().unwrap_or(&url).to_string();
            let mut props = SqsQueue {
                arn: format!("arn:aws:sqs:{}:{}:{name}", ctx.region, ctx.account),
                url: url.clone(),
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            match sqs
                .get_queue_attributes()
                .queue_url(&url)
                .attribute_names(aws_sdk_sqs::types::QueueAttributeName::All)
                .send()
                .await
            {
                Ok(out) => {
                    let attrs = out.attributes().cloned().unwrap_or_default();
                    let get = |k: &str| {
                        attrs
                            .get(&aws_sdk_sqs::types::QueueAttributeName::from(k))
                            .cloned()
                    };
                    if let Some(arn) = get("QueueArn") {
                        props.arn = arn;
                    }
                    props.kms_key_id = get("KmsMasterKeyId").filter(|k| !k.is_empty());
                    props.sqs_managed_sse = get("SqsManagedSseEnabled").as_deref() == Some("true");
                    props.encrypted = props.sqs_managed_sse || props.kms_key_id.is_some();
                    match get("Policy") {
                        Some(p) => match PolicyDocument::parse(&p, &ctx.account) {
                            Ok(d) => props.policy = Some(d),
                            Err(e) => {
                                errors.insert("policy".to_string(), e);
                            }
                        },
                        None => props.policy = Some(PolicyDocument::none()),
                    }
                }
                Err(e) => {
                    let c = cause!("sqs:GetQueueAttributes", e);
                    for f in ["encrypted", "sqs_managed_sse", "policy"] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            let arn = props.arn.clone();
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

pub(crate) async fn secrets(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let sm = ctx.secretsmanager();
    let Some(list) = list_all!(
        batch,
        ctx,
        "secretsmanager",
        "secretsmanager:ListSecrets",
        &["aws.secretsmanager.secret"],
        sm.list_secrets(),
        secret_list
    ) else {
        return batch;
    };
    for s in list {
        let arn = s.arn().unwrap_or_default().to_string();
        let name = s.name().unwrap_or_default().to_string();
        let props = SecretsManagerSecret {
            arn: arn.clone(),
            rotation_enabled: s.rotation_enabled().unwrap_or(false),
            rotation_days: s
                .rotation_rules()
                .and_then(|r| r.automatically_after_days()),
            last_rotated: s.last_rotated_date().map(ts),
            last_accessed: s.last_accessed_date().map(ts),
            kms_key_id: s.kms_key_id().map(str::to_string),
        };
        let tags = s
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect();
        batch
            .resources
            .push(Resource::new(arn, &ctx.account, &ctx.region, name, props).with_tags(tags));
    }
    batch
}

pub(crate) async fn ecr(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let ecr = ctx.ecr();
    let Some(repos) = list_all!(
        batch,
        ctx,
        "ecr",
        "ecr:DescribeRepositories",
        &["aws.ecr.repository"],
        ecr.describe_repositories(),
        repositories
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(repos, |repo| {
        let ecr = ecr.clone();
        async move {
            let name = repo.repository_name().unwrap_or_default().to_string();
            let arn = repo.repository_arn().unwrap_or_default().to_string();
            let mut props = EcrRepository {
                arn: arn.clone(),
                uri: repo.repository_uri().map(str::to_string),
                scan_on_push: repo
                    .image_scanning_configuration()
                    .is_some_and(|c| c.scan_on_push()),
                image_tag_mutability: repo
                    .image_tag_mutability()
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_else(|| "MUTABLE".into()),
                encryption_type: repo
                    .encryption_configuration()
                    .map(|e| e.encryption_type().as_str().to_string()),
                policy: None,
            };
            let mut errors = BTreeMap::new();
            match ecr
                .get_repository_policy()
                .repository_name(&name)
                .send()
                .await
            {
                Ok(out) => {
                    match PolicyDocument::parse(out.policy_text().unwrap_or("{}"), &ctx.account) {
                        Ok(d) => props.policy = Some(d),
                        Err(e) => {
                            errors.insert("policy".to_string(), e);
                        }
                    }
                }
                Err(e) if code_of(&e).as_deref() == Some("RepositoryPolicyNotFoundException") => {
                    props.policy = Some(PolicyDocument::none());
                }
                Err(e) => {
                    errors.insert("policy".to_string(), cause!("ecr:GetRepositoryPolicy", e));
                }
            }
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

pub(crate) async fn dynamodb(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let ddb = ctx.dynamodb();
    let Some(names) = list_all!(
        batch,
        ctx,
        "dynamodb",
        "dynamodb:ListTables",
        &["aws.dynamodb.table"],
        ddb.list_tables(),
        table_names
    ) else {
        return batch;
    };
    let kms = ctx.kms();
    let rs: Vec<Resource> = per_resource(names, |name| {
        let ddb = ddb.clone();
        let kms = kms.clone();
        async move {
            let mut errors = BTreeMap::new();
            let mut props = DynamoDbTable {
                arn: format!(
                    "arn:aws:dynamodb:{}:{}:table/{name}",
                    ctx.region, ctx.account
                ),
                sse_type: "AWS_OWNED".into(),
                ..Default::default()
            };
            match ddb.describe_table().table_name(&name).send().await {
                Ok(out) => {
                    if let Some(t) = out.table() {
                        if let Some(a) = t.table_arn() {
                            props.arn = a.to_string();
                        }
                        props.status = t.table_status().map(|s| s.as_str().to_string());
                        props.deletion_protection = t.deletion_protection_enabled();
                        // No SSE description: encrypted with a key AWS owns (the default).
                        if let Some(sse) = t.sse_description()
                            && sse.sse_type().map(|x| x.as_str()) == Some("KMS")
                        {
                            props.sse_type = "KMS".into();
                            props.kms_key_arn = sse.kms_master_key_arn().map(str::to_string);
                        }
                    }
                }
                Err(e) => {
                    let c = cause!("dynamodb:DescribeTable", e);
                    for f in ["sse_type", "customer_managed_key", "deletion_protection"] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            if !errors.contains_key("sse_type") {
                match &props.kms_key_arn {
                    None => props.customer_managed_key = Some(false),
                    Some(key) => match kms.describe_key().key_id(key).send().await {
                        Ok(out) => {
                            props.customer_managed_key = Some(
                                out.key_metadata()
                                    .and_then(|m| m.key_manager())
                                    .map(|m| m.as_str() == "CUSTOMER")
                                    .unwrap_or(false),
                            )
                        }
                        Err(e) => {
                            errors.insert(
                                "customer_managed_key".to_string(),
                                cause!("kms:DescribeKey", e),
                            );
                        }
                    },
                }
            }
            match ddb
                .describe_continuous_backups()
                .table_name(&name)
                .send()
                .await
            {
                Ok(out) => {
                    props.pitr_enabled = Some(
                        out.continuous_backups_description()
                            .and_then(|c| c.point_in_time_recovery_description())
                            .and_then(|p| p.point_in_time_recovery_status())
                            .map(|s| s.as_str() == "ENABLED")
                            .unwrap_or(false),
                    )
                }
                Err(e) => {
                    errors.insert(
                        "pitr_enabled".to_string(),
                        cause!("dynamodb:DescribeContinuousBackups", e),
                    );
                }
            }
            let arn = props.arn.clone();
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}
