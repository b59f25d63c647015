//! Request guard between the SDK clients and the network: a request-rate limit and a circuit
//! breaker per (account, region, service).
//!
//! The SDK already retries throttled and failed attempts (adaptive retry) and bounds every call
//! with timeouts. What it cannot do is keep one scan from hammering a service (the rate limit) or
//! stop one broken service endpoint from costing every remaining call its full retry budget
//! (the breaker). When a service keeps failing at the transport level (5xx answers, dropped
//! connections, timeouts) the breaker opens: further calls to that service in that account and
//! region fail at once, without retries, and their resources become ERROR with the cause; other
//! services and regions continue. After a cool-down one call is let through again (half-open); a
//! success closes the breaker.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Settings of the guard.
#[derive(Debug, Clone, Copy)]
pub struct GuardSettings {
    /// Requests per second per (account, region, service); `None` = unlimited. The limit is a
    /// token bucket holding two seconds' worth of requests, like AWS's own request buckets: a
    /// burst (the first listings of a service) goes out at once, a long run is held to the rate.
    pub max_rps: Option<NonZeroU32>,
    /// Consecutive transport failures that open the breaker.
    pub failure_threshold: u32,
    /// How long an open breaker rejects calls before letting one through.
    pub cool_down: Duration,
}

impl Default for GuardSettings {
    fn default() -> Self {
        GuardSettings {
            max_rps: NonZeroU32::new(50),
            failure_threshold: 12,
            cool_down: Duration::from_secs(30),
        }
    }
}

/// The rate limit's bucket holds this many seconds' worth of requests.
const BURST_SECONDS: NonZeroU32 = NonZeroU32::new(2).expect("non-zero");

type Key = (String, String, String);

#[derive(Debug, Default)]
struct Breaker {
    consecutive_failures: u32,
    open_until: Option<Instant>,
    /// Why it opened (the last failure), for the error of rejected calls.
    last_failure: String,
}

/// Shared by every client of a scan.
pub struct Guard {
    settings: GuardSettings,
    inner: SharedHttpClient,
    limiters: Mutex<HashMap<Key, Arc<DefaultDirectRateLimiter>>>,
    breakers: Mutex<HashMap<Key, Breaker>>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// What one attempt did, as far as the breaker is concerned.
#[derive(Debug, PartialEq)]
enum Outcome {
    Success,
    /// The service or the path to it is broken (5xx, connection, timeout).
    Failure(String),
    /// Neither: throttling and client errors say nothing about the endpoint's health.
    Neutral,
}

impl Guard {
    pub fn new(settings: GuardSettings) -> Arc<Guard> {
        let inner = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::AwsLc,
            ))
            .build_https();
        Arc::new(Guard {
            settings,
            inner,
            limiters: Mutex::new(HashMap::new()),
            breakers: Mutex::new(HashMap::new()),
        })
    }

    /// The HTTP client for one service's SDK client in one account and region.
    pub fn client(self: &Arc<Self>, account: &str, region: &str, service: &str) -> GuardedClient {
        GuardedClient {
            guard: self.clone(),
            key: Arc::new((account.to_string(), region.to_string(), service.to_string())),
        }
    }

    fn limiter(&self, key: &Key) -> Option<Arc<DefaultDirectRateLimiter>> {
        let rps = self.settings.max_rps?;
        let mut map = self.limiters.lock().unwrap_or_else(|e| e.into_inner());
        Some(
            map.entry(key.clone())
                .or_insert_with(|| {
                    let burst = rps.saturating_mul(BURST_SECONDS);
                    Arc::new(RateLimiter::direct(
                        Quota::per_second(rps).allow_burst(burst),
                    ))
                })
                .clone(),
        )
    }

    /// `Err(reason)` while the breaker of `key` is open.
    fn admit(&self, key: &Key) -> Result<(), String> {
        let mut map = self.breakers.lock().unwrap_or_else(|e| e.into_inner());
        let b = map.entry(key.clone()).or_default();
        match b.open_until {
            Some(t) if Instant::now() < t => Err(format!(
                "circuit breaker open for {} in {} ({} consecutive failures, last: {})",
                key.2, key.1, b.consecutive_failures, b.last_failure
            )),
            Some(_) => {
                // Half-open: let this call through; the next failure re-opens at once.
                b.open_until = None;
                b.consecutive_failures = self.settings.failure_threshold.saturating_sub(1);
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn record(&self, key: &Key, outcome: Outcome) {
        let mut map = self.breakers.lock().unwrap_or_else(|e| e.into_inner());
        let b = map.entry(key.clone()).or_default();
        match outcome {
            Outcome::Success => {
                b.consecutive_failures = 0;
                b.open_until = None;
            }
            Outcome::Failure(why) => {
                b.consecutive_failures += 1;
                b.last_failure = why;
                if b.consecutive_failures >= self.settings.failure_threshold {
                    b.open_until = Some(Instant::now() + self.settings.cool_down);
                    tracing::warn!(
                        service = %key.2,
                        region = %key.1,
                        account = %key.0,
                        "circuit breaker opened after {} consecutive failures",
                        b.consecutive_failures
                    );
                }
            }
            Outcome::Neutral => {}
        }
    }
}

fn outcome(
    res: &Result<aws_smithy_runtime_api::client::orchestrator::HttpResponse, ConnectorError>,
) -> Outcome {
    match res {
        Ok(r) => {
            let code = r.status().as_u16();
            if code >= 500 {
                Outcome::Failure(format!("HTTP {code}"))
            } else if code < 400 {
                Outcome::Success
            } else {
                Outcome::Neutral
            }
        }
        Err(e) if e.is_io() || e.is_timeout() => Outcome::Failure(e.to_string()),
        Err(_) => Outcome::Neutral,
    }
}

/// The HTTP client handed to one SDK client.
#[derive(Clone)]
pub struct GuardedClient {
    guard: Arc<Guard>,
    key: Arc<Key>,
}

impl std::fmt::Debug for GuardedClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedClient")
            .field("key", &self.key)
            .finish()
    }
}

impl HttpClient for GuardedClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(GuardedConnector {
            inner: self.guard.inner.http_connector(settings, components),
            guard: self.guard.clone(),
            key: self.key.clone(),
        })
    }
}

#[derive(Clone)]
struct GuardedConnector {
    inner: SharedHttpConnector,
    guard: Arc<Guard>,
    key: Arc<Key>,
}

impl std::fmt::Debug for GuardedConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedConnector")
            .field("key", &self.key)
            .finish()
    }
}

impl HttpConnector for GuardedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let this = self.clone();
        HttpConnectorFuture::new(async move {
            if let Err(why) = this.guard.admit(&this.key) {
                // Not an I/O error: the SDK does not retry it.
                return Err(ConnectorError::other(why.into(), None));
            }
            if let Some(limiter) = this.guard.limiter(&this.key) {
                limiter.until_ready().await;
            }
            let res = this.inner.call(request).await;
            this.guard.record(&this.key, outcome(&res));
            res
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(threshold: u32, cool_down: Duration) -> Arc<Guard> {
        Guard::new(GuardSettings {
            max_rps: None,
            failure_threshold: threshold,
            cool_down,
        })
    }

    fn key() -> Key {
        ("1".into(), "eu-west-1".into(), "rds".into())
    }

    #[test]
    fn breaker_opens_after_consecutive_failures_only() {
        let g = guard(3, Duration::from_secs(60));
        let k = key();
        g.record(&k, Outcome::Failure("HTTP 503".into()));
        g.record(&k, Outcome::Failure("HTTP 503".into()));
        g.record(&k, Outcome::Success);
        g.record(&k, Outcome::Failure("HTTP 503".into()));
        g.record(&k, Outcome::Neutral);
        g.record(&k, Outcome::Failure("HTTP 503".into()));
        assert!(g.admit(&k).is_ok(), "a success in between resets the count");
        g.record(&k, Outcome::Failure("HTTP 500".into()));
        let err = g.admit(&k).unwrap_err();
        assert!(err.contains("rds") && err.contains("HTTP 500"), "{err}");
        // Other services and regions are not affected.
        assert!(
            g.admit(&("1".into(), "eu-west-1".into(), "s3".into()))
                .is_ok()
        );
        assert!(
            g.admit(&("1".into(), "us-east-1".into(), "rds".into()))
                .is_ok()
        );
    }

    #[test]
    fn breaker_half_opens_after_the_cool_down() {
        let g = guard(2, Duration::from_millis(0));
        let k = key();
        g.record(&k, Outcome::Failure("timeout".into()));
        g.record(&k, Outcome::Failure("timeout".into()));
        // Cool-down of zero: the next call is let through (half-open)...
        assert!(g.admit(&k).is_ok());
        // ...and one more failure re-opens it (with a zero cool-down it half-opens at once, so
        // the re-opening shows as the failure count reaching the threshold again).
        g.record(&k, Outcome::Failure("timeout".into()));
        let count = g.breakers.lock().unwrap()[&k].consecutive_failures;
        assert!(count >= 2, "{count}");
        let g2 = guard(2, Duration::from_secs(60));
        g2.record(&k, Outcome::Failure("timeout".into()));
        g2.record(&k, Outcome::Failure("timeout".into()));
        assert!(g2.admit(&k).is_err());
    }

    #[test]
    fn throttling_and_client_errors_do_not_count() {
        use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
        use aws_smithy_types::body::SdkBody;
        let resp = |code: u16| {
            Ok(HttpResponse::new(
                code.try_into().expect("status"),
                SdkBody::empty(),
            ))
        };
        assert_eq!(outcome(&resp(200)), Outcome::Success);
        assert_eq!(outcome(&resp(400)), Outcome::Neutral);
        assert_eq!(outcome(&resp(429)), Outcome::Neutral);
        assert!(matches!(outcome(&resp(503)), Outcome::Failure(_)));
        let io = Err(ConnectorError::io("reset".into()));
        assert!(matches!(outcome(&io), Outcome::Failure(_)));
    }

    #[tokio::test]
    async fn one_rate_limiter_per_key_and_none_when_unlimited() {
        let g = Guard::new(GuardSettings {
            max_rps: NonZeroU32::new(1000),
            ..Default::default()
        });
        let k = key();
        let limiter = g.limiter(&k).expect("limited");
        for _ in 0..5 {
            limiter.until_ready().await;
        }
        assert!(Arc::ptr_eq(&limiter, &g.limiter(&k).expect("limited")));
        let unlimited = Guard::new(GuardSettings {
            max_rps: None,
            ..Default::default()
        });
        assert!(unlimited.limiter(&k).is_none());
    }

    #[test]
    fn limiter_admits_two_seconds_of_burst_then_holds_to_the_rate() {
        let g = Guard::new(GuardSettings {
            max_rps: NonZeroU32::new(10),
            ..Default::default()
        });
        let limiter = g.limiter(&key()).expect("limited");
        let admitted = (0..25).filter(|_| limiter.check().is_ok()).count();
        assert_eq!(admitted, 20);
    }
}
