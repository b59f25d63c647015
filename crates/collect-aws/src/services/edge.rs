//! The edge of an account: Elastic Load Balancing (application/network/gateway and classic load
//! balancers), CloudFront distributions, API Gateway REST, HTTP and WebSocket APIs, and WAFv2
//! web ACLs.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{
    ApiGatewayRestApi, ApiGatewayV2Api, ApiStage, CloudFrontDistribution, CloudFrontOrigin,
    ElbLoadBalancer, Elbv2LoadBalancer, LbListener, Wafv2WebAcl,
};
use ais_model::policy::PolicyDocument;
use aws_sdk_wafv2::types::Scope;

use super::{cause, list_all, list_failed, per_resource};
use crate::ctx::code_of;
use crate::{Batch, Ctx};

/// Most pages read from one token-paginated listing.
const MAX_PAGES: usize = 100;

/// Most `GetMethod` calls made for one REST API whose embedded methods lack an authorization type.
const MAX_METHOD_LOOKUPS: usize = 200;

/// Every item of a listing paginated by a token the caller passes back (`$set`) from the
/// previous answer (`$next`), at most [`MAX_PAGES`] pages. `Ok(items)` or the first error.
macro_rules! token_pages {
    ($req:expr, $items:ident, $next:ident, $set:ident) => {{
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        let mut result = Ok(());
        for _ in 0..MAX_PAGES {
            match $req.$set(token.take()).send().await {
                Ok(out) => {
                    all.extend(out.$items().iter().cloned());
                    token = out.$next().filter(|t| !t.is_empty()).map(str::to_string);
                    if token.is_none() || out.$items().is_empty() {
                        break;
                    }
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        result.map(|()| all)
    }};
}

// ---------------------------------------------------------------- Elastic Load Balancing

pub(crate) async fn elbv2(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let elbv2 = ctx.elbv2();
    let Some(lbs) = list_all!(
        batch,
        ctx,
        "elbv2",
        "elasticloadbalancing:DescribeLoadBalancers",
        &["aws.elbv2.load_balancer"],
        elbv2.describe_load_balancers(),
        load_balancers
    ) else {
        return batch;
    };
    let waf = ctx.wafv2();
    let rs: Vec<Resource> = per_resource(lbs, |lb| {
        let elbv2 = elbv2.clone();
        let waf = waf.clone();
        async move {
            let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
            let name = lb
                .load_balancer_name()
                .map(str::to_string)
                .unwrap_or_else(|| arn.clone());
            let mut props = Elbv2LoadBalancer {
                arn: arn.clone(),
                lb_type: lb
                    .r#type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                scheme: lb
                    .scheme()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                dns_name: lb.dns_name().map(str::to_string),
                vpc_id: lb.vpc_id().map(str::to_string),
                security_groups: lb.security_groups().to_vec(),
                listeners: None,
                attributes: None,
                waf_web_acl: None,
            };
            let mut errors = BTreeMap::new();

            let mut listeners = Vec::new();
            let mut failed = None;
            let mut pages = elbv2
                .describe_listeners()
                .load_balancer_arn(&arn)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                match page {
                    Ok(p) => listeners.extend(p.listeners().iter().map(elbv2_listener)),
                    Err(e) => {
                        failed = Some(cause!("elasticloadbalancing:DescribeListeners", e));
                        break;
                    }
                }
            }
            match failed {
                None => props.listeners = Some(listeners),
                Some(c) => {
                    errors.insert("listeners".to_string(), c);
                }
            }

            match elbv2
                .describe_load_balancer_attributes()
                .load_balancer_arn(&arn)
                .send()
                .await
            {
                Ok(out) => {
                    props.attributes = Some(
                        out.attributes()
                            .iter()
                            .filter_map(|a| Some((a.key()?.to_string(), a.value()?.to_string())))
                            .collect(),
                    );
                }
                Err(e) => {
                    errors.insert(
                        "attributes".to_string(),
                        cause!("elasticloadbalancing:DescribeLoadBalancerAttributes", e),
                    );
                }
            }

            // Only application load balancers can have a WAF web ACL.
            if props.lb_type == "application" {
                match waf
                    .get_web_acl_for_resource()
                    .resource_arn(&arn)
                    .send()
                    .await
                {
                    Ok(out) => {
                        props.waf_web_acl = Some(
                            out.web_acl()
                                .map(|a| a.arn().to_string())
                                .unwrap_or_default(),
                        )
                    }
                    Err(e) if code_of(&e).as_deref() == Some("WAFNonexistentItemException") => {
                        props.waf_web_acl = Some(String::new())
                    }
                    Err(e) => {
                        errors.insert(
                            "waf_web_acl".to_string(),
                            cause!("wafv2:GetWebACLForResource", e),
                        );
                    }
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

fn elbv2_listener(l: &aws_sdk_elasticloadbalancingv2::types::Listener) -> LbListener {
    let protocol = l
        .protocol()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let actions: Vec<(&str, Option<&str>)> = l
        .default_actions()
        .iter()
        .map(|a| {
            (
                a.r#type().map(|t| t.as_str()).unwrap_or_default(),
                a.redirect_config().and_then(|r| r.protocol()),
            )
        })
        .collect();
    LbListener {
        port: l.port().map(i64::from).unwrap_or_default(),
        redirects_to_https: redirects_to_https(&protocol, &actions),
        protocol,
        ssl_policy: l.ssl_policy().map(str::to_string),
    }
}

/// An HTTP listener whose every default action (given as `(type, redirect protocol)`) is a
/// redirect to HTTPS.
fn redirects_to_https(protocol: &str, actions: &[(&str, Option<&str>)]) -> bool {
    protocol.eq_ignore_ascii_case("HTTP")
        && !actions.is_empty()
        && actions.iter().all(|(kind, to)| {
            kind.eq_ignore_ascii_case("redirect")
                && to.is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))
        })
}

pub(crate) async fn elb(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let elb = ctx.elb();
    let Some(lbs) = list_all!(
        batch,
        ctx,
        "elb",
        "elasticloadbalancing:DescribeLoadBalancers",
        &["aws.elb.load_balancer"],
        elb.describe_load_balancers(),
        load_balancer_descriptions
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(lbs, |lb| {
        let elb = elb.clone();
        async move {
            let name = lb.load_balancer_name().unwrap_or_default().to_string();
            let arn = format!(
                "arn:aws:elasticloadbalancing:{}:{}:loadbalancer/{name}",
                ctx.region, ctx.account
            );
            let listeners = lb
                .listener_descriptions()
                .iter()
                .filter_map(|d| {
                    let l = d.listener()?;
                    Some(LbListener {
                        port: i64::from(l.load_balancer_port()),
                        protocol: l.protocol().to_string(),
                        ssl_policy: classic_ssl_policy(l.protocol(), d.policy_names()),
                        redirects_to_https: false,
                    })
                })
                .collect();
            let mut props = ElbLoadBalancer {
                arn: arn.clone(),
                scheme: lb.scheme().unwrap_or_default().to_string(),
                dns_name: lb.dns_name().map(str::to_string),
                listeners,
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            match elb
                .describe_load_balancer_attributes()
                .load_balancer_name(&name)
                .send()
                .await
            {
                Ok(out) => {
                    let attrs = out.load_balancer_attributes();
                    props.access_logs_enabled = Some(
                        attrs
                            .and_then(|a| a.access_log())
                            .is_some_and(|l| l.enabled()),
                    );
                    props.cross_zone_enabled = Some(
                        attrs
                            .and_then(|a| a.cross_zone_load_balancing())
                            .is_some_and(|c| c.enabled()),
                    );
                    props.connection_draining_enabled = Some(
                        attrs
                            .and_then(|a| a.connection_draining())
                            .is_some_and(|c| c.enabled()),
                    );
                    props.desync_mitigation_mode = Some(desync_mitigation_mode(
                        attrs
                            .map(|a| a.additional_attributes())
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|a| Some((a.key()?, a.value()?))),
                    ));
                }
                Err(e) => {
                    let c = cause!("elasticloadbalancing:DescribeLoadBalancerAttributes", e);
                    for f in [
                        "access_logs_enabled",
                        "cross_zone_enabled",
                        "connection_draining_enabled",
                        "desync_mitigation_mode",
                    ] {
                        errors.insert(f.to_string(), c.clone());
                    }
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

/// The negotiation policy of a classic HTTPS/SSL listener: its first policy name.
fn classic_ssl_policy(protocol: &str, policy_names: &[String]) -> Option<String> {
    let secure = protocol.eq_ignore_ascii_case("HTTPS") || protocol.eq_ignore_ascii_case("SSL");
    if secure {
        policy_names.first().cloned()
    } else {
        None
    }
}

/// `elb.http.desyncmitigationmode` from a classic load balancer's additional attributes;
/// `defensive` (the AWS default) when absent.
fn desync_mitigation_mode<'a>(attrs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    attrs
        .into_iter()
        .find(|(k, _)| *k == "elb.http.desyncmitigationmode")
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "defensive".to_string())
}

// ---------------------------------------------------------------- CloudFront

pub(crate) async fn cloudfront(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let cf = ctx.cloudfront();
    let mut dists = Vec::new();
    let mut pages = cf.list_distributions().into_paginator().send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => {
                if let Some(list) = p.distribution_list() {
                    dists.extend(list.items().iter().cloned());
                }
            }
            Err(e) => {
                list_failed!(
                    batch,
                    ctx,
                    "cloudfront",
                    "cloudfront:ListDistributions",
                    &["aws.cloudfront.distribution"],
                    e
                );
                return batch;
            }
        }
    }
    let rs: Vec<Resource> = per_resource(dists, |d| {
        let cf = cf.clone();
        async move {
            let id = d.id().to_string();
            let arn = d.arn().to_string();
            let vc = d.viewer_certificate();
            let default_certificate = match vc {
                Some(v) => v.cloud_front_default_certificate().unwrap_or(false),
                None => true,
            };
            let minimum_protocol_version = if default_certificate {
                None
            } else {
                vc.and_then(|v| v.minimum_protocol_version())
                    .map(|m| m.as_str().to_string())
            };
            let mut policies: Vec<String> = d
                .default_cache_behavior()
                .map(|b| b.viewer_protocol_policy().as_str().to_string())
                .into_iter()
                .collect();
            if let Some(cb) = d.cache_behaviors() {
                policies.extend(
                    cb.items()
                        .iter()
                        .map(|b| b.viewer_protocol_policy().as_str().to_string()),
                );
            }
            let origins = d
                .origins()
                .map(|o| o.items())
                .unwrap_or_default()
                .iter()
                .map(cloudfront_origin)
                .collect();
            let mut props = CloudFrontDistribution {
                arn: arn.clone(),
                domain_name: Some(d.domain_name().to_string()),
                enabled: d.enabled(),
                viewer_protocol_policies: Some(policies),
                minimum_protocol_version,
                default_certificate: Some(default_certificate),
                logging_enabled: None,
                web_acl_id: Some(d.web_acl_id().to_string()),
                origins: Some(origins),
                field_level_encryption: None,
            };
            let mut errors = BTreeMap::new();
            match cf.get_distribution_config().id(&id).send().await {
                Ok(out) => match out.distribution_config() {
                    Some(c) => {
                        props.logging_enabled = Some(c.logging().is_some_and(|l| l.enabled()));
                        props.field_level_encryption = Some(
                            c.default_cache_behavior()
                                .and_then(|b| b.field_level_encryption_id())
                                .is_some_and(|f| !f.is_empty()),
                        );
                    }
                    None => {
                        let c = "cloudfront:GetDistributionConfig returned no configuration"
                            .to_string();
                        errors.insert("logging_enabled".to_string(), c.clone());
                        errors.insert("field_level_encryption".to_string(), c);
                    }
                },
                Err(e) => {
                    let c = cause!("cloudfront:GetDistributionConfig", e);
                    errors.insert("logging_enabled".to_string(), c.clone());
                    errors.insert("field_level_encryption".to_string(), c);
                }
            }
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, id, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

fn cloudfront_origin(o: &aws_sdk_cloudfront::types::Origin) -> CloudFrontOrigin {
    let s3 = o.s3_origin_config();
    let kind = origin_type(o.domain_name(), s3.is_some());
    let custom = o.custom_origin_config();
    CloudFrontOrigin {
        id: o.id().to_string(),
        domain_name: o.domain_name().to_string(),
        origin_type: kind.to_string(),
        s3_access_restricted: kind == "s3"
            && s3_access_restricted(
                s3.map(|c| c.origin_access_identity()).unwrap_or_default(),
                o.origin_access_control_id(),
            ),
        protocol_policy: custom.map(|c| c.origin_protocol_policy().as_str().to_string()),
        ssl_protocols: custom
            .and_then(|c| c.origin_ssl_protocols())
            .map(|p| p.items().iter().map(|s| s.as_str().to_string()).collect())
            .unwrap_or_default(),
    }
}

/// `s3` for an S3 REST endpoint origin (an S3 domain configured with `S3OriginConfig`),
/// `custom` otherwise (including S3 website endpoints, which are custom origins).
fn origin_type(domain: &str, has_s3_origin_config: bool) -> &'static str {
    let d = domain.to_ascii_lowercase();
    let s3_domain = d.contains(".s3.") || d.contains(".s3-") || d.ends_with(".s3.amazonaws.com");
    if has_s3_origin_config && s3_domain {
        "s3"
    } else {
        "custom"
    }
}

/// An S3 origin read through an origin access identity or an origin access control.
fn s3_access_restricted(oai: &str, oac_id: Option<&str>) -> bool {
    !oai.trim().is_empty() || oac_id.is_some_and(|id| !id.trim().is_empty())
}

// ---------------------------------------------------------------- API Gateway

pub(crate) async fn apigateway(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let apigw = ctx.apigateway();
    let Some(apis) = list_all!(
        batch,
        ctx,
        "apigateway",
        "apigateway:GetRestApis",
        &["aws.apigateway.rest_api"],
        apigw.get_rest_apis(),
        items
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(apis, |api| {
        let apigw = apigw.clone();
        async move { rest_api(ctx, &apigw, api).await }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

async fn rest_api(
    ctx: &Ctx,
    apigw: &aws_sdk_apigateway::Client,
    api: aws_sdk_apigateway::types::RestApi,
) -> Resource {
    let id = api.id().unwrap_or_default().to_string();
    let name = api.name().map(str::to_string).unwrap_or_else(|| id.clone());
    let arn = format!("arn:aws:apigateway:{}::/restapis/{id}", ctx.region);
    let mut props = ApiGatewayRestApi {
        arn: arn.clone(),
        endpoint_types: api
            .endpoint_configuration()
            .map(|c| c.types().iter().map(|t| t.as_str().to_string()).collect())
            .unwrap_or_default(),
        ..Default::default()
    };
    let mut errors = BTreeMap::new();

    match api.policy().filter(|p| !p.trim().is_empty()) {
        Some(p) => match PolicyDocument::parse(&decode_api_policy(p), &ctx.account) {
            Ok(d) => props.policy = Some(d),
            Err(e) => {
                errors.insert("policy".to_string(), e);
            }
        },
        None => props.policy = Some(PolicyDocument::none()),
    }

    match apigw.get_stages().rest_api_id(&id).send().await {
        Ok(out) => props.stages = Some(out.item().iter().map(rest_stage).collect()),
        Err(e) => {
            errors.insert("stages".to_string(), cause!("apigateway:GetStages", e));
        }
    }

    match token_pages!(
        apigw.get_authorizers().rest_api_id(&id),
        items,
        position,
        set_position
    ) {
        Ok(list) => props.authorizer_count = Some(list.len() as i64),
        Err(e) => {
            errors.insert(
                "authorizer_count".to_string(),
                cause!("apigateway:GetAuthorizers", e),
            );
        }
    }

    match unauthenticated_methods(apigw, &id).await {
        Ok(list) => props.unauthenticated_methods = Some(list),
        Err(c) => {
            errors.insert("unauthenticated_methods".to_string(), c);
        }
    }

    let tags = api
        .tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props).with_tags(tags);
    r.errors = errors;
    r
}

fn rest_stage(s: &aws_sdk_apigateway::types::Stage) -> ApiStage {
    let all = s.method_settings().and_then(|m| m.get("*/*"));
    ApiStage {
        name: s.stage_name().unwrap_or_default().to_string(),
        // No `*/*` setting: execution logging is off (the default).
        logging_level: Some(
            all.and_then(|m| m.logging_level())
                .filter(|l| !l.is_empty())
                .unwrap_or("OFF")
                .to_string(),
        ),
        access_logging: s
            .access_log_settings()
            .and_then(|a| a.destination_arn())
            .is_some_and(|d| !d.is_empty()),
        tracing_enabled: s.tracing_enabled(),
        client_certificate_id: s
            .client_certificate_id()
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        web_acl_arn: s
            .web_acl_arn()
            .filter(|w| !w.is_empty())
            .map(str::to_string),
        cache_encrypted: s
            .cache_cluster_enabled()
            .then(|| all.is_some_and(|m| m.cache_data_encrypted())),
    }
}

/// `METHOD /path` of every method of a REST API that needs neither authorization nor an API key.
async fn unauthenticated_methods(
    apigw: &aws_sdk_apigateway::Client,
    api_id: &str,
) -> Result<Vec<String>, String> {
    let mut resources = Vec::new();
    let mut pages = apigw
        .get_resources()
        .rest_api_id(api_id)
        .embed("methods")
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => resources.extend(p.items().iter().cloned()),
            Err(e) => return Err(cause!("apigateway:GetResources", e)),
        }
    }
    let mut open = Vec::new();
    let mut lookups = 0usize;
    for res in &resources {
        let path = res.path().unwrap_or("/");
        let Some(methods) = res.resource_methods() else {
            continue;
        };
        for (verb, m) in methods {
            let (auth, key_required) = match m.authorization_type() {
                Some(t) => (t.to_string(), m.api_key_required().unwrap_or(false)),
                None => {
                    if lookups >= MAX_METHOD_LOOKUPS {
                        return Err(format!(
                            "more than {MAX_METHOD_LOOKUPS} methods came without an authorization type; not all were checked"
                        ));
                    }
                    lookups += 1;
                    let out = apigw
                        .get_method()
                        .rest_api_id(api_id)
                        .resource_id(res.id().unwrap_or_default())
                        .http_method(verb)
                        .send()
                        .await
                        .map_err(|e| cause!("apigateway:GetMethod", e))?;
                    let Some(t) = out.authorization_type() else {
                        return Err(format!(
                            "apigateway:GetMethod returned no authorization type for {}",
                            method_label(verb, path)
                        ));
                    };
                    (t.to_string(), out.api_key_required().unwrap_or(false))
                }
            };
            if is_unauthenticated(&auth, key_required) {
                open.push(method_label(verb, path));
            }
        }
    }
    open.sort();
    Ok(open)
}

/// A method with authorization type `NONE` and no API key requirement.
fn is_unauthenticated(authorization_type: &str, api_key_required: bool) -> bool {
    authorization_type.eq_ignore_ascii_case("NONE") && !api_key_required
}

/// `GET /path`.
fn method_label(http_method: &str, path: &str) -> String {
    let path = if path.is_empty() { "/" } else { path };
    format!("{} {path}", http_method.to_ascii_uppercase())
}

/// API Gateway returns a REST API's resource policy with its quotes escaped (`{\"Version\":...`);
/// undo the JSON string escaping so the policy parses.
fn decode_api_policy(text: &str) -> String {
    if !text.contains("\\\"") {
        return text.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{text}\""))
        .unwrap_or_else(|_| text.replace("\\\"", "\"").replace("\\/", "/"))
}

pub(crate) async fn apigatewayv2(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let apigw = ctx.apigatewayv2();
    let apis = match token_pages!(apigw.get_apis(), items, next_token, set_next_token) {
        Ok(apis) => apis,
        Err(e) => {
            list_failed!(
                batch,
                ctx,
                "apigatewayv2",
                "apigateway:GetApis",
                &["aws.apigatewayv2.api"],
                e
            );
            return batch;
        }
    };
    let rs: Vec<Resource> = per_resource(apis, |api| {
        let apigw = apigw.clone();
        async move {
            let id = api.api_id().unwrap_or_default().to_string();
            let name = api.name().map(str::to_string).unwrap_or_else(|| id.clone());
            let arn = format!("arn:aws:apigateway:{}::/apis/{id}", ctx.region);
            let protocol_type = api
                .protocol_type()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            let websocket = protocol_type.eq_ignore_ascii_case("WEBSOCKET");
            let mut props = ApiGatewayV2Api {
                arn: arn.clone(),
                protocol_type,
                endpoint: api.api_endpoint().map(str::to_string),
                ..Default::default()
            };
            let mut errors = BTreeMap::new();

            match token_pages!(
                apigw.get_stages().api_id(&id),
                items,
                next_token,
                set_next_token
            ) {
                Ok(stages) => {
                    props.stages = Some(stages.iter().map(|s| v2_stage(s, websocket)).collect())
                }
                Err(e) => {
                    errors.insert("stages".to_string(), cause!("apigateway:GetStages", e));
                }
            }

            match token_pages!(
                apigw.get_routes().api_id(&id),
                items,
                next_token,
                set_next_token
            ) {
                Ok(routes) => {
                    let mut open: Vec<String> = routes
                        .iter()
                        .filter(|r| {
                            route_unauthenticated(r.authorization_type().map(|t| t.as_str()))
                        })
                        .filter_map(|r| r.route_key().map(str::to_string))
                        .collect();
                    open.sort();
                    props.unauthenticated_routes = Some(open);
                }
                Err(e) => {
                    errors.insert(
                        "unauthenticated_routes".to_string(),
                        cause!("apigateway:GetRoutes", e),
                    );
                }
            }

            let tags = api
                .tags()
                .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props).with_tags(tags);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

fn v2_stage(s: &aws_sdk_apigatewayv2::types::Stage, websocket: bool) -> ApiStage {
    ApiStage {
        name: s.stage_name().unwrap_or_default().to_string(),
        // Execution logging exists for WebSocket APIs only; unset means off.
        logging_level: websocket.then(|| {
            s.default_route_settings()
                .and_then(|r| r.logging_level())
                .map(|l| l.as_str().to_string())
                .unwrap_or_else(|| "OFF".to_string())
        }),
        access_logging: s
            .access_log_settings()
            .and_then(|a| a.destination_arn())
            .is_some_and(|d| !d.is_empty()),
        tracing_enabled: false,
        client_certificate_id: s
            .client_certificate_id()
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        web_acl_arn: None,
        cache_encrypted: None,
    }
}

/// A route with authorization type `NONE`, or none set (which means `NONE`).
fn route_unauthenticated(authorization_type: Option<&str>) -> bool {
    authorization_type.is_none_or(|t| t.is_empty() || t.eq_ignore_ascii_case("NONE"))
}

// ---------------------------------------------------------------- WAFv2

pub(crate) async fn wafv2(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let waf = ctx.wafv2();
    let mut scopes = vec![Scope::Regional];
    // CloudFront web ACLs live in us-east-1.
    if ctx.region == "us-east-1" {
        scopes.push(Scope::Cloudfront);
    }
    let mut acls = Vec::new();
    for scope in scopes {
        match token_pages!(
            waf.list_web_acls().scope(scope.clone()),
            web_acls,
            next_marker,
            set_next_marker
        ) {
            Ok(list) => acls.extend(list.into_iter().map(|a| (a, scope.clone()))),
            Err(e) => list_failed!(
                batch,
                ctx,
                "wafv2",
                "wafv2:ListWebACLs",
                &["aws.wafv2.web_acl"],
                e
            ),
        }
    }
    let rs: Vec<Resource> = per_resource(acls, |(summary, scope)| {
        let waf = waf.clone();
        async move {
            let name = summary.name().unwrap_or_default().to_string();
            let id = summary.id().unwrap_or_default().to_string();
            let arn = summary.arn().unwrap_or_default().to_string();
            let mut props = Wafv2WebAcl {
                arn: arn.clone(),
                scope: scope.as_str().to_string(),
                ..Default::default()
            };
            let mut errors = BTreeMap::new();

            match waf
                .get_web_acl()
                .name(&name)
                .scope(scope.clone())
                .id(&id)
                .send()
                .await
            {
                Ok(out) => match out.web_acl() {
                    Some(acl) => {
                        props.default_action = acl.default_action().and_then(|a| {
                            default_action_name(a.allow().is_some(), a.block().is_some())
                        });
                        // Rule groups a Firewall Manager policy places before and after the rules.
                        let fms: Vec<&aws_sdk_wafv2::types::FirewallManagerRuleGroup> = acl
                            .pre_process_firewall_manager_rule_groups()
                            .iter()
                            .chain(acl.post_process_firewall_manager_rule_groups())
                            .collect();
                        props.rule_count = Some((acl.rules().len() + fms.len()) as i64);
                        let mut groups: Vec<String> = acl
                            .rules()
                            .iter()
                            .filter_map(|r| r.statement()?.managed_rule_group_statement())
                            .chain(fms.iter().filter_map(|g| {
                                g.firewall_manager_statement()?
                                    .managed_rule_group_statement()
                            }))
                            .map(|m| format!("{}/{}", m.vendor_name(), m.name()))
                            .collect();
                        groups.sort();
                        groups.dedup();
                        props.managed_rule_groups = Some(groups);
                        let metrics = |v: Option<&aws_sdk_wafv2::types::VisibilityConfig>| {
                            v.is_some_and(|v| v.cloud_watch_metrics_enabled())
                        };
                        props.metrics_enabled = Some(
                            metrics(acl.visibility_config())
                                && acl.rules().iter().all(|r| metrics(r.visibility_config()))
                                && fms.iter().all(|g| metrics(g.visibility_config())),
                        );
                    }
                    None => {
                        let c = "wafv2:GetWebACL returned no web ACL".to_string();
                        for f in [
                            "default_action",
                            "rule_count",
                            "managed_rule_groups",
                            "metrics_enabled",
                        ] {
                            errors.insert(f.to_string(), c.clone());
                        }
                    }
                },
                Err(e) => {
                    let c = cause!("wafv2:GetWebACL", e);
                    for f in [
                        "default_action",
                        "rule_count",
                        "managed_rule_groups",
                        "metrics_enabled",
                    ] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }

            match waf
                .get_logging_configuration()
                .resource_arn(&arn)
                .send()
                .await
            {
                Ok(out) => props.logging_enabled = Some(out.logging_configuration().is_some()),
                Err(e) if code_of(&e).as_deref() == Some("WAFNonexistentItemException") => {
                    props.logging_enabled = Some(false)
                }
                Err(e) => {
                    errors.insert(
                        "logging_enabled".to_string(),
                        cause!("wafv2:GetLoggingConfiguration", e),
                    );
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

/// `ALLOW` or `BLOCK` from a web ACL's default action.
fn default_action_name(allow: bool, block: bool) -> Option<String> {
    match (allow, block) {
        (true, _) => Some("ALLOW".to_string()),
        (false, true) => Some("BLOCK".to_string()),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_listener_redirecting_every_action_to_https() {
        assert!(redirects_to_https("HTTP", &[("redirect", Some("HTTPS"))]));
        assert!(redirects_to_https(
            "HTTP",
            &[("redirect", Some("HTTPS")), ("redirect", Some("https"))]
        ));
    }

    #[test]
    fn listener_not_redirecting_to_https() {
        // Forwarding, a redirect that keeps the protocol, a mix, no action, not HTTP.
        assert!(!redirects_to_https("HTTP", &[("forward", None)]));
        assert!(!redirects_to_https(
            "HTTP",
            &[("redirect", Some("#{protocol}"))]
        ));
        assert!(!redirects_to_https(
            "HTTP",
            &[("redirect", Some("HTTPS")), ("forward", None)]
        ));
        assert!(!redirects_to_https("HTTP", &[]));
        assert!(!redirects_to_https("HTTPS", &[("redirect", Some("HTTPS"))]));
        assert!(!redirects_to_https("HTTP", &[("redirect", None)]));
    }

    #[test]
    fn classic_listener_policy() {
        let names = vec!["ELBSecurityPolicy-2016-08".to_string(), "other".to_string()];
        assert_eq!(
            classic_ssl_policy("HTTPS", &names).as_deref(),
            Some("ELBSecurityPolicy-2016-08")
        );
        assert_eq!(
            classic_ssl_policy("SSL", &names).as_deref(),
            Some("ELBSecurityPolicy-2016-08")
        );
        assert_eq!(classic_ssl_policy("HTTP", &names), None);
        assert_eq!(classic_ssl_policy("HTTPS", &[]), None);
    }

    #[test]
    fn desync_mode_defaults_to_defensive() {
        assert_eq!(
            desync_mitigation_mode(Vec::<(&str, &str)>::new()),
            "defensive"
        );
        assert_eq!(
            desync_mitigation_mode([("elb.http.desyncmitigationmode", "monitor")]),
            "monitor"
        );
        assert_eq!(
            desync_mitigation_mode([("something.else", "x")]),
            "defensive"
        );
    }

    #[test]
    fn origin_classification() {
        assert_eq!(origin_type("bucket.s3.amazonaws.com", true), "s3");
        assert_eq!(origin_type("bucket.s3.eu-west-1.amazonaws.com", true), "s3");
        assert_eq!(origin_type("bucket.s3-eu-west-1.amazonaws.com", true), "s3");
        // S3 website endpoints are custom origins; so is anything without S3OriginConfig.
        assert_eq!(
            origin_type("bucket.s3-website-us-east-1.amazonaws.com", false),
            "custom"
        );
        assert_eq!(origin_type("bucket.s3.amazonaws.com", false), "custom");
        assert_eq!(origin_type("api.example.com", true), "custom");
        assert_eq!(origin_type("my-alb-123.elb.amazonaws.com", false), "custom");
    }

    #[test]
    fn s3_origin_restriction() {
        assert!(s3_access_restricted(
            "origin-access-identity/cloudfront/E123",
            None
        ));
        assert!(s3_access_restricted("", Some("E2OAC")));
        assert!(!s3_access_restricted("", None));
        assert!(!s3_access_restricted("", Some("")));
    }

    #[test]
    fn method_formatting_and_auth() {
        assert_eq!(method_label("get", "/pets"), "GET /pets");
        assert_eq!(method_label("ANY", "/"), "ANY /");
        assert_eq!(method_label("POST", ""), "POST /");
        assert!(is_unauthenticated("NONE", false));
        assert!(!is_unauthenticated("NONE", true));
        assert!(!is_unauthenticated("AWS_IAM", false));
        assert!(!is_unauthenticated("COGNITO_USER_POOLS", false));
        assert!(!is_unauthenticated("CUSTOM", false));
    }

    #[test]
    fn v2_route_auth() {
        assert!(route_unauthenticated(None));
        assert!(route_unauthenticated(Some("NONE")));
        assert!(!route_unauthenticated(Some("JWT")));
        assert!(!route_unauthenticated(Some("AWS_IAM")));
        assert!(!route_unauthenticated(Some("CUSTOM")));
    }

    #[test]
    fn escaped_api_policy_parses() {
        let raw = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:123456789012:abc\/*\"}]}"#;
        let decoded = decode_api_policy(raw);
        let doc = PolicyDocument::parse(&decoded, "123456789012").expect("parses");
        assert_eq!(doc.statements.len(), 1);
        assert_eq!(
            doc.statements[0].resources,
            vec!["arn:aws:execute-api:us-east-1:123456789012:abc/*".to_string()]
        );
        assert!(doc.allows_public);
        // Plain JSON is left alone.
        let plain = r#"{"Version":"2012-10-17","Statement":[]}"#;
        assert_eq!(decode_api_policy(plain), plain);
    }

    #[test]
    fn waf_default_action() {
        assert_eq!(default_action_name(true, false).as_deref(), Some("ALLOW"));
        assert_eq!(default_action_name(false, true).as_deref(), Some("BLOCK"));
        assert_eq!(default_action_name(false, false), None);
    }
}
