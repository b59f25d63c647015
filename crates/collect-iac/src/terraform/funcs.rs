//! The Terraform functions a static evaluation can answer exactly. A call to any other function
//! fails, and the attribute that used it is unknown (absent), never guessed.

use hcl::Value;
use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};

pub(super) fn declare(ctx: &mut Context) {
    let any = || ParamType::Any;
    let string = || ParamType::String;
    ctx.declare_func(
        "jsonencode",
        FuncDef::builder().param(any()).build(jsonencode),
    );
    ctx.declare_func(
        "jsondecode",
        FuncDef::builder().param(string()).build(jsondecode),
    );
    ctx.declare_func(
        "base64encode",
        FuncDef::builder().param(string()).build(base64encode),
    );
    ctx.declare_func(
        "base64decode",
        FuncDef::builder().param(string()).build(base64decode),
    );
    ctx.declare_func("lower", FuncDef::builder().param(string()).build(lower));
    ctx.declare_func("upper", FuncDef::builder().param(string()).build(upper));
    ctx.declare_func(
        "trimspace",
        FuncDef::builder().param(string()).build(trimspace),
    );
    ctx.declare_func("tostring", FuncDef::builder().param(any()).build(tostring));
    ctx.declare_func("tobool", FuncDef::builder().param(any()).build(tobool));
    ctx.declare_func("tonumber", FuncDef::builder().param(any()).build(tonumber));
    ctx.declare_func("tolist", FuncDef::builder().param(any()).build(identity));
    ctx.declare_func("toset", FuncDef::builder().param(any()).build(toset));
    ctx.declare_func("tomap", FuncDef::builder().param(any()).build(identity));
    ctx.declare_func("length", FuncDef::builder().param(any()).build(length));
    ctx.declare_func(
        "concat",
        FuncDef::builder().variadic_param(any()).build(concat),
    );
    ctx.declare_func(
        "merge",
        FuncDef::builder().variadic_param(any()).build(merge),
    );
    ctx.declare_func(
        "coalesce",
        FuncDef::builder().variadic_param(any()).build(coalesce),
    );
    ctx.declare_func(
        "join",
        FuncDef::builder().param(string()).param(any()).build(join),
    );
    ctx.declare_func(
        "split",
        FuncDef::builder()
            .param(string())
            .param(string())
            .build(split),
    );
    ctx.declare_func(
        "lookup",
        FuncDef::builder()
            .param(any())
            .param(string())
            .variadic_param(any())
            .build(lookup),
    );
    ctx.declare_func(
        "element",
        FuncDef::builder()
            .param(any())
            .param(ParamType::Number)
            .build(element),
    );
    ctx.declare_func(
        "format",
        FuncDef::builder()
            .param(string())
            .variadic_param(any())
            .build(format),
    );
}

fn arg(args: &FuncArgs, i: usize) -> Value {
    args.positional_args()
        .nth(i)
        .cloned()
        .unwrap_or(Value::Null)
}

fn text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err("not a primitive value".into()),
    }
}

fn jsonencode(args: FuncArgs) -> Result<Value, String> {
    let json = serde_json::to_value(arg(&args, 0)).map_err(|e| e.to_string())?;
    Ok(Value::String(json.to_string()))
}

fn jsondecode(args: FuncArgs) -> Result<Value, String> {
    let s = text(&arg(&args, 0))?;
    let json: serde_json::Value = serde_json::from_str(&s).map_err(|e| e.to_string())?;
    hcl::value::to_value(json).map_err(|e| e.to_string())
}

fn base64encode(args: FuncArgs) -> Result<Value, String> {
    use base64::Engine as _;
    Ok(Value::String(
        base64::engine::general_purpose::STANDARD.encode(text(&arg(&args, 0))?),
    ))
}

fn base64decode(args: FuncArgs) -> Result<Value, String> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text(&arg(&args, 0))?.trim())
        .map_err(|e| e.to_string())?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|e| e.to_string())
}

fn lower(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(text(&arg(&args, 0))?.to_lowercase()))
}

fn upper(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(text(&arg(&args, 0))?.to_uppercase()))
}

fn trimspace(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(text(&arg(&args, 0))?.trim().to_string()))
}

fn tostring(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(text(&arg(&args, 0))?))
}

fn tobool(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0) {
        Value::Bool(b) => Ok(Value::Bool(b)),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        _ => Err("cannot convert to bool".into()),
    }
}

fn tonumber(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0) {
        Value::Number(n) => Ok(Value::Number(n)),
        Value::String(s) => s
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| s.parse::<f64>().map(Value::from))
            .map_err(|e| e.to_string()),
        _ => Err("cannot convert to number".into()),
    }
}

fn identity(args: FuncArgs) -> Result<Value, String> {
    Ok(arg(&args, 0))
}

fn toset(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0) {
        Value::Array(items) => {
            let mut out: Vec<Value> = Vec::new();
            for v in items {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            Ok(Value::Array(out))
        }
        _ => Err("toset needs a list".into()),
    }
}

fn length(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0) {
        Value::Array(a) => Ok(Value::from(a.len() as u64)),
        Value::Object(o) => Ok(Value::from(o.len() as u64)),
        Value::String(s) => Ok(Value::from(s.chars().count() as u64)),
        _ => Err("length needs a collection or string".into()),
    }
}

fn concat(args: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for v in args.variadic_args() {
        match v {
            Value::Array(a) => out.extend(a.iter().cloned()),
            _ => return Err("concat needs lists".into()),
        }
    }
    Ok(Value::Array(out))
}

fn merge(args: FuncArgs) -> Result<Value, String> {
    let mut out = hcl::Map::new();
    for v in args.variadic_args() {
        match v {
            Value::Object(o) => out.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            _ => return Err("merge needs maps".into()),
        }
    }
    Ok(Value::Object(out))
}

fn coalesce(args: FuncArgs) -> Result<Value, String> {
    args.variadic_args()
        .find(|v| !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-null argument".to_string())
}

fn join(args: FuncArgs) -> Result<Value, String> {
    let sep = text(&arg(&args, 0))?;
    match arg(&args, 1) {
        Value::Array(a) => Ok(Value::String(
            a.iter()
                .map(text)
                .collect::<Result<Vec<_>, _>>()?
                .join(&sep),
        )),
        _ => Err("join needs a list".into()),
    }
}

fn split(args: FuncArgs) -> Result<Value, String> {
    let sep = text(&arg(&args, 0))?;
    let s = text(&arg(&args, 1))?;
    Ok(Value::Array(
        s.split(sep.as_str())
            .map(|p| Value::String(p.to_string()))
            .collect(),
    ))
}

fn lookup(args: FuncArgs) -> Result<Value, String> {
    let key = text(&arg(&args, 1))?;
    match arg(&args, 0) {
        Value::Object(o) => match o.get(&key) {
            Some(v) => Ok(v.clone()),
            None => args
                .variadic_args()
                .next()
                .cloned()
                .ok_or_else(|| format!("no key {key}")),
        },
        _ => Err("lookup needs a map".into()),
    }
}

fn element(args: FuncArgs) -> Result<Value, String> {
    let Value::Array(a) = arg(&args, 0) else {
        return Err("element needs a list".into());
    };
    let i = match arg(&args, 1) {
        Value::Number(n) => n.as_u64().ok_or("bad index")?,
        _ => return Err("bad index".into()),
    };
    if a.is_empty() {
        return Err("empty list".into());
    }
    Ok(a[(i as usize) % a.len()].clone())
}

/// `format` with the verbs `%s`, `%d`, `%v` and `%%`; any other verb fails.
fn format(args: FuncArgs) -> Result<Value, String> {
    let spec = text(&arg(&args, 0))?;
    let mut vals = args.variadic_args();
    let mut out = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd' | 'v') => out.push_str(&text(vals.next().ok_or("too few arguments")?)?),
            _ => return Err("unsupported format verb".into()),
        }
    }
    Ok(Value::String(out))
}
