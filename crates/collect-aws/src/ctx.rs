//! The collection context: SDK configuration, account, region, and client construction.
//! No global clients: every collector receives a `Ctx`.

use std::sync::Arc;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_s3control::config::endpoint::{Endpoint, EndpointFuture, Params, ResolveEndpoint};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_types::SdkConfig;
use aws_types::region::Region;

use crate::guard::Guard;
use crate::{AwsError, AwsOptions};

/// Everything a collector needs to talk to one account in one region.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub sdk: SdkConfig,
    pub account: String,
    pub region: String,
    pub endpoint_url: Option<String>,
    pub deep: bool,
    /// Rate limit and circuit breaker shared by every client of the scan.
    pub guard: Arc<Guard>,
}

/// One guarded client constructor per service: `method => sdk_crate`. The method name is also
/// the service label of the rate limit and the circuit breaker.
macro_rules! clients {
    ($($name:ident => $krate:ident),* $(,)?) => {
        $(
            pub fn $name(&self) -> $krate::Client {
                $krate::Client::from_conf(
                    $krate::config::Builder::from(&self.sdk)
                        .http_client(self.guard.client(&self.account, &self.region, stringify!($name)))
                        .build(),
                )
            }
        )*
    };
}

impl Ctx {
    /// Loads credentials, checks them with STS, and learns the account id.
    pub async fn connect(opts: &AwsOptions) -> Result<Ctx, AwsError> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            // Standard retries (exponential backoff with jitter and a retry quota), 4 attempts
            // with a short first backoff: an endpoint that keeps failing costs about a second
            // per call before its resources turn ERROR, and the circuit breaker then stops
            // calling it. Not `adaptive`: the SDK shares one client-side rate limiter per service
            // and region across the process, and under sustained throttling it falls to 0.5
            // requests per second for every caller; the guard's per-service rate limit does
            // that job without collapsing.
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(4)
                    .with_initial_backoff(Duration::from_millis(200)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(30))
                    .operation_timeout(Duration::from_secs(120))
                    .build(),
            );
        if let Some(p) = &opts.profile {
            loader = loader.profile_name(p);
        }
        if let Some(url) = &opts.endpoint_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(AwsError::Usage(format!(
                    "--endpoint-url must start with http:// or https://, got '{url}'"
                )));
            }
            loader = loader.endpoint_url(url);
        }
        let sdk = loader.load().await;
        let sdk = if sdk.region().is_none() {
            let region = opts
                .regions
                .as_ref()
                .and_then(|r| r.first().cloned())
                .unwrap_or_else(|| "us-east-1".to_string());
            sdk.into_builder().region(Region::new(region)).build()
        } else {
            sdk
        };
        let endpoint_url = opts
            .endpoint_url
            .clone()
            .or_else(|| sdk.endpoint_url().map(str::to_string));
        if sdk.credentials_provider().is_none() {
            return Err(AwsError::Credentials(
                "no credentials found (set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run on an instance with a role)".into(),
            ));
        }
        let sts = aws_sdk_sts::Client::new(&sdk);
        let region = sdk.region().map(|r| r.to_string()).unwrap_or_default();
        let who = sts.get_caller_identity().send().await.map_err(|e| {
            let (code, msg) = error_parts(&e);
            let endpoint = endpoint_url
                .clone()
                .unwrap_or_else(|| format!("sts.{region}.amazonaws.com"));
            match &e {
                // The SDK reports a credential chain that found nothing as a dispatch failure.
                SdkError::DispatchFailure(_) if msg.contains("loading credentials") => {
                    AwsError::Credentials(
                        "no usable credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available)".into(),
                    )
                }
                SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
                    AwsError::Unreachable { endpoint, message: msg }
                }
                _ => AwsError::Credentials(match code {
                    Some(c) => format!("sts:GetCallerIdentity failed: {c}: {msg}"),
                    None => format!("sts:GetCallerIdentity failed: {msg}"),
                }),
            }
        })?;
        let account = who.account().unwrap_or_default().to_string();
        Ok(Ctx {
            sdk,
            account,
            region,
            endpoint_url,
            deep: opts.deep,
            guard: Guard::new(opts.guard),
        })
    }

    /// A context for another account, through `sts:AssumeRole` from this context's credentials.
    /// The role is assumed (and the account confirmed) before this returns; credentials are
    /// refreshed automatically when they expire during a long scan.
    pub async fn assume(
        &self,
        role_arn: &str,
        external_id: Option<&str>,
        session_name: &str,
    ) -> Result<Ctx, (Option<String>, String)> {
        let mut b = aws_config::sts::AssumeRoleProvider::builder(role_arn)
            .session_name(session_name)
            .configure(&self.sdk);
        if let Some(id) = external_id {
            b = b.external_id(id);
        }
        let provider = b.build().await;
        let sdk = self
            .sdk
            .clone()
            .into_builder()
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(provider),
            )
            .build();
        let who = aws_sdk_sts::Client::new(&sdk)
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| error_parts(&e))?;
        Ok(Ctx {
            sdk,
            account: who.account().unwrap_or_default().to_string(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            deep: self.deep,
            guard: self.guard.clone(),
        })
    }

    /// The same context for another region.
    pub fn for_region(&self, region: &str) -> Ctx {
        let mut c = self.clone();
        c.sdk = self
            .sdk
            .clone()
            .into_builder()
            .region(Region::new(region.to_string()))
            .build();
        c.region = region.to_string();
        c
    }

    /// Regions enabled for the account (EC2 DescribeRegions lists only opted-in ones).
    pub async fn enabled_regions(&self) -> Result<Vec<String>, AwsError> {
        let out = aws_sdk_ec2::Client::new(&self.sdk)
            .describe_regions()
            .send()
            .await
            .map_err(|e| AwsError::Regions(describe(&e)))?;
        let mut r: Vec<String> = out
            .regions()
            .iter()
            .filter_map(|r| r.region_name().map(str::to_string))
            .collect();
        r.sort();
        if r.is_empty() {
            return Err(AwsError::Regions(
                "EC2 DescribeRegions returned no region".into(),
            ));
        }
        Ok(r)
    }

    pub fn s3(&self) -> aws_sdk_s3::Client {
        let mut b = aws_sdk_s3::config::Builder::from(&self.sdk).http_client(self.guard.client(
            &self.account,
            &self.region,
            "s3",
        ));
        if self.endpoint_url.is_some() {
            b = b.force_path_style(true);
        }
        aws_sdk_s3::Client::from_conf(b.build())
    }

    /// S3 Control: against an emulator, the default endpoint rules would put the account id in
    /// front of the host (`123456789012.127.0.0.1`), which does not resolve; use the URL as given.
    pub fn s3control(&self) -> aws_sdk_s3control::Client {
        let mut b = aws_sdk_s3control::config::Builder::from(&self.sdk)
            .http_client(self.guard.client(&self.account, &self.region, "s3control"));
        if let Some(url) = &self.endpoint_url {
            b = b.endpoint_resolver(FixedEndpoint(url.clone()));
        }
        aws_sdk_s3control::Client::from_conf(b.build())
    }

    clients! {
        iam => aws_sdk_iam,
        ec2 => aws_sdk_ec2,
        cloudtrail => aws_sdk_cloudtrail,
        kms => aws_sdk_kms,
        config => aws_sdk_config,
        guardduty => aws_sdk_guardduty,
        logs => aws_sdk_cloudwatchlogs,
        cloudwatch => aws_sdk_cloudwatch,
        sns => aws_sdk_sns,
        sqs => aws_sdk_sqs,
        secretsmanager => aws_sdk_secretsmanager,
        dynamodb => aws_sdk_dynamodb,
        ecr => aws_sdk_ecr,
        rds => aws_sdk_rds,
        lambda => aws_sdk_lambda,
        elbv2 => aws_sdk_elasticloadbalancingv2,
        elb => aws_sdk_elasticloadbalancing,
        ecs => aws_sdk_ecs,
        eks => aws_sdk_eks,
        ssm => aws_sdk_ssm,
        acm => aws_sdk_acm,
        cloudfront => aws_sdk_cloudfront,
        apigateway => aws_sdk_apigateway,
        apigatewayv2 => aws_sdk_apigatewayv2,
        wafv2 => aws_sdk_wafv2,
        efs => aws_sdk_efs,
        backup => aws_sdk_backup,
        organizations => aws_sdk_organizations,
        securityhub => aws_sdk_securityhub,
        accessanalyzer => aws_sdk_accessanalyzer,
        elasticache => aws_sdk_elasticache,
        opensearch => aws_sdk_opensearch,
        redshift => aws_sdk_redshift,
        kinesis => aws_sdk_kinesis,
        athena => aws_sdk_athena,
        glue => aws_sdk_glue,
        route53 => aws_sdk_route53,
    }

    /// The resource that holds one service's settings for this region (named after the region),
    /// with the properties that could not be read.
    pub fn region_settings<K: ais_model::ResourceKind>(
        &self,
        service: &str,
        props: K,
        errors: std::collections::BTreeMap<String, String>,
    ) -> ais_model::Resource {
        let uid = format!(
            "arn:aws:{service}:{}:{}:region-settings",
            self.region, self.account
        );
        let mut r = ais_model::Resource::new(uid, &self.account, &self.region, &self.region, props);
        r.errors = errors;
        r
    }
}

#[derive(Debug)]
struct FixedEndpoint(String);

impl ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(&'a self, _params: &'a Params) -> EndpointFuture<'a> {
        EndpointFuture::ready(Ok(Endpoint::builder().url(self.0.clone()).build()))
    }
}

/// The AWS error code (when the service answered) and a readable message.
pub fn error_parts<E, R>(e: &SdkError<E, R>) -> (Option<String>, String)
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match e {
        SdkError::ServiceError(se) if se.err().code().is_some() || se.err().message().is_some() => {
            let err = se.err();
            (
                err.code().map(str::to_string),
                err.message().unwrap_or("no message").to_string(),
            )
        }
        other => (
            None,
            aws_smithy_types::error::display::DisplayErrorContext(other).to_string(),
        ),
    }
}

/// `Code: message` for a failed call.
pub fn describe<E, R>(e: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error_parts(e) {
        (Some(c), m) => format!("{c}: {m}"),
        (None, m) => m,
    }
}

/// The error code of a failed call, if the service answered with one.
pub fn code_of<E, R>(e: &SdkError<E, R>) -> Option<String>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    error_parts(e).0
}

/// RFC 3339 text of an SDK timestamp.
pub fn ts(t: &aws_smithy_types::DateTime) -> String {
    t.fmt(aws_smithy_types::date_time::Format::DateTime)
        .unwrap_or_else(|_| t.secs().to_string())
}
