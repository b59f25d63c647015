//! Lambda functions, ECS task definitions and clusters, EKS clusters, SSM documents, parameters
//! and managed instances, ACM certificates.

use std::collections::{BTreeMap, HashMap};

use ais_model::Resource;
use ais_model::kinds::aws::{
    AcmCertificate, EcsCluster, EcsContainer, EcsTaskDefinition, EksCluster, LambdaFunction,
    LambdaFunctionUrl, SecretHit, SsmDocument, SsmManagedInstance, SsmParameter,
};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, per_resource};
use crate::ctx::{code_of, ts};
use crate::secrets::{scan_env, scan_text};
use crate::{Batch, Ctx};

// ---------------------------------------------------------------- Lambda

pub(crate) async fn lambda(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let lambda = ctx.lambda();
    let Some(functions) = list_all!(
        batch,
        ctx,
        "lambda",
        "lambda:ListFunctions",
        &["aws.lambda.function"],
        lambda.list_functions(),
        functions
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(functions, |f| {
        let lambda = lambda.clone();
        async move {
            let name = f.function_name().unwrap_or_default().to_string();
            let arn = f.function_arn().map(str::to_string).unwrap_or_else(|| {
                format!(
                    "arn:aws:lambda:{}:{}:function:{name}",
                    ctx.region, ctx.account
                )
            });
            let mut errors = BTreeMap::new();
            let env = f.environment();
            let pairs = env_pairs(env.and_then(|e| e.variables()));
            // Lambda could not decrypt the variables for us: their names and values are unknown.
            if let Some(err) = env.and_then(|e| e.error()) {
                let c = format!(
                    "lambda:ListFunctions could not return the environment: {}: {}",
                    err.error_code().unwrap_or("Error"),
                    err.message().unwrap_or("no message")
                );
                errors.insert("environment_variable_names".to_string(), c.clone());
                errors.insert("environment_secrets".to_string(), c);
            }
            let vpc = f.vpc_config();
            let mut props = LambdaFunction {
                arn: arn.clone(),
                runtime: f.runtime().map(|r| r.as_str().to_string()),
                package_type: f.package_type().map(|p| p.as_str().to_string()),
                role: f.role().map(str::to_string),
                handler: f.handler().map(str::to_string),
                last_modified: f.last_modified().map(str::to_string),
                in_vpc: vpc.is_some_and(|v| !v.subnet_ids().is_empty()),
                vpc_id: vpc
                    .and_then(|v| v.vpc_id())
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
                tracing_mode: f
                    .tracing_config()
                    .and_then(|t| t.mode())
                    .map(|m| m.as_str().to_string()),
                dead_letter_target: f
                    .dead_letter_config()
                    .and_then(|d| d.target_arn())
                    .map(str::to_string),
                environment_variable_names: pairs.iter().map(|(k, _)| k.to_string()).collect(),
                environment_secrets: scan_env(&pairs),
                kms_key_arn: f.kms_key_arn().map(str::to_string),
                policy: None,
                urls: None,
                code_secrets: None,
            };
            // Deep scans download the .zip package (from its presigned URL) and scan it.
            if ctx.deep {
                if props.package_type.as_deref() == Some("Image") {
                    props.code_secrets = Some(Vec::new());
                } else {
                    match lambda.get_function().function_name(&name).send().await {
                        Ok(out) => match out.code().and_then(|c| c.location()) {
                            Some(url) => {
                                match crate::package::scan_url(url, ctx.endpoint_url.as_deref())
                                    .await
                                {
                                    Ok(hits) => props.code_secrets = Some(hits),
                                    Err(why) => {
                                        errors.insert("code_secrets".to_string(), why);
                                    }
                                }
                            }
                            None => {
                                errors.insert(
                                    "code_secrets".to_string(),
                                    "lambda:GetFunction returned no code location".to_string(),
                                );
                            }
                        },
                        Err(e) => {
                            errors.insert(
                                "code_secrets".to_string(),
                                cause!("lambda:GetFunction", e),
                            );
                        }
                    }
                }
            }
            match lambda.get_policy().function_name(&name).send().await {
                Ok(out) => {
                    match PolicyDocument::parse(out.policy().unwrap_or("{}"), &ctx.account) {
                        Ok(d) => props.policy = Some(d),
                        Err(e) => {
                            errors.insert("policy".to_string(), e);
                        }
                    }
                }
                Err(e) if code_of(&e).as_deref() == Some("ResourceNotFoundException") => {
                    props.policy = Some(PolicyDocument::none());
                }
                Err(e) => {
                    errors.insert("policy".to_string(), cause!("lambda:GetPolicy", e));
                }
            }
            let mut urls = Vec::new();
            let mut failed = None;
            let mut pages = lambda
                .list_function_url_configs()
                .function_name(&name)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                match page {
                    Ok(p) => urls.extend(p.function_url_configs().iter().map(function_url)),
                    Err(e) => {
                        failed = Some(cause!("lambda:ListFunctionUrlConfigs", e));
                        break;
                    }
                }
            }
            match failed {
                None => props.urls = Some(urls),
                // Some endpoints (emulators, older partitions) lack the listing; the
                // unqualified URL of the function is then all that can be known.
                Some(c) => match lambda
                    .get_function_url_config()
                    .function_name(&name)
                    .send()
                    .await
                {
                    Ok(out) => {
                        props.urls = Some(vec![LambdaFunctionUrl {
                            auth_type: out.auth_type().as_str().to_string(),
                            url: out.function_url().to_string(),
                            cors_allow_origins: out
                                .cors()
                                .map(|c| c.allow_origins().to_vec())
                                .unwrap_or_default(),
                        }])
                    }
                    Err(e) if code_of(&e).as_deref() == Some("ResourceNotFoundException") => {
                        props.urls = Some(Vec::new())
                    }
                    Err(_) => {
                        errors.insert("urls".to_string(), c);
                    }
                },
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

/// Environment variables as `(name, value)` pairs sorted by name.
fn env_pairs(vars: Option<&HashMap<String, String>>) -> Vec<(&str, &str)> {
    let mut pairs: Vec<(&str, &str)> = vars
        .map(|m| m.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
        .unwrap_or_default();
    pairs.sort();
    pairs
}

fn function_url(c: &aws_sdk_lambda::types::FunctionUrlConfig) -> LambdaFunctionUrl {
    LambdaFunctionUrl {
        auth_type: c.auth_type().as_str().to_string(),
        url: c.function_url().to_string(),
        cors_allow_origins: c
            .cors()
            .map(|c| c.allow_origins().to_vec())
            .unwrap_or_default(),
    }
}

// ---------------------------------------------------------------- ECS

pub(crate) async fn ecs(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    ecs_task_definitions(ctx, &mut batch).await;
    ecs_clusters(ctx, &mut batch).await;
    batch
}

async fn ecs_task_definitions(ctx: &Ctx, batch: &mut Batch) {
    let ecs = ctx.ecs();
    let Some(arns) = list_all!(
        batch,
        ctx,
        "ecs",
        "ecs:ListTaskDefinitions",
        &["aws.ecs.task_definition"],
        ecs.list_task_definitions()
            .status(aws_sdk_ecs::types::TaskDefinitionStatus::Active),
        task_definition_arns
    ) else {
        return;
    };
    let rs: Vec<Resource> = per_resource(arns, |arn| {
        let ecs = ecs.clone();
        async move {
            let (family, revision) = task_definition_id(&arn).unwrap_or_else(|| (arn.clone(), 0));
            let mut props = EcsTaskDefinition {
                arn: arn.clone(),
                family,
                revision,
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            let fields = ["containers", "network_mode", "pid_mode"];
            match ecs
                .describe_task_definition()
                .task_definition(&arn)
                .send()
                .await
            {
                Ok(out) => match out.task_definition() {
                    Some(td) => {
                        if let Some(f) = td.family() {
                            props.family = f.to_string();
                        }
                        if td.revision() > 0 {
                            props.revision = i64::from(td.revision());
                        }
                        props.network_mode = td.network_mode().map(|m| m.as_str().to_string());
                        props.pid_mode = td.pid_mode().map(|m| m.as_str().to_string());
                        props.containers = td
                            .container_definitions()
                            .iter()
                            .map(|c| ecs_container(c, ctx.deep))
                            .collect();
                    }
                    None => {
                        for f in fields {
                            errors.insert(
                                f.to_string(),
                                "ecs:DescribeTaskDefinition returned no task definition"
                                    .to_string(),
                            );
                        }
                    }
                },
                Err(e) => {
                    let c = cause!("ecs:DescribeTaskDefinition", e);
                    for f in fields {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            let name = format!("{}:{}", props.family, props.revision);
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
}

/// `(family, revision)` from `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`.
fn task_definition_id(arn: &str) -> Option<(String, i64)> {
    let tail = arn.rsplit_once("task-definition/")?.1;
    let (family, revision) = tail.rsplit_once(':')?;
    Some((family.to_string(), revision.parse().ok()?))
}

fn ecs_container(c: &aws_sdk_ecs::types::ContainerDefinition, deep: bool) -> EcsContainer {
    let mut env: Vec<(&str, &str)> = c
        .environment()
        .iter()
        .map(|kv| {
            (
                kv.name().unwrap_or_default(),
                kv.value().unwrap_or_default(),
            )
        })
        .collect();
    env.sort();
    EcsContainer {
        name: c.name().unwrap_or_default().to_string(),
        image: c.image().map(str::to_string),
        privileged: c.privileged().unwrap_or(false),
        readonly_root_filesystem: c.readonly_root_filesystem().unwrap_or(false),
        user: c.user().map(str::to_string),
        logging_configured: c.log_configuration().is_some(),
        environment_variable_names: env.iter().map(|(n, _)| n.to_string()).collect(),
        environment_secrets: deep.then(|| scan_env(&env)),
    }
}

async fn ecs_clusters(ctx: &Ctx, batch: &mut Batch) {
    let ecs = ctx.ecs();
    let Some(arns) = list_all!(
        batch,
        ctx,
        "ecs",
        "ecs:ListClusters",
        &["aws.ecs.cluster"],
        ecs.list_clusters(),
        cluster_arns
    ) else {
        return;
    };
    for chunk in arns.chunks(100) {
        match ecs
            .describe_clusters()
            .set_clusters(Some(chunk.to_vec()))
            .include(aws_sdk_ecs::types::ClusterField::Settings)
            .send()
            .await
        {
            Ok(out) => {
                // Clusters reported under `failures` (deleted since the listing) are left out.
                for c in out.clusters() {
                    let arn = c.cluster_arn().unwrap_or_default().to_string();
                    let name = c
                        .cluster_name()
                        .map(str::to_string)
                        .unwrap_or_else(|| ecs_cluster_name(&arn));
                    let props = EcsCluster {
                        arn: arn.clone(),
                        container_insights: container_insights(c.settings()),
                        status: c.status().map(str::to_string),
                    };
                    batch.resources.push(Resource::new(
                        arn,
                        &ctx.account,
                        &ctx.region,
                        name,
                        props,
                    ));
                }
            }
            Err(e) => {
                let c = cause!("ecs:DescribeClusters", e);
                for arn in chunk {
                    let props = EcsCluster {
                        arn: arn.clone(),
                        ..Default::default()
                    };
                    let mut r = Resource::new(
                        arn.clone(),
                        &ctx.account,
                        &ctx.region,
                        ecs_cluster_name(arn),
                        props,
                    );
                    for f in ["container_insights", "status"] {
                        r.errors.insert(f.to_string(), c.clone());
                    }
                    batch.resources.push(r);
                }
            }
        }
    }
}

/// Cluster name from `arn:aws:ecs:<region>:<account>:cluster/<name>`.
fn ecs_cluster_name(arn: &str) -> String {
    arn.rsplit_once("cluster/")
        .map(|(_, n)| n)
        .unwrap_or(arn)
        .to_string()
}

/// The `containerInsights` setting (`disabled` when the cluster does not set it).
fn container_insights(settings: &[aws_sdk_ecs::types::ClusterSetting]) -> String {
    settings
        .iter()
        .find(|s| s.name().map(|n| n.as_str()) == Some("containerInsights"))
        .and_then(|s| s.value())
        .unwrap_or("disabled")
        .to_string()
}

// ---------------------------------------------------------------- EKS

pub(crate) async fn eks(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let eks = ctx.eks();
    let Some(names) = list_all!(
        batch,
        ctx,
        "eks",
        "eks:ListClusters",
        &["aws.eks.cluster"],
        eks.list_clusters(),
        clusters
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(names, |name| {
        let eks = eks.clone();
        async move {
            let mut props = EksCluster {
                arn: format!("arn:aws:eks:{}:{}:cluster/{name}", ctx.region, ctx.account),
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            let mut tags = BTreeMap::new();
            let all = [
                "version",
                "endpoint_public_access",
                "endpoint_private_access",
                "public_access_cidrs",
                "enabled_log_types",
                "secrets_encrypted",
            ];
            match eks.describe_cluster().name(&name).send().await {
                Ok(out) => match out.cluster() {
                    Some(c) => {
                        if let Some(a) = c.arn() {
                            props.arn = a.to_string();
                        }
                        props.version = c.version().map(str::to_string);
                        match c.resources_vpc_config() {
                            Some(v) => {
                                props.endpoint_public_access = Some(v.endpoint_public_access());
                                props.endpoint_private_access = Some(v.endpoint_private_access());
                                props.public_access_cidrs = Some(v.public_access_cidrs().to_vec());
                            }
                            None => {
                                for f in [
                                    "endpoint_public_access",
                                    "endpoint_private_access",
                                    "public_access_cidrs",
                                ] {
                                    errors.insert(
                                        f.to_string(),
                                        "eks:DescribeCluster returned no VPC configuration"
                                            .to_string(),
                                    );
                                }
                            }
                        }
                        props.enabled_log_types = Some(enabled_log_types(c.logging()));
                        props.secrets_encrypted = Some(secrets_encrypted(c.encryption_config()));
                        if let Some(t) = c.tags() {
                            tags = t.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                        }
                    }
                    None => {
                        for f in all {
                            errors.insert(
                                f.to_string(),
                                "eks:DescribeCluster returned no cluster".to_string(),
                            );
                        }
                    }
                },
                Err(e) => {
                    let c = cause!("eks:DescribeCluster", e);
                    for f in all {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            let arn = props.arn.clone();
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props).with_tags(tags);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

/// Control-plane log types of the `clusterLogging` entries that are enabled.
fn enabled_log_types(logging: Option<&aws_sdk_eks::types::Logging>) -> Vec<String> {
    let mut types: Vec<String> = logging
        .map(|l| l.cluster_logging())
        .unwrap_or_default()
        .iter()
        .filter(|s| s.enabled() == Some(true))
        .flat_map(|s| s.types().iter().map(|t| t.as_str().to_string()))
        .collect();
    types.sort();
    types.dedup();
    types
}

/// Some encryption configuration names a customer KMS key (EKS envelope-encrypts Kubernetes
/// secrets with it; the `resources` list it used to carry is deprecated and always `secrets`).
fn secrets_encrypted(configs: &[aws_sdk_eks::types::EncryptionConfig]) -> bool {
    configs.iter().any(|c| {
        c.provider()
            .and_then(|p| p.key_arn())
            .is_some_and(|k| !k.is_empty())
    })
}

// ---------------------------------------------------------------- SSM

pub(crate) async fn ssm(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    ssm_documents(ctx, &mut batch).await;
    ssm_parameters(ctx, &mut batch).await;
    ssm_managed_instances(ctx, &mut batch).await;
    batch
}

async fn ssm_documents(ctx: &Ctx, batch: &mut Batch) {
    let ssm = ctx.ssm();
    let owner_self = aws_sdk_ssm::types::DocumentKeyValuesFilter::builder()
        .key("Owner")
        .values("Self")
        .build();
    let Some(docs) = list_all!(
        batch,
        ctx,
        "ssm",
        "ssm:ListDocuments",
        &["aws.ssm.document"],
        ssm.list_documents().filters(owner_self),
        document_identifiers
    ) else {
        return;
    };
    let rs: Vec<Resource> = per_resource(docs, |d| {
        let ssm = ssm.clone();
        async move {
            let name = d.name().unwrap_or_default().to_string();
            let mut props = SsmDocument {
                arn: format!("arn:aws:ssm:{}:{}:document/{name}", ctx.region, ctx.account),
                document_type: d.document_type().map(|t| t.as_str().to_string()),
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            match document_shares(&ssm, &name).await {
                Ok(ids) => props.shared_with = Some(ids),
                Err(c) => {
                    errors.insert("shared_with".to_string(), c);
                }
            }
            match ssm.get_document().name(&name).send().await {
                Ok(out) => props.content_secrets = Some(scan_text(out.content().unwrap_or(""))),
                Err(e) => {
                    errors.insert("content_secrets".to_string(), cause!("ssm:GetDocument", e));
                }
            }
            let tags = d
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect();
            let arn = props.arn.clone();
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props).with_tags(tags);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
}

/// Accounts a document is shared with (`all` when it is public).
async fn document_shares(ssm: &aws_sdk_ssm::Client, name: &str) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    // A bound on the pages, in case the service keeps handing back a token.
    for _ in 0..1000 {
        let out = ssm
            .describe_document_permission()
            .name(name)
            .permission_type(aws_sdk_ssm::types::DocumentPermissionType::Share)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| cause!("ssm:DescribeDocumentPermission", e))?;
        ids.extend(out.account_ids().iter().cloned());
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

async fn ssm_parameters(ctx: &Ctx, batch: &mut Batch) {
    let ssm = ctx.ssm();
    let Some(params) = list_all!(
        batch,
        ctx,
        "ssm",
        "ssm:DescribeParameters",
        &["aws.ssm.parameter"],
        ssm.describe_parameters(),
        parameters
    ) else {
        return;
    };
    // Deep scans read the values of plain-text parameters (never SecureString ones), ten at a time.
    let mut scanned: BTreeMap<String, Result<Vec<SecretHit>, String>> = BTreeMap::new();
    if ctx.deep {
        let plain: Vec<String> = params
            .iter()
            .filter(|p| is_plain(p.r#type().map(|t| t.as_str())))
            .filter_map(|p| p.name().map(str::to_string))
            .collect();
        let chunks: Vec<Vec<String>> = plain.chunks(10).map(<[String]>::to_vec).collect();
        let results = per_resource(chunks, |names| {
            let ssm = ssm.clone();
            async move {
                let mut found = Vec::new();
                match ssm
                    .get_parameters()
                    .set_names(Some(names.clone()))
                    .with_decryption(false)
                    .send()
                    .await
                {
                    Ok(out) => {
                        for p in out.parameters() {
                            if let Some(n) = p.name() {
                                let t = p.r#type().map(|t| t.as_str());
                                found.push((
                                    n.to_string(),
                                    Ok(scan_parameter_value(t, p.value().unwrap_or(""))),
                                ));
                            }
                        }
                        for n in out.invalid_parameters() {
                            found.push((
                                n.clone(),
                                Err("ssm:GetParameters reported the parameter as invalid"
                                    .to_string()),
                            ));
                        }
                    }
                    Err(e) => {
                        let c = cause!("ssm:GetParameters", e);
                        for n in names {
                            found.push((n, Err(c.clone())));
                        }
                    }
                }
                found
            }
        })
        .await;
        scanned.extend(results.into_iter().flatten());
    }
    for p in params {
        let name = p.name().unwrap_or_default().to_string();
        let ptype = p.r#type().map(|t| t.as_str().to_string());
        let mut errors = BTreeMap::new();
        let value_secrets = if !ctx.deep {
            None
        } else if ptype.as_deref() == Some("SecureString") {
            Some(Vec::new())
        } else if is_plain(ptype.as_deref()) {
            match scanned.remove(&name) {
                Some(Ok(hits)) => Some(hits),
                Some(Err(c)) => {
                    errors.insert("value_secrets".to_string(), c);
                    None
                }
                None => {
                    errors.insert(
                        "value_secrets".to_string(),
                        "ssm:GetParameters returned no value for the parameter".to_string(),
                    );
                    None
                }
            }
        } else {
            errors.insert(
                "value_secrets".to_string(),
                "ssm:DescribeParameters reported no known parameter type".to_string(),
            );
            None
        };
        let props = SsmParameter {
            arn: p
                .arn()
                .map(str::to_string)
                .unwrap_or_else(|| parameter_arn(&ctx.region, &ctx.account, &name)),
            parameter_type: ptype.unwrap_or_default(),
            tier: p.tier().map(|t| t.as_str().to_string()),
            key_id: p.key_id().map(str::to_string),
            last_modified: p.last_modified_date().map(ts),
            value_secrets,
        };
        let mut r = Resource::new(props.arn.clone(), &ctx.account, &ctx.region, name, props);
        r.errors = errors;
        batch.resources.push(r);
    }
}

/// `String` and `StringList` parameters hold plain text.
fn is_plain(parameter_type: Option<&str>) -> bool {
    matches!(parameter_type, Some("String" | "StringList"))
}

/// Secrets in a parameter value; the items of a `StringList` are scanned one per line.
fn scan_parameter_value(parameter_type: Option<&str>, value: &str) -> Vec<SecretHit> {
    if parameter_type == Some("StringList") {
        scan_text(&value.replace(',', "\n"))
    } else {
        scan_text(value)
    }
}

/// `arn:aws:ssm:<region>:<account>:parameter/<name>`; a leading `/` of the name is not doubled.
fn parameter_arn(region: &str, account: &str, name: &str) -> String {
    format!(
        "arn:aws:ssm:{region}:{account}:parameter/{}",
        name.strip_prefix('/').unwrap_or(name)
    )
}

async fn ssm_managed_instances(ctx: &Ctx, batch: &mut Batch) {
    let ssm = ctx.ssm();
    let Some(list) = list_all!(
        batch,
        ctx,
        "ssm",
        "ssm:DescribeInstanceInformation",
        &["aws.ssm.managed_instance"],
        ssm.describe_instance_information(),
        instance_information_list
    ) else {
        return;
    };
    if list.is_empty() {
        return;
    }
    let compliance = patch_compliance(&ssm).await;
    for i in list {
        let id = i.instance_id().unwrap_or_default().to_string();
        let mut errors = BTreeMap::new();
        let patch = match &compliance {
            Ok(map) => map.get(&id).cloned(),
            Err(c) => {
                errors.insert("patch_compliance".to_string(), c.clone());
                None
            }
        };
        let props = SsmManagedInstance {
            instance_id: id.clone(),
            ping_status: i.ping_status().map(|s| s.as_str().to_string()),
            agent_version: i.agent_version().map(str::to_string),
            platform: i.platform_type().map(|p| p.as_str().to_string()),
            patch_compliance: patch,
        };
        let uid = managed_instance_arn(&ctx.region, &ctx.account, &id);
        let mut r = Resource::new(uid, &ctx.account, &ctx.region, id, props);
        r.errors = errors;
        batch.resources.push(r);
    }
}

/// Patch compliance status (`COMPLIANT` / `NON_COMPLIANT`) of every managed instance scanned.
async fn patch_compliance(ssm: &aws_sdk_ssm::Client) -> Result<BTreeMap<String, String>, String> {
    use aws_sdk_ssm::types::{ComplianceQueryOperatorType, ComplianceStringFilter};
    let filter = |key: &str, value: &str| {
        ComplianceStringFilter::builder()
            .key(key)
            .values(value)
            .r#type(ComplianceQueryOperatorType::Equal)
            .build()
    };
    let mut map = BTreeMap::new();
    let mut pages = ssm
        .list_resource_compliance_summaries()
        .filters(filter("ComplianceType", "Patch"))
        .filters(filter("ResourceType", "ManagedInstance"))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let p = page.map_err(|e| cause!("ssm:ListResourceComplianceSummaries", e))?;
        for item in p.resource_compliance_summary_items() {
            if let (Some(id), Some(s)) = (item.resource_id(), item.status()) {
                map.insert(id.to_string(), s.as_str().to_string());
            }
        }
    }
    Ok(map)
}

/// EC2 instances (`i-...`) by their EC2 ARN, on-premises managed nodes (`mi-...`) by their SSM
/// ARN.
fn managed_instance_arn(region: &str, account: &str, id: &str) -> String {
    if id.starts_with("i-") {
        format!("arn:aws:ec2:{region}:{account}:instance/{id}")
    } else {
        format!("arn:aws:ssm:{region}:{account}:managed-instance/{id}")
    }
}

// ---------------------------------------------------------------- ACM

pub(crate) async fn acm(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let acm = ctx.acm();
    let Some(certs) = list_all!(
        batch,
        ctx,
        "acm",
        "acm:ListCertificates",
        &["aws.acm.certificate"],
        acm.list_certificates().includes(all_key_types()),
        certificate_summary_list
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(certs, |s| {
        let acm = acm.clone();
        async move {
            let arn = s.certificate_arn().unwrap_or_default().to_string();
            let mut props = AcmCertificate {
                arn: arn.clone(),
                domain_name: s.domain_name().map(str::to_string),
                status: s.status().map(|x| x.as_str().to_string()),
                cert_type: s.r#type().map(|x| x.as_str().to_string()),
                key_algorithm: s.key_algorithm().map(|x| x.as_str().to_string()),
                not_after: s.not_after().map(ts),
                in_use: s.in_use().unwrap_or(false),
            };
            let mut errors = BTreeMap::new();
            match acm
                .describe_certificate()
                .certificate_arn(&arn)
                .send()
                .await
            {
                Ok(out) => match out.certificate() {
                    Some(d) => {
                        if let Some(x) = d.domain_name() {
                            props.domain_name = Some(x.to_string());
                        }
                        if let Some(x) = d.status() {
                            props.status = Some(x.as_str().to_string());
                        }
                        if let Some(x) = d.r#type() {
                            props.cert_type = Some(x.as_str().to_string());
                        }
                        if let Some(x) = d.key_algorithm() {
                            props.key_algorithm = Some(x.as_str().to_string());
                        }
                        if let Some(x) = d.not_after() {
                            props.not_after = Some(ts(x));
                        }
                        props.in_use = !d.in_use_by().is_empty();
                    }
                    None => {
                        let c = "acm:DescribeCertificate returned no certificate".to_string();
                        for (f, missing) in [
                            ("not_after", props.not_after.is_none()),
                            ("key_algorithm", props.key_algorithm.is_none()),
                            ("status", props.status.is_none()),
                        ] {
                            if missing {
                                errors.insert(f.to_string(), c.clone());
                            }
                        }
                        if s.in_use().is_none() {
                            errors.insert("in_use".to_string(), c);
                        }
                    }
                },
                Err(e) => {
                    let c = cause!("acm:DescribeCertificate", e);
                    for (f, missing) in [
                        ("not_after", props.not_after.is_none()),
                        ("key_algorithm", props.key_algorithm.is_none()),
                        ("status", props.status.is_none()),
                    ] {
                        if missing {
                            errors.insert(f.to_string(), c.clone());
                        }
                    }
                    // The listing's own in-use flag stands when it was given.
                    if s.in_use().is_none() {
                        errors.insert("in_use".to_string(), c);
                    }
                }
            }
            let name = props.domain_name.clone().unwrap_or_else(|| arn.clone());
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

/// ListCertificates returns only RSA_2048 certificates unless told which key types to include.
fn all_key_types() -> aws_sdk_acm::types::Filters {
    use aws_sdk_acm::types::KeyAlgorithm;
    aws_sdk_acm::types::Filters::builder()
        .set_key_types(Some(
            KeyAlgorithm::values()
                .iter()
                .map(|v| KeyAlgorithm::from(*v))
                .collect(),
        ))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_pairs_are_sorted_by_name() {
        let mut m = HashMap::new();
        m.insert("ZED".to_string(), "1".to_string());
        m.insert("ALPHA".to_string(), "2".to_string());
        assert_eq!(env_pairs(Some(&m)), vec![("ALPHA", "2"), ("ZED", "1")]);
        assert!(env_pairs(None).is_empty());
    }

    #[test]
    fn function_url_maps_auth_and_cors() {
        use aws_sdk_lambda::types::{Cors, FunctionUrlAuthType, FunctionUrlConfig};
        let c = FunctionUrlConfig::builder()
            .function_url("https://abc.lambda-url.us-east-1.on.aws/")
            .function_arn("arn:aws:lambda:us-east-1:123456789012:function:f")
            .creation_time("2024-01-01T00:00:00Z")
            .last_modified_time("2024-01-01T00:00:00Z")
            .auth_type(FunctionUrlAuthType::from("NONE"))
            .cors(Cors::builder().allow_origins("*").build())
            .build()
            .expect("all required fields set");
        let u = function_url(&c);
        assert_eq!(u.auth_type, "NONE");
        assert_eq!(u.url, "https://abc.lambda-url.us-east-1.on.aws/");
        assert_eq!(u.cors_allow_origins, vec!["*".to_string()]);
    }

    #[test]
    fn task_definition_id_from_arn() {
        assert_eq!(
            task_definition_id("arn:aws:ecs:us-east-1:123456789012:task-definition/web:12"),
            Some(("web".to_string(), 12))
        );
        assert_eq!(task_definition_id("nonsense"), None);
        assert_eq!(
            task_definition_id("arn:aws:ecs:us-east-1:1:task-definition/web"),
            None
        );
    }

    #[test]
    fn ecs_container_defaults_and_environment() {
        use aws_sdk_ecs::types::{ContainerDefinition, KeyValuePair, LogConfiguration, LogDriver};
        let c = ContainerDefinition::builder()
            .name("app")
            .image("nginx:latest")
            .environment(KeyValuePair::builder().name("Z_MODE").value("prod").build())
            .environment(
                KeyValuePair::builder()
                    .name("AWS_ACCESS_KEY_ID")
                    .value("AKIAABCDEFGHIJKLMNOP")
                    .build(),
            )
            .build();
        let shallow = ecs_container(&c, false);
        assert_eq!(shallow.name, "app");
        assert!(!shallow.privileged);
        assert!(!shallow.readonly_root_filesystem);
        assert!(!shallow.logging_configured);
        assert_eq!(shallow.user, None);
        assert_eq!(
            shallow.environment_variable_names,
            vec!["AWS_ACCESS_KEY_ID".to_string(), "Z_MODE".to_string()]
        );
        assert_eq!(shallow.environment_secrets, None);
        let deep = ecs_container(&c, true);
        let hits = deep
            .environment_secrets
            .expect("deep scans the environment");
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| !h.redacted.contains("EFGHIJ")));

        let logged = ContainerDefinition::builder()
            .name("x")
            .privileged(true)
            .readonly_root_filesystem(true)
            .user("1000")
            .log_configuration(
                LogConfiguration::builder()
                    .log_driver(LogDriver::Awslogs)
                    .build()
                    .expect("log driver set"),
            )
            .build();
        let x = ecs_container(&logged, false);
        assert!(x.privileged && x.readonly_root_filesystem && x.logging_configured);
        assert_eq!(x.user.as_deref(), Some("1000"));
    }

    #[test]
    fn ecs_cluster_name_and_insights() {
        use aws_sdk_ecs::types::{ClusterSetting, ClusterSettingName};
        assert_eq!(
            ecs_cluster_name("arn:aws:ecs:us-east-1:123456789012:cluster/prod"),
            "prod"
        );
        assert_eq!(ecs_cluster_name("plain"), "plain");
        assert_eq!(container_insights(&[]), "disabled");
        let s = ClusterSetting::builder()
            .name(ClusterSettingName::ContainerInsights)
            .value("enhanced")
            .build();
        assert_eq!(container_insights(&[s]), "enhanced");
    }

    #[test]
    fn eks_logging_and_encryption() {
        use aws_sdk_eks::types::{EncryptionConfig, LogSetup, LogType, Logging, Provider};
        let logging = Logging::builder()
            .cluster_logging(
                LogSetup::builder()
                    .types(LogType::Audit)
                    .types(LogType::Api)
                    .enabled(true)
                    .build(),
            )
            .cluster_logging(
                LogSetup::builder()
                    .types(LogType::Scheduler)
                    .enabled(false)
                    .build(),
            )
            .build();
        assert_eq!(
            enabled_log_types(Some(&logging)),
            vec!["api".to_string(), "audit".to_string()]
        );
        assert!(enabled_log_types(None).is_empty());

        let with_key = EncryptionConfig::builder()
            .provider(
                Provider::builder()
                    .key_arn("arn:aws:kms:us-east-1:123456789012:key/k")
                    .build(),
            )
            .build();
        assert!(secrets_encrypted(&[with_key]));
        let no_key = EncryptionConfig::builder().build();
        assert!(!secrets_encrypted(&[no_key]));
        assert!(!secrets_encrypted(&[]));
    }

    #[test]
    fn parameter_helpers() {
        assert_eq!(
            parameter_arn("us-east-1", "123456789012", "/app/db"),
            "arn:aws:ssm:us-east-1:123456789012:parameter/app/db"
        );
        assert_eq!(
            parameter_arn("us-east-1", "123456789012", "plain"),
            "arn:aws:ssm:us-east-1:123456789012:parameter/plain"
        );
        assert!(is_plain(Some("String")) && is_plain(Some("StringList")));
        assert!(!is_plain(Some("SecureString")) && !is_plain(None));
        let hits = scan_parameter_value(
            Some("StringList"),
            "a,AKIAABCDEFGHIJKLMNOP,password=hunter2hunter2",
        );
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(hits[0].line, 2);
        assert!(scan_parameter_value(Some("String"), "hello").is_empty());
    }

    #[test]
    fn managed_instance_uids() {
        assert_eq!(
            managed_instance_arn("eu-west-1", "1", "i-0abc"),
            "arn:aws:ec2:eu-west-1:1:instance/i-0abc"
        );
        assert_eq!(
            managed_instance_arn("eu-west-1", "1", "mi-0abc"),
            "arn:aws:ssm:eu-west-1:1:managed-instance/mi-0abc"
        );
    }

    #[test]
    fn acm_includes_every_key_type() {
        let f = all_key_types();
        let names: Vec<&str> = f.key_types().iter().map(|k| k.as_str()).collect();
        assert!(names.contains(&"RSA_1024"), "{names:?}");
        assert!(names.contains(&"EC_prime256v1"), "{names:?}");
        assert!(names.contains(&"RSA_2048"), "{names:?}");
    }
}
