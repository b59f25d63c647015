//! SQS queues, Secrets Manager secrets (metadata only) and ECR repositories.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{EcrRepository, SecretsManagerSecret, SqsQueue};
use ais_model::policy::PolicyDocument;
use futures::StreamExt;

use super::{PER_RESOURCE_CONCURRENCY, cause, list_all};
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
    let rs: Vec<Resource> = futures::stream::iter(urls)
        .map(|url| {
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
                        props.sqs_managed_sse =
                            get("SqsManagedSseEnabled").as_deref() == Some("true");
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
        .buffer_unordered(PER_RESOURCE_CONCURRENCY)
        .collect()
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
    let rs: Vec<Resource> = futures::stream::iter(repos)
        .map(|repo| {
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
                        match PolicyDocument::parse(out.policy_text().unwrap_or("{}"), &ctx.account)
                        {
                            Ok(d) => props.policy = Some(d),
                            Err(e) => {
                                errors.insert("policy".to_string(), e);
                            }
                        }
                    }
                    Err(e)
                        if code_of(&e).as_deref() == Some("RepositoryPolicyNotFoundException") =>
                    {
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
        .buffer_unordered(PER_RESOURCE_CONCURRENCY)
        .collect()
        .await;
    batch.resources.extend(rs);
    batch
}
