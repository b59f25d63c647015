//! AWS resources written in Terraform, adapted into the same model as live AWS resources, so
//! that one check catalog covers the code and the account.
//!
//! Rules every adapter follows:
//! - What the code leaves unset takes the value AWS (or the provider) applies: S3 encrypts
//!   every new bucket, blocks public access and disables ACLs; a Terraform security group
//!   without `egress` has none; an RDS instance without `storage_encrypted` is unencrypted.
//! - What cannot be known before apply (an unknown variable, a `dynamic` block, a setting made
//!   by a resource the scan cannot tie to this one) is absent, so checks that need it are
//!   MANUAL, never guessed.
//! - The owning account is unknown, so a policy's `cross_account_principals` is absent when it
//!   names any account.

mod derive;
mod terraform;

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::policy::PolicyDocument;
use serde_json::{Map, Value as J};

use crate::terraform::{TfResource, UNKNOWN, contains_unknown};

pub use terraform::{KINDS, adapt};

/// A value read from the code: unset (the default applies), unknown until apply, or known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum V<T> {
    Unset,
    Unknown,
    Is(T),
}

impl<T> V<T> {
    /// The value, or `default` when unset; `None` when unknown.
    pub(crate) fn or(self, default: T) -> Option<T> {
        match self {
            V::Is(v) => Some(v),
            V::Unset => Some(default),
            V::Unknown => None,
        }
    }

    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> V<U> {
        match self {
            V::Is(v) => V::Is(f(v)),
            V::Unset => V::Unset,
            V::Unknown => V::Unknown,
        }
    }

    /// Known value or nothing (unset and unknown alike).
    pub(crate) fn known(self) -> Option<T> {
        match self {
            V::Is(v) => Some(v),
            _ => None,
        }
    }
}

/// Read access to one resource's (or nested block's) values.
#[derive(Clone, Copy)]
pub(crate) struct A<'a>(pub(crate) &'a Map<String, J>);

impl<'a> A<'a> {
    /// The value of `k`. Nested blocks (objects, lists of objects) are known even when some of
    /// their own values are not: those stay unknown one by one.
    pub(crate) fn raw(&self, k: &str) -> V<&'a J> {
        match self.0.get(k) {
            None | Some(J::Null) => V::Unset,
            Some(v) if unknown_here(v) => V::Unknown,
            Some(v) => V::Is(v),
        }
    }

    pub(crate) fn str(&self, k: &str) -> V<String> {
        match self.raw(k) {
            V::Is(J::String(s)) => V::Is(s.clone()),
            V::Is(J::Number(n)) => V::Is(n.to_string()),
            V::Is(J::Bool(b)) => V::Is(b.to_string()),
            V::Is(_) | V::Unknown => V::Unknown,
            V::Unset => V::Unset,
        }
    }

    pub(crate) fn bool(&self, k: &str) -> V<bool> {
        match self.raw(k) {
            V::Is(J::Bool(b)) => V::Is(*b),
            V::Is(J::String(s)) if s == "true" => V::Is(true),
            V::Is(J::String(s)) if s == "false" => V::Is(false),
            V::Is(_) | V::Unknown => V::Unknown,
            V::Unset => V::Unset,
        }
    }

    pub(crate) fn int(&self, k: &str) -> V<i64> {
        match self.raw(k) {
            V::Is(J::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .map_or(V::Unknown, V::Is),
            V::Is(J::String(s)) => s.parse().map_or(V::Unknown, V::Is),
            V::Is(_) | V::Unknown => V::Unknown,
            V::Unset => V::Unset,
        }
    }

    pub(crate) fn strings(&self, k: &str) -> V<Vec<String>> {
        match self.raw(k) {
            V::Is(J::Array(a)) => a
                .iter()
                .map(|v| match v {
                    J::String(s) => Some(s.clone()),
                    J::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map_or(V::Unknown, V::Is),
            V::Is(J::String(s)) => V::Is(vec![s.clone()]),
            V::Is(_) | V::Unknown => V::Unknown,
            V::Unset => V::Unset,
        }
    }

    /// Nested blocks (or a list of objects); unset is an empty list.
    pub(crate) fn blocks(&self, k: &str) -> Option<Vec<A<'a>>> {
        match self.raw(k) {
            V::Is(J::Array(a)) => a.iter().map(|v| v.as_object().map(A)).collect(),
            V::Is(J::Object(o)) => Some(vec![A(o)]),
            V::Unset => Some(Vec::new()),
            _ => None,
        }
    }

    /// The first nested block: unset when there is none.
    pub(crate) fn block(&self, k: &str) -> V<A<'a>> {
        match self.blocks(k) {
            Some(b) => b.into_iter().next().map_or(V::Unset, V::Is),
            None => V::Unknown,
        }
    }

    /// A string map (`tags`), leaving out unknown values.
    pub(crate) fn map(&self, k: &str) -> BTreeMap<String, String> {
        match self.0.get(k) {
            Some(J::Object(o)) => o
                .iter()
                .filter_map(|(k, v)| match v {
                    J::String(s) if s != UNKNOWN => Some((k.clone(), s.clone())),
                    J::Number(_) | J::Bool(_) => Some((k.clone(), v.to_string())),
                    _ => None,
                })
                .collect(),
            _ => BTreeMap::new(),
        }
    }
}

/// Unknown at this level: the value itself, or a list with an unknown scalar in it. Objects
/// are known containers.
fn unknown_here(v: &J) -> bool {
    match v {
        J::String(s) => s == UNKNOWN,
        J::Array(a) => a.iter().any(|x| !x.is_object() && contains_unknown(x)),
        J::Object(_) => false,
        _ => false,
    }
}

/// A JSON policy text from the code: `Unset` stays unset, text that is not JSON is recorded
/// as unknown with the reason.
pub(crate) fn policy(v: V<String>, account: &str) -> Result<V<PolicyDocument>, String> {
    match v {
        V::Is(text) if text.trim().is_empty() => Ok(V::Unset),
        V::Is(text) => PolicyDocument::parse(&text, account).map(V::Is),
        V::Unset => Ok(V::Unset),
        V::Unknown => Ok(V::Unknown),
    }
}

/// Removes `cross_account_principals` from every policy in the properties when it lists any
/// principal: with the owning account unknown, none of them can be called foreign.
pub(crate) fn drop_unknowable_cross_account(v: &mut J) {
    match v {
        J::Object(o) => {
            let drop = o.contains_key("allows_public")
                && o.get("cross_account_principals")
                    .and_then(J::as_array)
                    .is_some_and(|a| !a.is_empty());
            if drop {
                o.remove("cross_account_principals");
            }
            for x in o.values_mut() {
                drop_unknowable_cross_account(x);
            }
        }
        J::Array(a) => a.iter_mut().for_each(drop_unknowable_cross_account),
        _ => {}
    }
}

/// Wraps adapted properties in an envelope placed at the code, leaving out `unknown` fields.
pub(crate) fn envelope<K: ais_model::ResourceKind>(
    tf: &TfResource,
    props: K,
    unknown: &[&str],
    errors: Vec<(&str, String)>,
) -> Resource {
    let mut r = Resource::new(
        tf.uid(""),
        tf.account.clone().unwrap_or_default(),
        "",
        tf.address.clone(),
        props,
    )
    .at(tf.location.clone())
    .with_tags(A(&tf.values).map("tags"));
    for f in unknown {
        // `a.b` removes a nested field.
        let mut target = &mut r.properties;
        let mut parts = f.split('.').peekable();
        while let Some(part) = parts.next() {
            let J::Object(o) = target else { break };
            if parts.peek().is_none() {
                o.remove(part);
                break;
            }
            match o.get_mut(part) {
                Some(next) => target = next,
                None => break,
            }
        }
    }
    if tf.account.is_none() {
        drop_unknowable_cross_account(&mut r.properties);
    }
    for (prop, why) in errors {
        if let J::Object(o) = &mut r.properties {
            o.remove(prop);
        }
        r.property_error(prop, why);
    }
    r
}
