//! YAML files into JSON values, one document at a time, with the line each document starts on.
//!
//! Documents are split at `---` lines and parsed one by one, so a broken document is reported
//! with its line and the others are still read. Tags (CloudFormation's `!Ref`, `!Sub`, …)
//! become one-key objects in the long form (`{"Fn::Sub": …}`, `{"Ref": …}`). The parser
//! refuses nesting deeper than its recursion limit and runaway alias expansion.

use serde_json::{Map, Value as J};

/// Deepest flow nesting (`[`, `{`) accepted; block nesting is bounded by the parser.
const MAX_NESTING: usize = 64;

/// One YAML document.
pub struct Doc {
    /// 1-based line of the document's first line.
    pub start_line: usize,
    pub end_line: usize,
    pub text: String,
    pub value: J,
}

/// A document that does not parse.
pub struct DocError {
    pub line: usize,
    pub reason: String,
}

/// Splits a YAML stream at its document markers and parses each document.
pub fn documents(text: &str) -> Vec<Result<Doc, DocError>> {
    let mut segments: Vec<(usize, Vec<&str>)> = vec![(1, Vec::new())];
    for (i, line) in text.lines().enumerate() {
        let is_marker = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        let is_end = line == "..." || line.starts_with("... ");
        if is_marker || is_end {
            segments.push((i + 2, Vec::new()));
            if is_marker && line.len() > 3 {
                // `--- value` starts a document on the marker line.
                let last = segments.last_mut().expect("pushed");
                last.0 = i + 1;
                last.1.push(line[3..].trim_start());
            }
            continue;
        }
        segments.last_mut().expect("non-empty").1.push(line);
    }
    let mut out = Vec::new();
    for (start, lines) in segments {
        let body = lines.join("\n");
        if body
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            continue;
        }
        let end = start + lines.len().saturating_sub(1);
        // The parser handles deep flow nesting slowly: refuse it before parsing.
        if crate::terraform::nesting(&body) > MAX_NESTING {
            out.push(Err(DocError {
                line: start,
                reason: format!("nested deeper than {MAX_NESTING} levels; not scanned"),
            }));
            continue;
        }
        match serde_norway::from_str::<serde_norway::Value>(&body) {
            Ok(v) => out.push(Ok(Doc {
                start_line: start,
                end_line: end,
                value: to_json(v, 0),
                text: body,
            })),
            Err(e) => out.push(Err(DocError {
                line: start + e.location().map_or(0, |l| l.line().saturating_sub(1)),
                reason: format!("not valid YAML: {e}"),
            })),
        }
    }
    out
}

/// Long names of CloudFormation's short-form tags.
fn long_tag(tag: &str) -> String {
    match tag {
        "Ref" | "Condition" => tag.to_string(),
        other => format!("Fn::{other}"),
    }
}

fn to_json(v: serde_norway::Value, depth: usize) -> J {
    use serde_norway::Value as Y;
    if depth > 256 {
        return J::Null;
    }
    match v {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                n.as_f64().map_or(J::Null, J::from)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(items.into_iter().map(|x| to_json(x, depth + 1)).collect()),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    _ => continue,
                };
                out.insert(key, to_json(v, depth + 1));
            }
            J::Object(out)
        }
        Y::Tagged(t) => {
            let name = t.tag.to_string();
            let name = name.trim_start_matches('!');
            let inner = to_json(t.value, depth + 1);
            // `!GetAtt a.b` is the long form's ["a", "b"].
            let inner = match (name, inner) {
                ("GetAtt", J::String(s)) => match s.split_once('.') {
                    Some((a, b)) => J::Array(vec![J::String(a.into()), J::String(b.into())]),
                    None => J::String(s),
                },
                (_, x) => x,
            };
            let mut m = Map::new();
            m.insert(long_tag(name), inner);
            J::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_lines_tags_and_errors() {
        let text = "# header\napiVersion: v1\nkind: Pod\n---\na: !Ref X\nb: !GetAtt R.Arn\n---\nbad: [\n---\nc: !Sub 'x-${Y}'\n";
        let docs = documents(text);
        assert_eq!(docs.len(), 4);
        let d0 = docs[0].as_ref().ok().unwrap();
        assert_eq!((d0.start_line, d0.value["kind"].as_str()), (1, Some("Pod")));
        let d1 = docs[1].as_ref().ok().unwrap();
        assert_eq!(d1.start_line, 5);
        assert_eq!(d1.value["a"]["Ref"], "X");
        assert_eq!(d1.value["b"]["Fn::GetAtt"][1], "Arn");
        let e = docs[2].as_ref().err().unwrap();
        assert!(e.line >= 8, "{}", e.line);
        let d3 = docs[3].as_ref().ok().unwrap();
        assert_eq!(d3.value["c"]["Fn::Sub"], "x-${Y}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("a: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(documents(&deep)[0].is_err());
        let mut block = String::new();
        for i in 0..2_000 {
            block.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert!(documents(&block)[0].is_err());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut bomb =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            bomb.push_str(&format!(
                "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = c;
        }
        assert!(documents(&bomb)[0].is_err());
    }
}
