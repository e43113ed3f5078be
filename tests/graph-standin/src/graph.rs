//! The HTTP side: request parsing, the Graph API endpoints and the `/_standin` control routes.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, MutexGuard};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use rand::Rng as _;
use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::{
    Call, Comment, Container, Failure, FbPost, IgMedia, Page, Photo, Reply, Shared, World, VERSION,
};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(dispatch).with_state(shared)
}

/// Meta's time form: `2026-12-01T03:15:00+0000` (UTC).
pub fn format_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+0000",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

// ---------------------------------------------------------------------------------------
// Errors

#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    http: u16,
    code: i64,
    subcode: Option<i64>,
    message: String,
    user_title: Option<String>,
    user_msg: Option<String>,
}

fn err(code: i64, subcode: Option<i64>, message: impl Into<String>) -> ApiError {
    ApiError {
        http: if code == 1 || code == 2 { 500 } else { 400 },
        code,
        subcode,
        message: message.into(),
        user_title: None,
        user_msg: None,
    }
}

fn err100(message: impl Into<String>) -> ApiError {
    err(100, None, message)
}

impl ApiError {
    fn user(mut self, title: &str, msg: impl Into<String>) -> ApiError {
        self.user_title = Some(title.to_string());
        self.user_msg = Some(msg.into());
        self
    }

    fn body(&self) -> Value {
        let mut e = Map::new();
        e.insert("message".into(), json!(self.message));
        e.insert("type".into(), json!("OAuthException"));
        e.insert("code".into(), json!(self.code));
        if let Some(s) = self.subcode {
            e.insert("error_subcode".into(), json!(s));
        }
        let transient = matches!(self.code, 1 | 2 | 4 | 17 | 32 | 613 | -1 | -2);
        e.insert("is_transient".into(), json!(transient));
        if let Some(t) = &self.user_title {
            e.insert("error_user_title".into(), json!(t));
        }
        if let Some(m) = &self.user_msg {
            e.insert("error_user_msg".into(), json!(m));
        }
        e.insert("fbtrace_id".into(), json!(trace_id()));
        json!({ "error": e })
    }
}

fn trace_id() -> String {
    let mut rng = rand::rng();
    (0..23)
        .map(|_| char::from(rng.sample(rand::distr::Alphanumeric)))
        .collect()
}

fn unknown_field(name: &str, kind: &str) -> ApiError {
    err100(format!(
        "(#100) Tried accessing nonexisting field ({name}) on node type ({kind})"
    ))
}

fn missing_object(method: &str, id: &str) -> ApiError {
    err(
        100,
        Some(33),
        format!(
            "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
            method.to_ascii_lowercase()
        ),
    )
}

fn unknown_path(path: &str) -> ApiError {
    err(2500, None, format!("Unknown path components: {path}"))
}

/// What a route answers when it cannot finish yet.
pub(crate) enum Flow {
    Err(ApiError),
    /// Fetch this image URL (outside the lock), then run the route again.
    Fetch(String),
}

impl From<ApiError> for Flow {
    fn from(e: ApiError) -> Flow {
        Flow::Err(e)
    }
}

type R<T> = Result<T, Flow>;

// ---------------------------------------------------------------------------------------
// Requests

pub(crate) struct Req {
    method: String,
    path: String,
    params: BTreeMap<String, String>,
    token: Option<String>,
}

impl Req {
    fn p(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str)
    }

    fn flag(&self, key: &str, default: bool) -> bool {
        match self.p(key) {
            Some(v) => matches!(v.to_ascii_lowercase().as_str(), "true" | "1"),
            None => default,
        }
    }
}

pub(crate) struct Fetched {
    url: String,
    status: u16,
    bytes: Vec<u8>,
}

fn lock(sh: &Shared) -> MutexGuard<'_, World> {
    sh.world.lock().unwrap_or_else(|e| e.into_inner())
}

fn flatten_json(v: Value, params: &mut BTreeMap<String, String>) {
    if let Value::Object(m) = v {
        for (k, v) in m {
            let s = match v {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            params.insert(k, s);
        }
    }
}

async fn dispatch(
    State(sh): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    if let Some(rest) = path.strip_prefix("/_standin/") {
        return control(&sh, &method, rest, &body);
    }
    let mut params = BTreeMap::new();
    if let Some(q) = uri.query() {
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            params.insert(k.into_owned(), v.into_owned());
        }
    }
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !body.is_empty() {
        if ctype.starts_with("application/json") {
            if let Ok(v) = serde_json::from_slice::<Value>(&body) {
                flatten_json(v, &mut params);
            }
        } else if !ctype.starts_with("multipart/") {
            for (k, v) in url::form_urlencoded::parse(&body) {
                params.insert(k.into_owned(), v.into_owned());
            }
        }
    }
    let mut token = params.remove("access_token");
    if token.is_none() {
        token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
                    .or_else(|| v.strip_prefix("OAuth "))
            })
            .map(|t| t.trim().to_string());
    }
    let prefix = format!("/{VERSION}");
    let (known_version, rel) = match path.strip_prefix(&prefix) {
        Some("") => (true, "/".to_string()),
        Some(r) if r.starts_with('/') => (true, r.to_string()),
        _ => (false, path.clone()),
    };
    let req = Req {
        method: method.as_str().to_ascii_uppercase(),
        path: rel,
        params,
        token,
    };
    sh.calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Call {
            method: req.method.clone(),
            path: req.path.clone(),
            params: req.params.clone(),
            token: req.token.clone(),
        });
    tracing::debug!(method = %req.method, path = %req.path, "Graph stand-in call");

    {
        let mut w = lock(&sh);
        if let Err(e) = precheck(&mut w, &req, known_version, &path) {
            let usage = w.usage_header.clone();
            return respond(Err(e), usage);
        }
    }
    let mut fetched: Option<Fetched> = None;
    loop {
        let (outcome, usage) = {
            let mut w = lock(&sh);
            let now = OffsetDateTime::now_utc();
            publish_due(&mut w, now);
            let o = route(&mut w, &sh.base_url, &req, fetched.as_ref(), now);
            (o, w.usage_header.clone())
        };
        match outcome {
            Err(Flow::Fetch(url)) if fetched.as_ref().is_none_or(|f| f.url != url) => {
                let f = fetch(&sh.http, &url).await;
                lock(&sh)
                    .fetched_images
                    .push((f.url.clone(), f.status, f.bytes.len()));
                fetched = Some(f);
            }
            Err(Flow::Fetch(url)) => {
                return respond(Err(err(1, None, format!("fetch loop on {url}"))), usage)
            }
            Err(Flow::Err(e)) => return respond(Err(e), usage),
            Ok(v) => return respond(Ok(v), usage),
        }
    }
}

async fn fetch(http: &reqwest::Client, url: &str) -> Fetched {
    match http.get(url).send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let bytes = resp.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
            Fetched {
                url: url.to_string(),
                status,
                bytes,
            }
        }
        Err(_) => Fetched {
            url: url.to_string(),
            status: 0,
            bytes: Vec::new(),
        },
    }
}

fn respond(result: Result<Value, ApiError>, usage: Option<String>) -> Response {
    let (status, body, oauth) = match result {
        Ok(v) => (200, v, None),
        Err(e) => {
            let oauth = (e.code == 190 || e.code == 104).then(|| e.message.clone());
            (e.http, e.body(), oauth)
        }
    };
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        axum::Json(body),
    )
        .into_response();
    let h = resp.headers_mut();
    h.insert("facebook-api-version", HeaderValue::from_static(VERSION));
    if let Some(u) = usage.and_then(|u| HeaderValue::from_str(&u).ok()) {
        h.insert("x-business-use-case-usage", u);
    }
    if let Some(msg) = oauth {
        let msg: String = msg.chars().filter(|c| c.is_ascii() && *c != '"').collect();
        let v = format!("OAuth \"Facebook Platform\" \"invalid_token\" \"{msg}\"");
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(header::WWW_AUTHENTICATE, v);
        }
    }
    resp
}

enum Who {
    System,
    Page(usize),
}

fn precheck(w: &mut World, req: &Req, known_version: bool, raw_path: &str) -> Result<(), ApiError> {
    w.failures.retain(|f| f.times > 0);
    if let Some(i) = w.failures.iter().position(|f| {
        f.method
            .as_ref()
            .is_none_or(|m| m.eq_ignore_ascii_case(&req.method))
            && req.path.contains(&f.path_contains)
    }) {
        let f = &mut w.failures[i];
        let e = ApiError {
            http: f.http_status,
            code: f.code,
            subcode: f.subcode,
            message: f.message.clone(),
            user_title: None,
            user_msg: None,
        };
        f.times -= 1;
        if f.times == 0 {
            w.failures.remove(i);
        }
        return Err(e);
    }
    if !known_version {
        return Err(unknown_path(raw_path));
    }
    if w.revoked {
        return Err(err(
            190,
            Some(463),
            "Error validating access token: Session has expired. The current time is later than the expiry time.",
        ));
    }
    who(w, req)?;
    for legacy in ["method", "ids", "callback", "date_format"] {
        if req.params.contains_key(legacy) {
            return Err(err100(format!(
                "(#100) The parameter {legacy} is not supported for this app"
            )));
        }
    }
    Ok(())
}

fn who(w: &World, req: &Req) -> Result<Who, ApiError> {
    let Some(t) = req.token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(err(
            104,
            None,
            "An access token is required to request this resource.",
        ));
    };
    if t == w.system_token {
        return Ok(Who::System);
    }
    if let Some(i) = w.pages.iter().position(|p| p.access_token == t) {
        return Ok(Who::Page(i));
    }
    Err(err(190, Some(467), "Invalid OAuth access token data."))
}

fn need_page(who: &Who, page: usize, req: &Req, id: &str) -> Result<(), ApiError> {
    match who {
        Who::Page(p) if *p == page => Ok(()),
        Who::System => Err(err(
            190,
            Some(2069032),
            "(#190) This method must be called with a Page Access Token",
        )),
        Who::Page(_) => Err(missing_object(&req.method, id)),
    }
}

fn need_ig(who: &Who, ig_page: Option<usize>, req: &Req, id: &str) -> Result<(), ApiError> {
    match who {
        Who::System => Ok(()),
        Who::Page(p) if Some(*p) == ig_page => Ok(()),
        Who::Page(_) => Err(missing_object(&req.method, id)),
    }
}

/// Scheduled FB posts whose time has come become published.
fn publish_due(w: &mut World, now: OffsetDateTime) {
    let mut i = 0;
    while i < w.unpublished_posts.len() {
        match w.unpublished_posts[i].scheduled_publish_time {
            Some(t) if t <= now => {
                let mut u = w.unpublished_posts.remove(i);
                u.post.created_time = t;
                w.fb_posts.push(u.post);
            }
            _ => i += 1,
        }
    }
}

fn reply_at(w: &World, r: &Reply) -> OffsetDateTime {
    w.reply_times
        .get(&r.id)
        .and_then(|t| OffsetDateTime::from_unix_timestamp(*t).ok())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

// ---------------------------------------------------------------------------------------
// Fields

#[derive(Debug, Clone)]
struct Field {
    name: String,
    mods: Vec<(String, String)>,
    sub: Option<Vec<Field>>,
}

impl Field {
    fn m(&self, key: &str) -> Option<&str> {
        self.mods
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn syntax(s: &str, at: usize) -> ApiError {
    err(
        2500,
        None,
        format!("Syntax error \"Unexpected input in fields: {s}\" at character {at}"),
    )
}

fn parse_fields(s: &str) -> Result<Vec<Field>, ApiError> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' | b'(' => depth += 1,
            b'}' | b')' => depth -= 1,
            b',' if depth == 0 => {
                push_field(&s[start..i], &mut out)?;
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(syntax(s, s.len()));
    }
    push_field(&s[start..], &mut out)?;
    Ok(out)
}

fn push_field(piece: &str, out: &mut Vec<Field>) -> Result<(), ApiError> {
    let p = piece.trim();
    if p.is_empty() {
        return Ok(());
    }
    let c: Vec<char> = p.chars().collect();
    let mut i = 0;
    let ident = |i: &mut usize| {
        let st = *i;
        while *i < c.len() && (c[*i].is_ascii_alphanumeric() || c[*i] == '_') {
            *i += 1;
        }
        c[st..*i].iter().collect::<String>()
    };
    let name = ident(&mut i);
    if name.is_empty() {
        return Err(syntax(p, 0));
    }
    let mut f = Field {
        name,
        mods: Vec::new(),
        sub: None,
    };
    while i < c.len() {
        match c[i] {
            '.' => {
                i += 1;
                let key = ident(&mut i);
                if key.is_empty() || i >= c.len() || c[i] != '(' {
                    return Err(syntax(p, i));
                }
                let st = i + 1;
                while i < c.len() && c[i] != ')' {
                    i += 1;
                }
                if i >= c.len() {
                    return Err(syntax(p, i));
                }
                f.mods
                    .push((key, c[st..i].iter().collect::<String>().trim().to_string()));
                i += 1;
            }
            '{' => {
                let st = i + 1;
                let mut depth = 1;
                i += 1;
                while i < c.len() && depth > 0 {
                    match c[i] {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth != 0 {
                    return Err(syntax(p, i));
                }
                let inner: String = c[st..i - 1].iter().collect();
                f.sub = Some(parse_fields(&inner)?);
            }
            ch if ch.is_whitespace() => i += 1,
            _ => return Err(syntax(p, i)),
        }
    }
    out.push(f);
    Ok(())
}

fn req_fields(req: &Req, defaults: &str) -> Result<Vec<Field>, ApiError> {
    match req.p("fields") {
        Some(f) if !f.trim().is_empty() => parse_fields(f),
        _ => parse_fields(defaults),
    }
}

fn sub_fields(f: &Field, defaults: &str) -> Result<Vec<Field>, ApiError> {
    match &f.sub {
        Some(s) => Ok(s.clone()),
        None => parse_fields(defaults),
    }
}

/// Renders a node: `id` plus each requested field; `get` answers `Ok(None)` for a known
/// field without a value and an error for an unknown one.
fn node(
    id: &str,
    fields: &[Field],
    mut get: impl FnMut(&Field) -> Result<Option<Value>, ApiError>,
) -> Result<Value, ApiError> {
    let mut m = Map::new();
    for f in fields {
        if f.name == "id" {
            continue;
        }
        if let Some(v) = get(f)? {
            m.insert(f.name.clone(), v);
        }
    }
    m.insert("id".into(), json!(id));
    Ok(Value::Object(m))
}

// ---------------------------------------------------------------------------------------
// Paging and small helpers

fn enc_cursor(n: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(n.to_string())
}

fn dec_cursor(c: &str) -> Result<usize, ApiError> {
    base64::engine::general_purpose::STANDARD
        .decode(c.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| err100("(#100) The cursor is invalid"))
}

fn page_url(base: &str, req: &Req, set: (&str, String)) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &req.params {
        if k != "after" && k != "before" && k != set.0 {
            q.append_pair(k, v);
        }
    }
    if let Some(t) = &req.token {
        q.append_pair("access_token", t);
    }
    q.append_pair(set.0, &set.1);
    format!("{base}{}?{}", req.path, q.finish())
}

/// Cursor paging over an already ordered list.
fn paged(base: &str, req: &Req, items: Vec<Value>) -> Result<Value, ApiError> {
    let total = items.len();
    let limit = match req.p("limit") {
        Some(s) => s
            .trim()
            .parse::<usize>()
            .map_err(|_| err100("(#100) Param limit must be an integer"))?
            .clamp(1, 100),
        None => 25,
    };
    let (start, end) = match (req.p("after"), req.p("before")) {
        (Some(a), _) => {
            let s = dec_cursor(a)?.min(total);
            (s, (s + limit).min(total))
        }
        (None, Some(b)) => {
            let e = dec_cursor(b)?.min(total);
            (e.saturating_sub(limit), e)
        }
        _ => (0, limit.min(total)),
    };
    let data: Vec<Value> = items[start..end].to_vec();
    let mut out = Map::new();
    let n = data.len();
    out.insert("data".into(), Value::Array(data));
    if n > 0 {
        let mut paging = Map::new();
        paging.insert(
            "cursors".into(),
            json!({"before": enc_cursor(start), "after": enc_cursor(end)}),
        );
        if start > 0 {
            paging.insert(
                "previous".into(),
                json!(page_url(base, req, ("before", enc_cursor(start)))),
            );
        }
        if end < total {
            paging.insert(
                "next".into(),
                json!(page_url(base, req, ("after", enc_cursor(end)))),
            );
        }
        out.insert("paging".into(), Value::Object(paging));
    }
    Ok(Value::Object(out))
}

fn parse_when(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return OffsetDateTime::from_unix_timestamp(s.parse().ok()?).ok();
    }
    let rfc = time::format_description::well_known::Rfc3339;
    if let Ok(t) = OffsetDateTime::parse(s, &rfc) {
        return Some(t);
    }
    if let Some(head) = s.strip_suffix("+0000") {
        if let Ok(t) = OffsetDateTime::parse(&format!("{head}Z"), &rfc) {
            return Some(t);
        }
    }
    let date_fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &date_fmt)
        .ok()
        .map(|d| d.midnight().assume_utc())
}

fn now_s(now: OffsetDateTime) -> OffsetDateTime {
    now.replace_nanosecond(0).unwrap_or(now)
}

fn shortcode() -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rand::rng();
    (0..11)
        .map(|_| A[rng.random_range(0..A.len())] as char)
        .collect()
}

fn page_link(p: &Page) -> String {
    format!(
        "https://www.facebook.com/{}",
        p.username.clone().unwrap_or_else(|| p.id.clone())
    )
}

fn page_of_ig(w: &World, ig: &str) -> Option<usize> {
    w.pages
        .iter()
        .position(|p| p.instagram.as_ref().is_some_and(|i| i.id == ig))
}

fn title_of(name: &str) -> String {
    let s = name.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn metric_list(req: &Req) -> Option<Vec<String>> {
    let raw = req.p("metric")?;
    let list: Vec<String> = if raw.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<String>>(raw).ok()?
    } else {
        raw.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    (!list.is_empty()).then_some(list)
}

fn id_list(raw: &str) -> Vec<String> {
    if raw.trim_start().starts_with('[') {
        if let Ok(v) = serde_json::from_str::<Vec<Value>>(raw) {
            return v
                .into_iter()
                .map(|x| match x {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect();
        }
    }
    raw.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Objects

#[derive(Clone, Copy)]
enum Obj {
    IgUser(usize),
    Page(usize),
    Container(usize),
    IgMedia(usize),
    IgChild(usize, usize),
    FbPost(usize),
    Unpublished(usize),
    Photo(usize),
    Comment(usize),
    Reply(usize),
}

fn find(w: &World, id: &str) -> Option<Obj> {
    if let Some(i) = page_of_ig(w, id) {
        return Some(Obj::IgUser(i));
    }
    if let Some(i) = w.pages.iter().position(|p| p.id == id) {
        return Some(Obj::Page(i));
    }
    if let Some(i) = w.containers.iter().position(|c| c.id == id) {
        return Some(Obj::Container(i));
    }
    if let Some(i) = w.ig_posts.iter().position(|m| m.id == id) {
        return Some(Obj::IgMedia(i));
    }
    for (i, m) in w.ig_posts.iter().enumerate() {
        if let Some(j) = m.children.iter().position(|c| c == id) {
            return Some(Obj::IgChild(i, j));
        }
    }
    if let Some(i) = w.fb_posts.iter().position(|p| p.id == id) {
        return Some(Obj::FbPost(i));
    }
    if let Some(i) = w.unpublished_posts.iter().position(|u| u.post.id == id) {
        return Some(Obj::Unpublished(i));
    }
    if let Some(i) = w.photos.iter().position(|p| p.id == id) {
        return Some(Obj::Photo(i));
    }
    if let Some(i) = w.comments.iter().position(|c| c.id == id) {
        return Some(Obj::Comment(i));
    }
    if let Some(i) = w.replies.iter().position(|r| r.id == id) {
        return Some(Obj::Reply(i));
    }
    None
}

/// The page index and IG-ness behind a comment's object.
fn comment_owner(w: &World, c: &Comment) -> (Option<usize>, bool) {
    if let Some(m) = w.ig_posts.iter().find(|m| m.id == c.object_id) {
        (page_of_ig(w, &m.owner_ig_id), true)
    } else if let Some(p) = w.fb_posts.iter().find(|p| p.id == c.object_id) {
        (w.pages.iter().position(|pg| pg.id == p.page_id), false)
    } else {
        (None, false)
    }
}

fn need_comment(w: &World, who: &Who, ci: usize, req: &Req, id: &str) -> Result<bool, ApiError> {
    let c = &w.comments[ci];
    let (page, ig) = comment_owner(w, c);
    if ig {
        need_ig(who, page, req, id)?;
    } else {
        match page {
            Some(p) => need_page(who, p, req, id)?,
            None => return Err(missing_object(&req.method, id)),
        }
    }
    Ok(ig)
}

// ---------------------------------------------------------------------------------------
// Rendering

fn ig_user_json(w: &World, pi: usize, fields: &[Field]) -> Result<Value, ApiError> {
    let page = &w.pages[pi];
    let ig = page.instagram.as_ref().expect("IG account");
    node(&ig.id, fields, |f| {
        Ok(match f.name.as_str() {
            "username" => Some(json!(ig.username)),
            "name" => Some(json!(page.name)),
            "followers_count" => Some(json!(ig.followers_count)),
            "follows_count" => Some(json!(w.extra(&ig.id, "follows_count"))),
            "media_count" => Some(json!(w
                .ig_posts
                .iter()
                .filter(|m| m.owner_ig_id == ig.id)
                .count())),
            "biography" => Some(json!("")),
            "profile_picture_url" | "website" => None,
            _ => return Err(unknown_field(&f.name, "IGUser")),
        })
    })
}

fn page_json(w: &World, pi: usize, fields: &[Field]) -> Result<Value, ApiError> {
    let p = &w.pages[pi];
    node(&p.id, fields, |f| {
        Ok(match f.name.as_str() {
            "name" => Some(json!(p.name)),
            "username" => p.username.clone().map(Value::from),
            "link" => Some(json!(page_link(p))),
            "followers_count" | "fan_count" => Some(json!(p.followers)),
            "access_token" => Some(json!(p.access_token)),
            "category" => Some(json!("Government organization")),
            "instagram_business_account" => match &p.instagram {
                Some(_) => Some(ig_user_json(w, pi, &sub_fields(f, "id")?)?),
                None => None,
            },
            _ => return Err(unknown_field(&f.name, "Page")),
        })
    })
}

fn ig_comments_count(w: &World, m: &IgMedia) -> u64 {
    let top: Vec<&Comment> = w.comments.iter().filter(|c| c.object_id == m.id).collect();
    let replies = w
        .replies
        .iter()
        .filter(|r| top.iter().any(|c| c.id == r.comment_id))
        .count();
    m.metrics.comments.max((top.len() + replies) as u64)
}

fn ig_child_json(m: &IgMedia, j: usize, fields: &[Field]) -> Result<Value, ApiError> {
    node(&m.children[j], fields, |f| {
        Ok(match f.name.as_str() {
            "media_type" => Some(json!("IMAGE")),
            "media_url" => m.image_urls.get(j).map(|u| json!(u)),
            "timestamp" => Some(json!(format_time(m.timestamp))),
            "permalink" => None,
            _ => return Err(unknown_field(&f.name, "IGMedia")),
        })
    })
}

fn ig_media_json(w: &World, m: &IgMedia, fields: &[Field]) -> Result<Value, ApiError> {
    node(&m.id, fields, |f| {
        Ok(match f.name.as_str() {
            "caption" => Some(json!(m.caption)),
            "permalink" => Some(json!(m.permalink)),
            "timestamp" => Some(json!(format_time(m.timestamp))),
            "like_count" => Some(json!(m.metrics.likes)),
            "comments_count" => Some(json!(ig_comments_count(w, m))),
            "media_type" => Some(json!(m.media_type)),
            "media_product_type" => Some(json!("FEED")),
            "shortcode" => Some(json!(m
                .permalink
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(""))),
            "media_url" => m.image_urls.first().map(|u| json!(u)),
            "username" => page_of_ig(w, &m.owner_ig_id)
                .and_then(|p| w.pages[p].instagram.as_ref())
                .map(|ig| json!(ig.username)),
            "owner" => Some(json!({"id": m.owner_ig_id})),
            "is_comment_enabled" => Some(json!(true)),
            "alt_text" => m.alt_text.clone().map(Value::from),
            "children" => {
                if m.media_type == "CAROUSEL_ALBUM" {
                    let sub = sub_fields(f, "id")?;
                    let data = (0..m.children.len())
                        .map(|j| ig_child_json(m, j, &sub))
                        .collect::<Result<Vec<_>, _>>()?;
                    Some(json!({ "data": data }))
                } else {
                    None
                }
            }
            _ => return Err(unknown_field(&f.name, "IGMedia")),
        })
    })
}

fn ig_reply_json(w: &World, r: &Reply, fields: &[Field]) -> Result<Value, ApiError> {
    let parent = w.comments.iter().find(|c| c.id == r.comment_id);
    let account = parent
        .and_then(|c| w.ig_posts.iter().find(|m| m.id == c.object_id))
        .and_then(|m| page_of_ig(w, &m.owner_ig_id))
        .and_then(|p| w.pages[p].instagram.as_ref());
    node(&r.id, fields, |f| {
        Ok(match f.name.as_str() {
            "text" => Some(json!(r.message)),
            "timestamp" => Some(json!(format_time(reply_at(w, r)))),
            "username" => account.map(|a| json!(a.username)),
            "from" => account.map(|a| json!({"id": a.id, "username": a.username})),
            "like_count" => Some(json!(0)),
            "hidden" => Some(json!(false)),
            "parent_id" => Some(json!(r.comment_id)),
            "media" => parent.map(|c| json!({"id": c.object_id})),
            "replies" => None,
            _ => return Err(unknown_field(&f.name, "IGComment")),
        })
    })
}

fn ig_comment_json(w: &World, c: &Comment, fields: &[Field]) -> Result<Value, ApiError> {
    node(&c.id, fields, |f| {
        Ok(match f.name.as_str() {
            "text" => Some(json!(c.text)),
            "timestamp" => Some(json!(format_time(c.at))),
            "username" => Some(json!(c.author)),
            "from" => Some(json!({"id": c.author_id, "username": c.author})),
            "like_count" => Some(json!(0)),
            "hidden" => Some(json!(w.hidden_comments.contains(&c.id))),
            "media" => Some(json!({"id": c.object_id})),
            "parent_id" => None,
            "replies" => {
                let sub = sub_fields(f, "id,text,timestamp")?;
                let data = w
                    .replies
                    .iter()
                    .filter(|r| r.comment_id == c.id)
                    .map(|r| ig_reply_json(w, r, &sub))
                    .collect::<Result<Vec<_>, _>>()?;
                if data.is_empty() {
                    None
                } else {
                    Some(json!({ "data": data }))
                }
            }
            _ => return Err(unknown_field(&f.name, "IGComment")),
        })
    })
}

/// A FB comment or a Page reply, seen the same way.
struct FbC<'a> {
    id: &'a str,
    message: &'a str,
    at: OffsetDateTime,
    from: Value,
    parent: Option<&'a str>,
    object_id: &'a str,
    reply_count: usize,
    hidden: bool,
}

fn fb_views<'a>(w: &'a World, post: &'a FbPost, stream: bool) -> Vec<FbC<'a>> {
    let page = w.pages.iter().find(|p| p.id == post.page_id);
    let page_from =
        json!({"name": page.map(|p| p.name.clone()).unwrap_or_default(), "id": post.page_id});
    let mut out = Vec::new();
    for c in w.comments.iter().filter(|c| c.object_id == post.id) {
        out.push(FbC {
            id: &c.id,
            message: &c.text,
            at: c.at,
            from: json!({"name": c.author, "id": c.author_id}),
            parent: None,
            object_id: &post.id,
            reply_count: w.replies.iter().filter(|r| r.comment_id == c.id).count(),
            hidden: w.hidden_comments.contains(&c.id),
        });
        if stream {
            for r in w.replies.iter().filter(|r| r.comment_id == c.id) {
                out.push(FbC {
                    id: &r.id,
                    message: &r.message,
                    at: reply_at(w, r),
                    from: page_from.clone(),
                    parent: Some(&c.id),
                    object_id: &post.id,
                    reply_count: 0,
                    hidden: false,
                });
            }
        }
    }
    out
}

fn fb_reply_views<'a>(w: &'a World, c: &'a Comment) -> Vec<FbC<'a>> {
    let post = w.fb_posts.iter().find(|p| p.id == c.object_id);
    let page = post.and_then(|p| w.pages.iter().find(|pg| pg.id == p.page_id));
    let from = json!({"name": page.map(|p| p.name.clone()).unwrap_or_default(), "id": page.map(|p| p.id.clone()).unwrap_or_default()});
    w.replies
        .iter()
        .filter(|r| r.comment_id == c.id)
        .map(|r| FbC {
            id: &r.id,
            message: &r.message,
            at: reply_at(w, r),
            from: from.clone(),
            parent: Some(&c.id),
            object_id: &c.object_id,
            reply_count: 0,
            hidden: false,
        })
        .collect()
}

fn fb_comment_json(c: &FbC, fields: &[Field]) -> Result<Value, ApiError> {
    node(c.id, fields, |f| {
        Ok(match f.name.as_str() {
            "message" => Some(json!(c.message)),
            "created_time" => Some(json!(format_time(c.at))),
            "from" => Some(c.from.clone()),
            "like_count" => Some(json!(0)),
            "comment_count" => Some(json!(c.reply_count)),
            "parent" => c.parent.map(|p| json!({"id": p})),
            "is_hidden" => Some(json!(c.hidden)),
            "can_comment" => Some(json!(c.parent.is_none())),
            "object" => Some(json!({"id": c.object_id})),
            "permalink_url" => Some(json!(format!(
                "https://www.facebook.com/{}?comment_id={}",
                c.object_id, c.id
            ))),
            _ => return Err(unknown_field(&f.name, "Comment")),
        })
    })
}

fn order_fb(list: &mut [FbC], order: &str) -> Result<(), ApiError> {
    match order {
        "chronological" | "" => list.sort_by_key(|c| c.at),
        "reverse_chronological" => list.sort_by_key(|c| std::cmp::Reverse(c.at)),
        "ranked" => {}
        other => {
            return Err(err100(format!(
                "(#100) param order must be one of {{CHRONOLOGICAL, REVERSE_CHRONOLOGICAL, RANKED}} - got \"{other}\""
            )))
        }
    }
    Ok(())
}

/// `unpublished`: `None` for a published post, else `Some(scheduled time)`.
fn fb_post_json(
    w: &World,
    p: &FbPost,
    unpublished: Option<Option<OffsetDateTime>>,
    fields: &[Field],
) -> Result<Value, ApiError> {
    let page = w.pages.iter().find(|pg| pg.id == p.page_id);
    node(&p.id, fields, |f| {
        Ok(match f.name.as_str() {
            "message" => (!p.message.is_empty()).then(|| json!(p.message)),
            "created_time" => Some(json!(format_time(p.created_time))),
            "updated_time" => Some(json!(format_time(p.created_time))),
            "permalink_url" => Some(json!(p.permalink_url)),
            "is_published" => Some(json!(unpublished.is_none())),
            "full_picture" => p.image_urls.first().map(|u| json!(u)),
            "status_type" => Some(json!(
                if p.photo_ids.is_empty() && p.image_urls.is_empty() {
                    "mobile_status_update"
                } else {
                    "added_photos"
                }
            )),
            "link" => w.post_links.get(&p.id).map(|l| json!(l)),
            "scheduled_publish_time" => unpublished.flatten().map(|t| json!(t.unix_timestamp())),
            "from" => Some(
                json!({"name": page.map(|pg| pg.name.clone()).unwrap_or_default(), "id": p.page_id}),
            ),
            "shares" => (p.metrics.shares > 0).then(|| json!({"count": p.metrics.shares})),
            "comments" => {
                let order = f.m("order").unwrap_or("chronological");
                let stream = f.m("filter") == Some("stream");
                let mut list = fb_views(w, p, stream);
                order_fb(&mut list, order)?;
                let limit = f
                    .m("limit")
                    .and_then(|l| l.parse::<usize>().ok())
                    .unwrap_or(25);
                let sub = sub_fields(f, "created_time,from,message,id")?;
                let data = list
                    .iter()
                    .take(limit)
                    .map(|c| fb_comment_json(c, &sub))
                    .collect::<Result<Vec<_>, _>>()?;
                let mut v = json!({ "data": data });
                if f.m("summary") == Some("true") {
                    v["summary"] =
                        json!({"order": order, "total_count": list.len(), "can_comment": true});
                }
                Some(v)
            }
            "reactions" | "likes" => {
                let mut v = json!({"data": []});
                if f.m("summary") == Some("true") {
                    v["summary"] = json!({"total_count": p.metrics.reactions, "viewer_reaction": "NONE", "can_like": true, "has_liked": false});
                }
                Some(v)
            }
            "attachments" => None,
            _ => return Err(unknown_field(&f.name, "PagePost")),
        })
    })
}

fn photo_json(ph: &Photo, fields: &[Field]) -> Result<Value, ApiError> {
    node(&ph.id, fields, |f| {
        Ok(match f.name.as_str() {
            "created_time" => Some(json!(format_time(ph.created_at))),
            "link" => Some(json!(format!(
                "https://www.facebook.com/photo.php?fbid={}",
                ph.id
            ))),
            "images" => Some(json!([{ "source": ph.url }])),
            "page_story_id" => ph.post_id.clone().map(Value::from),
            _ => return Err(unknown_field(&f.name, "Photo")),
        })
    })
}

fn container_json(
    w: &World,
    c: &Container,
    fields: &[Field],
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let _ = w;
    let (code, text) = if c.published_media.is_some() {
        (
            "PUBLISHED",
            "Published: Media has been successfully published.",
        )
    } else if c.created_at + Duration::hours(24) < now {
        (
            "EXPIRED",
            "Expired: Media was not published within 24 hours.",
        )
    } else if c.finished {
        (
            "FINISHED",
            "Finished: Media has been uploaded and it is complete to publish.",
        )
    } else {
        (
            "IN_PROGRESS",
            "In Progress: Media is still being processed.",
        )
    };
    node(&c.id, fields, |f| {
        Ok(match f.name.as_str() {
            "status_code" => Some(json!(code)),
            "status" => Some(json!(text)),
            _ => return Err(unknown_field(&f.name, "ShadowIGMediaBuilder")),
        })
    })
}

// ---------------------------------------------------------------------------------------
// Routing

fn route(
    w: &mut World,
    base: &str,
    req: &Req,
    fetched: Option<&Fetched>,
    now: OffsetDateTime,
) -> R<Value> {
    let who = who(w, req)?;
    let segs: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    let m = req.method.as_str();
    match (m, segs.as_slice()) {
        ("GET", ["me"]) => match who {
            Who::System => {
                let fields = req_fields(req, "id,name")?;
                Ok(node("100000000000001", &fields, |f| {
                    Ok(match f.name.as_str() {
                        "name" => Some(json!("Medsos Hub")),
                        _ => return Err(unknown_field(&f.name, "User")),
                    })
                })?)
            }
            Who::Page(p) => Ok(page_json(w, p, &req_fields(req, "id,name")?)?),
        },
        ("GET", ["me", "accounts"]) => match who {
            Who::System => {
                let fields = req_fields(req, "id,name,access_token")?;
                let items = (0..w.pages.len())
                    .map(|i| page_json(w, i, &fields))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(paged(base, req, items)?)
            }
            Who::Page(_) => Err(unknown_field("accounts", "Page").into()),
        },
        (_, [id, rest @ ..]) if !id.is_empty() && rest.len() <= 1 => {
            let id = if *id == "me" {
                match who {
                    Who::Page(p) => w.pages[p].id.clone(),
                    Who::System => return Err(unknown_path(&req.path).into()),
                }
            } else {
                id.to_string()
            };
            let Some(obj) = find(w, &id) else {
                return Err(missing_object(m, &id).into());
            };
            let edge = rest.first().copied();
            object_route(w, base, req, &who, obj, &id, edge, fetched, now)
        }
        _ => Err(unknown_path(&req.path).into()),
    }
}

#[allow(clippy::too_many_arguments)]
fn object_route(
    w: &mut World,
    base: &str,
    req: &Req,
    who: &Who,
    obj: Obj,
    id: &str,
    edge: Option<&str>,
    fetched: Option<&Fetched>,
    now: OffsetDateTime,
) -> R<Value> {
    let m = req.method.as_str();
    match obj {
        Obj::IgUser(pi) => {
            need_ig(who, Some(pi), req, id)?;
            match (m, edge) {
                ("GET", None) => Ok(ig_user_json(w, pi, &req_fields(req, "id,username")?)?),
                ("POST", Some("media")) => ig_create_media(w, req, id, fetched, now),
                ("POST", Some("media_publish")) => ig_publish(w, req, id, now),
                ("GET", Some("content_publishing_limit")) => {
                    let fields = req_fields(req, "quota_usage")?;
                    let mut item = Map::new();
                    for f in &fields {
                        match f.name.as_str() {
                            "quota_usage" => {
                                item.insert("quota_usage".into(), json!(w.quota_usage));
                            }
                            "config" => {
                                item.insert(
                                    "config".into(),
                                    json!({"quota_total": w.quota_total, "quota_duration": 86400}),
                                );
                            }
                            other => {
                                return Err(
                                    unknown_field(other, "ContentPublishingLimitResponse").into()
                                )
                            }
                        }
                    }
                    Ok(json!({ "data": [item] }))
                }
                ("GET", Some("media")) => {
                    let fields = req_fields(req, "id")?;
                    let mut list: Vec<&IgMedia> =
                        w.ig_posts.iter().filter(|p| p.owner_ig_id == id).collect();
                    list.sort_by_key(|m| std::cmp::Reverse(m.timestamp));
                    let items = list
                        .into_iter()
                        .map(|p| ig_media_json(w, p, &fields))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(paged(base, req, items)?)
                }
                ("GET", Some("insights")) => Ok(ig_user_insights(w, base, req, pi, now)?),
                (_, Some(e)) => Err(unknown_path(&format!("/{e}")).into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::Page(pi) => {
            if edge.is_none() && m == "GET" {
                if let Who::Page(p) = who {
                    if *p != pi {
                        return Err(missing_object(m, id).into());
                    }
                }
                return Ok(page_json(w, pi, &req_fields(req, "id,name")?)?);
            }
            need_page(who, pi, req, id)?;
            match (m, edge) {
                ("POST", Some("photos")) => fb_photo(w, req, pi, fetched, now),
                ("POST", Some("feed")) => fb_feed(w, req, pi, now),
                ("GET", Some("feed" | "posts" | "published_posts" | "scheduled_posts")) => {
                    let scheduled = edge == Some("scheduled_posts");
                    let since = req.p("since").and_then(parse_when);
                    let until = req.p("until").and_then(parse_when);
                    let page_id = w.pages[pi].id.clone();
                    let fields = req_fields(req, "id,message,created_time")?;
                    let mut list: Vec<(&FbPost, Option<Option<OffsetDateTime>>)> = if scheduled {
                        w.unpublished_posts
                            .iter()
                            .filter(|u| u.scheduled_publish_time.is_some())
                            .map(|u| (&u.post, Some(u.scheduled_publish_time)))
                            .collect()
                    } else {
                        w.fb_posts.iter().map(|p| (p, None)).collect()
                    };
                    list.retain(|(p, _)| {
                        p.page_id == page_id
                            && since.is_none_or(|s| p.created_time >= s)
                            && until.is_none_or(|u| p.created_time <= u)
                    });
                    list.sort_by_key(|(p, _)| std::cmp::Reverse(p.created_time));
                    let items = list
                        .into_iter()
                        .map(|(p, u)| fb_post_json(w, p, u, &fields))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(paged(base, req, items)?)
                }
                ("GET", Some("insights")) => Ok(page_insights(w, base, req, pi, now)?),
                (_, Some(e)) => Err(unknown_path(&format!("/{e}")).into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::Container(ci) => {
            let ig = w.containers[ci].ig_id.clone();
            need_ig(who, page_of_ig(w, &ig), req, id)?;
            match (m, edge) {
                ("GET", None) => {
                    let fields = req_fields(req, "id")?;
                    if fields
                        .iter()
                        .any(|f| f.name == "status_code" || f.name == "status")
                    {
                        let polls = w.polls_until_finished;
                        let c = &mut w.containers[ci];
                        c.reads += 1;
                        if !c.finished && c.reads > polls {
                            c.finished = true;
                        }
                    }
                    Ok(container_json(w, &w.containers[ci], &fields, now)?)
                }
                (_, Some(e)) => Err(unknown_path(&format!("/{e}")).into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::IgMedia(mi) => {
            let owner = w.ig_posts[mi].owner_ig_id.clone();
            need_ig(who, page_of_ig(w, &owner), req, id)?;
            match (m, edge) {
                ("GET", None) => Ok(ig_media_json(w, &w.ig_posts[mi], &req_fields(req, "id")?)?),
                ("GET", Some("insights")) => Ok(ig_media_insights(w, req, mi)?),
                ("GET", Some("children")) => {
                    let fields = req_fields(req, "id")?;
                    let media = &w.ig_posts[mi];
                    let items = (0..media.children.len())
                        .map(|j| ig_child_json(media, j, &fields))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(json!({ "data": items }))
                }
                ("GET", Some("comments")) => {
                    let fields = req_fields(req, "id,text,timestamp")?;
                    let mut list: Vec<&Comment> =
                        w.comments.iter().filter(|c| c.object_id == id).collect();
                    // Newest first (Meta does not document the order).
                    list.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
                    let items = list
                        .into_iter()
                        .map(|c| ig_comment_json(w, c, &fields))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(paged(base, req, items)?)
                }
                ("POST", Some("comments")) => {
                    let msg = required(req, "message")?;
                    let account = page_of_ig(w, &owner)
                        .and_then(|p| w.pages[p].instagram.clone())
                        .unwrap_or_default();
                    let cid = w.add_comment(id, &msg, &account.username, now_s(now));
                    if let Some(c) = w.comments.iter_mut().find(|c| c.id == cid) {
                        c.author_id = account.id.clone();
                    }
                    Ok(json!({ "id": cid }))
                }
                (_, Some(e)) => Err(unknown_path(&format!("/{e}")).into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::IgChild(mi, j) => {
            let owner = w.ig_posts[mi].owner_ig_id.clone();
            need_ig(who, page_of_ig(w, &owner), req, id)?;
            match (m, edge) {
                ("GET", None) => Ok(ig_child_json(&w.ig_posts[mi], j, &req_fields(req, "id")?)?),
                ("GET", Some("insights")) => Err(err(
                    10,
                    None,
                    "(#10) Insights are not available for album children.",
                )
                .into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::FbPost(pi) => {
            let page = w
                .pages
                .iter()
                .position(|p| p.id == w.fb_posts[pi].page_id)
                .ok_or_else(|| missing_object(m, id))?;
            need_page(who, page, req, id)?;
            match (m, edge) {
                ("GET", None) => Ok(fb_post_json(
                    w,
                    &w.fb_posts[pi],
                    None,
                    &req_fields(req, "id,message,created_time")?,
                )?),
                ("POST", None) => {
                    if let Some(msg) = req.p("message") {
                        w.fb_posts[pi].message = msg.to_string();
                    }
                    Ok(json!({"success": true}))
                }
                ("DELETE", None) => {
                    w.fb_posts.remove(pi);
                    Ok(json!({"success": true}))
                }
                ("GET", Some("insights")) => Ok(post_insights(w, req, pi)?),
                ("GET", Some("comments")) => {
                    let fields = req_fields(req, "created_time,from,message,id")?;
                    let stream = match req.p("filter").unwrap_or("toplevel") {
                        "toplevel" => false,
                        "stream" => true,
                        other => {
                            return Err(err100(format!(
                                "(#100) param filter must be one of {{TOPLEVEL, STREAM}} - got \"{other}\""
                            ))
                            .into())
                        }
                    };
                    let order = req.p("order").unwrap_or("chronological");
                    let post = &w.fb_posts[pi];
                    let mut list = fb_views(w, post, stream);
                    order_fb(&mut list, order)?;
                    let total = list.len();
                    let items = list
                        .iter()
                        .map(|c| fb_comment_json(c, &fields))
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut v = paged(base, req, items)?;
                    if req.flag("summary", false) {
                        v["summary"] =
                            json!({"order": order, "total_count": total, "can_comment": true});
                    }
                    Ok(v)
                }
                ("POST", Some("comments")) => {
                    let msg = required(req, "message")?;
                    let name = w.pages[page].name.clone();
                    let page_id = w.pages[page].id.clone();
                    let cid = w.add_comment(id, &msg, &name, now_s(now));
                    if let Some(c) = w.comments.iter_mut().find(|c| c.id == cid) {
                        c.author_id = page_id;
                    }
                    Ok(json!({ "id": cid }))
                }
                (_, Some(e)) => Err(unknown_path(&format!("/{e}")).into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::Unpublished(ui) => {
            let page = w
                .pages
                .iter()
                .position(|p| p.id == w.unpublished_posts[ui].post.page_id)
                .ok_or_else(|| missing_object(m, id))?;
            need_page(who, page, req, id)?;
            match (m, edge) {
                ("GET", None) => {
                    let u = &w.unpublished_posts[ui];
                    let fields = req_fields(req, "id,message,created_time")?;
                    Ok(fb_post_json(
                        w,
                        &u.post,
                        Some(u.scheduled_publish_time),
                        &fields,
                    )?)
                }
                ("POST", None) => {
                    if let Some(msg) = req.p("message") {
                        w.unpublished_posts[ui].post.message = msg.to_string();
                    }
                    Ok(json!({"success": true}))
                }
                ("DELETE", None) => {
                    w.unpublished_posts.remove(ui);
                    Ok(json!({"success": true}))
                }
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::Photo(phi) => {
            let page = w
                .pages
                .iter()
                .position(|p| p.id == w.photos[phi].page_id)
                .ok_or_else(|| missing_object(m, id))?;
            need_page(who, page, req, id)?;
            match (m, edge) {
                ("GET", None) => Ok(photo_json(&w.photos[phi], &req_fields(req, "id")?)?),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::Comment(ci) => {
            let ig = need_comment(w, who, ci, req, id)?;
            match (m, edge, ig) {
                ("GET", None, true) => Ok(ig_comment_json(
                    w,
                    &w.comments[ci],
                    &req_fields(req, "id,text,timestamp")?,
                )?),
                ("GET", None, false) => {
                    let c = &w.comments[ci];
                    let post = w
                        .fb_posts
                        .iter()
                        .find(|p| p.id == c.object_id)
                        .ok_or_else(|| missing_object(m, id))?;
                    let views = fb_views(w, post, false);
                    let v = views
                        .iter()
                        .find(|v| v.id == id)
                        .ok_or_else(|| missing_object(m, id))?;
                    Ok(fb_comment_json(
                        v,
                        &req_fields(req, "created_time,from,message,id")?,
                    )?)
                }
                ("GET", Some("replies"), true) => {
                    let fields = req_fields(req, "id,text,timestamp")?;
                    let cid = w.comments[ci].id.clone();
                    let items = w
                        .replies
                        .iter()
                        .filter(|r| r.comment_id == cid)
                        .map(|r| ig_reply_json(w, r, &fields))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(paged(base, req, items)?)
                }
                ("GET", Some("comments"), false) => {
                    let fields = req_fields(req, "created_time,from,message,id")?;
                    let c = &w.comments[ci];
                    let items = fb_reply_views(w, c)
                        .iter()
                        .map(|v| fb_comment_json(v, &fields))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(paged(base, req, items)?)
                }
                ("POST", None, _) => {
                    let flag = req.p("hide").or_else(|| req.p("is_hidden"));
                    if let Some(v) = flag {
                        let cid = w.comments[ci].id.clone();
                        if matches!(v, "true" | "1") {
                            w.hidden_comments.insert(cid);
                        } else {
                            w.hidden_comments.remove(&cid);
                        }
                    } else if let Some(msg) = req.p("message") {
                        w.comments[ci].text = msg.to_string();
                    }
                    Ok(json!({"success": true}))
                }
                ("DELETE", None, _) => {
                    let c = w.comments.remove(ci);
                    w.replies.retain(|r| r.comment_id != c.id);
                    Ok(json!({"success": true}))
                }
                ("POST", Some("replies"), true) | ("POST", Some("comments"), false) => {
                    let msg = required(req, "message")?;
                    let cid = w.comments[ci].id.clone();
                    if ig && w.hidden_comments.contains(&cid) {
                        return Err(err100("(#100) A hidden comment cannot be replied to.").into());
                    }
                    Ok(push_reply(w, &cid, &msg, ig, now))
                }
                (_, Some(e), _) => Err(unknown_path(&format!("/{e}")).into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
        Obj::Reply(ri) => {
            let parent = w.replies[ri].comment_id.clone();
            let ci = w
                .comments
                .iter()
                .position(|c| c.id == parent)
                .ok_or_else(|| missing_object(m, id))?;
            let ig = need_comment(w, who, ci, req, id)?;
            match (m, edge, ig) {
                ("GET", None, true) => Ok(ig_reply_json(
                    w,
                    &w.replies[ri],
                    &req_fields(req, "id,text,timestamp")?,
                )?),
                ("GET", None, false) => {
                    let c = &w.comments[ci];
                    let views = fb_reply_views(w, c);
                    let v = views
                        .iter()
                        .find(|v| v.id == id)
                        .ok_or_else(|| missing_object(m, id))?;
                    Ok(fb_comment_json(
                        v,
                        &req_fields(req, "created_time,from,message,id")?,
                    )?)
                }
                // A reply to a reply lands on the top-level comment.
                ("POST", Some("replies"), true) | ("POST", Some("comments"), false) => {
                    let msg = required(req, "message")?;
                    Ok(push_reply(w, &parent, &msg, ig, now))
                }
                (_, Some(e), _) => Err(unknown_path(&format!("/{e}")).into()),
                _ => Err(missing_object(m, id).into()),
            }
        }
    }
}

fn required(req: &Req, key: &str) -> Result<String, ApiError> {
    match req.p(key) {
        Some(v) if !v.trim().is_empty() => Ok(v.to_string()),
        _ => Err(err100(format!("(#100) The parameter {key} is required"))),
    }
}

fn push_reply(
    w: &mut World,
    comment_id: &str,
    message: &str,
    ig: bool,
    now: OffsetDateTime,
) -> Value {
    let n = w.take_id();
    let id = if ig {
        format!("{}", 18_000_000_000_000_000u64 + n)
    } else {
        let post_part = comment_id.split('_').next().unwrap_or(comment_id);
        format!("{post_part}_{}", 4_000_000_000_000u64 + n)
    };
    w.replies.push(Reply {
        comment_id: comment_id.to_string(),
        message: message.to_string(),
        id: id.clone(),
    });
    w.reply_times.insert(id.clone(), now.unix_timestamp());
    json!({ "id": id })
}

// ---------------------------------------------------------------------------------------
// Instagram publishing

fn ig_create_media(
    w: &mut World,
    req: &Req,
    ig_id: &str,
    fetched: Option<&Fetched>,
    now: OffsetDateTime,
) -> R<Value> {
    let caption = req.p("caption").unwrap_or("").to_string();
    if caption.chars().count() > 2200 {
        return Err(err(36004, Some(2207010), "The caption is too long.")
            .user(
                "Caption too long",
                "The caption must be at most 2,200 characters.",
            )
            .into());
    }
    let is_item = req.flag("is_carousel_item", false);
    let alt_text = req.p("alt_text").map(str::to_string);
    let media_type = req.p("media_type").map(|s| s.to_ascii_uppercase());
    let mut container = Container {
        id: String::new(),
        ig_id: ig_id.to_string(),
        image_url: None,
        caption,
        alt_text,
        is_carousel_item: is_item,
        children: Vec::new(),
        reads: 0,
        finished: w.polls_until_finished == 0,
        published_media: None,
        created_at: now,
    };
    match media_type.as_deref() {
        Some("CAROUSEL") => {
            let children = id_list(req.p("children").unwrap_or(""));
            if !(2..=10).contains(&children.len()) {
                return Err(err(
                    100,
                    Some(2207028),
                    "(#100) The carousel must contain between 2 and 10 media.",
                )
                .user("Carousel size", "A carousel needs 2 to 10 items.")
                .into());
            }
            for c in &children {
                let ok = w.containers.iter().any(|k| {
                    &k.id == c
                        && k.ig_id == ig_id
                        && k.is_carousel_item
                        && k.published_media.is_none()
                });
                if !ok {
                    return Err(err(
                        24,
                        Some(2207006),
                        format!("The media with id {c} cannot be found."),
                    )
                    .into());
                }
            }
            container.children = children;
        }
        None | Some("IMAGE") => {
            let Some(url) = req.p("image_url").filter(|u| !u.is_empty()) else {
                if req.p("video_url").is_some() {
                    return Err(err(
                        100,
                        Some(2207023),
                        "(#100) The media type is not supported.",
                    )
                    .into());
                }
                return Err(err100("(#100) The parameter image_url is required.").into());
            };
            let f = match fetched {
                Some(f) if f.url == url => f,
                _ => return Err(Flow::Fetch(url.to_string())),
            };
            let download_failed = || {
                err(
                    9004,
                    Some(2207052),
                    "Only photo or video can be accepted as media type.",
                )
                .user(
                    "Media download has failed.",
                    format!("The media could not be fetched from this uri: {url}"),
                )
            };
            if !(200..300).contains(&f.status) {
                return Err(download_failed().into());
            }
            if f.bytes.len() > 8 * 1024 * 1024 {
                return Err(err(36000, Some(2207004), "The image size is too large.")
                    .user("Image too large", "The image is larger than 8 MB.")
                    .into());
            }
            if !f.bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
                return Err(download_failed().into());
            }
            container.image_url = Some(url.to_string());
        }
        Some(_) => {
            return Err(err(
                100,
                Some(2207023),
                "(#100) The media type is unknown or not supported.",
            )
            .into())
        }
    }
    let n = w.take_id();
    container.id = format!("{}", 17_889_000_000_000_000u64 + n);
    let id = container.id.clone();
    w.containers.push(container);
    Ok(json!({ "id": id }))
}

fn ig_publish(w: &mut World, req: &Req, ig_id: &str, now: OffsetDateTime) -> R<Value> {
    let creation = required(req, "creation_id")?;
    let Some(ci) = w
        .containers
        .iter()
        .position(|c| c.id == creation && c.ig_id == ig_id)
    else {
        return Err(err(
            24,
            Some(2207006),
            format!("The media with id {creation} cannot be found."),
        )
        .into());
    };
    let c = w.containers[ci].clone();
    if c.published_media.is_some() {
        return Err(err100("(#100) This media container has already been published.").into());
    }
    if c.created_at + Duration::hours(24) < now {
        return Err(err(-2, Some(2207020), "The media container has expired.").into());
    }
    if c.is_carousel_item {
        return Err(err100("(#100) A carousel item cannot be published on its own.").into());
    }
    if !c.finished {
        return Err(err(9007, Some(2207027), "Media ID is not available")
            .user(
                "Media not ready for publishing",
                "The media is not ready for publishing, please wait for a moment",
            )
            .into());
    }
    if w.quota_usage >= w.quota_total {
        return Err(err(9, Some(2207042), "Application request limit reached")
            .user(
                "Maximum posts reached",
                "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
            )
            .into());
    }
    let media_id = format!("{}", 17_900_000_000_000_000u64 + w.take_id());
    let mut media = IgMedia {
        id: media_id.clone(),
        owner_ig_id: ig_id.to_string(),
        caption: c.caption.clone(),
        permalink: format!("https://www.instagram.com/p/{}/", shortcode()),
        timestamp: now_s(now),
        alt_text: c.alt_text.clone(),
        ..IgMedia::default()
    };
    if c.children.is_empty() {
        media.media_type = "IMAGE".into();
        media.image_urls = c.image_url.iter().cloned().collect();
    } else {
        media.media_type = "CAROUSEL_ALBUM".into();
        for child in &c.children {
            let child_media = format!("{}", 17_900_000_000_000_000u64 + w.take_id());
            if let Some(k) = w.containers.iter_mut().find(|k| &k.id == child) {
                media.image_urls.extend(k.image_url.iter().cloned());
                k.published_media = Some(child_media.clone());
            }
            media.children.push(child_media);
        }
    }
    w.containers[ci].published_media = Some(media_id.clone());
    w.ig_posts.push(media);
    w.quota_usage += 1;
    Ok(json!({ "id": media_id }))
}

// ---------------------------------------------------------------------------------------
// Facebook publishing

fn is_image(b: &[u8]) -> bool {
    b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(&[0x89, b'P', b'N', b'G'])
        || b.starts_with(b"GIF8")
        || b.starts_with(b"BM")
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
}

fn new_post(w: &mut World, pi: usize, message: &str, now: OffsetDateTime) -> FbPost {
    let part = 1_222_000_000_000_000u64 + w.take_id();
    let page = &w.pages[pi];
    FbPost {
        id: format!("{}_{part}", page.id),
        page_id: page.id.clone(),
        message: message.to_string(),
        permalink_url: format!("{}/posts/{part}", page_link(page)),
        created_time: now_s(now),
        ..FbPost::default()
    }
}

fn fb_photo(
    w: &mut World,
    req: &Req,
    pi: usize,
    fetched: Option<&Fetched>,
    now: OffsetDateTime,
) -> R<Value> {
    let Some(url) = req.p("url").filter(|u| !u.is_empty()) else {
        return Err(err(324, None, "(#324) Requires upload file").into());
    };
    let f = match fetched {
        Some(f) if f.url == url => f,
        _ => return Err(Flow::Fetch(url.to_string())),
    };
    if !(200..300).contains(&f.status) || !is_image(&f.bytes) || f.bytes.len() > 10 * 1024 * 1024 {
        return Err(err(324, None, "(#324) Missing or invalid image file").into());
    }
    let published = req.flag("published", true);
    if req.p("scheduled_publish_time").is_some() {
        return Err(err100("(#100) Schedule the post through /feed with attached_media (not supported by this stand-in on /photos).").into());
    }
    let photo_id = format!("{}", 1_223_000_000_000_000u64 + w.take_id());
    let page_id = w.pages[pi].id.clone();
    let mut photo = Photo {
        id: photo_id.clone(),
        page_id,
        url: url.to_string(),
        post_id: None,
        created_at: now_s(now),
    };
    if !published {
        w.photos.push(photo);
        return Ok(json!({ "id": photo_id }));
    }
    let mut post = new_post(w, pi, req.p("message").unwrap_or(""), now);
    post.photo_ids = vec![photo_id.clone()];
    post.image_urls = vec![url.to_string()];
    photo.post_id = Some(post.id.clone());
    let post_id = post.id.clone();
    w.photos.push(photo);
    w.fb_posts.push(post);
    Ok(json!({ "id": photo_id, "post_id": post_id }))
}

fn attached_media(req: &Req) -> Result<Vec<String>, ApiError> {
    let bad = || err100("(#100) param attached_media must be an array of objects with media_fbid");
    let fbid = |v: &Value| -> Result<String, ApiError> {
        match v.get("media_fbid") {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => Err(bad()),
        }
    };
    if let Some(raw) = req.p("attached_media") {
        let arr: Vec<Value> = serde_json::from_str(raw).map_err(|_| bad())?;
        return arr.iter().map(fbid).collect();
    }
    let mut indexed: Vec<(usize, String)> = Vec::new();
    for (k, v) in &req.params {
        if let Some(rest) = k.strip_prefix("attached_media[") {
            let n: usize = rest.trim_end_matches(']').parse().map_err(|_| bad())?;
            let val: Value = serde_json::from_str(v).map_err(|_| bad())?;
            indexed.push((n, fbid(&val)?));
        }
    }
    indexed.sort_by_key(|(n, _)| *n);
    Ok(indexed.into_iter().map(|(_, s)| s).collect())
}

fn fb_feed(w: &mut World, req: &Req, pi: usize, now: OffsetDateTime) -> R<Value> {
    let message = req.p("message").unwrap_or("").to_string();
    let link = req.p("link").filter(|l| !l.is_empty()).map(str::to_string);
    let media = attached_media(req)?;
    if message.is_empty() && link.is_none() && media.is_empty() {
        return Err(
            err100("(#100) The post is empty: give message, link or attached_media.").into(),
        );
    }
    let page_id = w.pages[pi].id.clone();
    let mut photo_idx = Vec::new();
    for (i, fbid) in media.iter().enumerate() {
        match w
            .photos
            .iter()
            .position(|p| &p.id == fbid && p.page_id == page_id && p.post_id.is_none())
        {
            Some(ix) => photo_idx.push(ix),
            None => {
                return Err(err100(format!(
                    "(#100) param attached_media[{i}] has invalid media_fbid {fbid}"
                ))
                .into())
            }
        }
    }
    let published = req.flag("published", true);
    let scheduled = match req.p("scheduled_publish_time") {
        Some(s) => {
            if published {
                return Err(err100(
                    "(#100) You cannot specify a scheduled publish time on a published post",
                )
                .into());
            }
            let t = parse_when(s)
                .ok_or_else(|| err100("(#100) The specified scheduled publish time is invalid."))?;
            if t < now + Duration::minutes(10) || t > now + Duration::days(30) {
                return Err(
                    err100("(#100) The specified scheduled publish time is invalid.").into(),
                );
            }
            Some(t)
        }
        None => None,
    };
    let mut post = new_post(w, pi, &message, now);
    for ix in photo_idx {
        let ph = &mut w.photos[ix];
        ph.post_id = Some(post.id.clone());
        post.photo_ids.push(ph.id.clone());
        post.image_urls.push(ph.url.clone());
    }
    let id = post.id.clone();
    if let Some(l) = link {
        w.post_links.insert(id.clone(), l);
    }
    if published {
        w.fb_posts.push(post);
    } else {
        w.unpublished_posts.push(crate::UnpublishedPost {
            post,
            scheduled_publish_time: scheduled,
        });
    }
    Ok(json!({ "id": id }))
}

// ---------------------------------------------------------------------------------------
// Insights

fn insight(obj: &str, name: &str, period: &str, values: Value) -> Value {
    json!({
        "name": name,
        "period": period,
        "values": values,
        "title": title_of(name),
        "description": format!("{} (stand-in)", title_of(name)),
        "id": format!("{obj}/insights/{name}/{period}"),
    })
}

fn ig_media_insights(w: &World, req: &Req, mi: usize) -> Result<Value, ApiError> {
    let m = &w.ig_posts[mi];
    let metrics =
        metric_list(req).ok_or_else(|| err100("(#100) The parameter metric is required"))?;
    let x = &m.metrics;
    let mut data = Vec::new();
    for (i, name) in metrics.iter().enumerate() {
        let v = match name.as_str() {
            "views" => x.views,
            "reach" => x.reach,
            "likes" => x.likes,
            "comments" => x.comments,
            "shares" => x.shares,
            "saved" => x.saved,
            "total_interactions" => x.likes + x.comments + x.shares + x.saved,
            "reposts" | "follows" | "profile_visits" | "profile_activity" => 0,
            _ => {
                return Err(err100(format!(
                    "(#100) metric[{i}] must be one of the following values: views, reach, likes, comments, shares, saved, total_interactions, reposts, follows, profile_visits, profile_activity"
                )))
            }
        };
        data.push(insight(&m.id, name, "lifetime", json!([{ "value": v }])));
    }
    Ok(json!({ "data": data }))
}

fn post_insights(w: &World, req: &Req, pi: usize) -> Result<Value, ApiError> {
    let p = &w.fb_posts[pi];
    let metrics = metric_list(req).ok_or_else(|| {
        err(
            3001,
            Some(1504028),
            "Invalid query: no insights metric given",
        )
    })?;
    let x = &p.metrics;
    let mut data = Vec::new();
    for name in &metrics {
        let v = match name.as_str() {
            "post_media_view" => json!(x.media_view),
            "post_total_media_view_unique" => json!(x.media_view_unique),
            "post_reactions_by_type_total" => {
                if x.reactions > 0 {
                    json!({ "like": x.reactions })
                } else {
                    json!({})
                }
            }
            "post_reactions_like_total" => json!(x.reactions),
            "post_reactions_love_total"
            | "post_reactions_wow_total"
            | "post_reactions_haha_total"
            | "post_reactions_sorry_total"
            | "post_reactions_anger_total" => json!(0),
            "post_clicks" => json!(w.extra(&p.id, "post_clicks")),
            _ => return Err(err100("(#100) The value must be a valid insights metric")),
        };
        data.push(insight(&p.id, name, "lifetime", json!([{ "value": v }])));
    }
    Ok(json!({ "data": data }))
}

/// Daily windows `[since, until)` by UTC date; each value ends at the next Pacific midnight.
fn days(req: &Req, now: OffsetDateTime) -> Result<(time::Date, time::Date), ApiError> {
    let today = now.date();
    let until = match req.p("until") {
        Some(s) => parse_when(s)
            .ok_or_else(|| err100("(#100) Param until is not a valid time"))?
            .date(),
        None => today,
    };
    let since = match req.p("since") {
        Some(s) => parse_when(s)
            .ok_or_else(|| err100("(#100) Param since is not a valid time"))?
            .date(),
        None => until - Duration::days(2),
    };
    let until = if until <= since {
        since + Duration::days(1)
    } else {
        until
    };
    if (until - since).whole_days() > 90 {
        return Err(err100(
            "(#100) There cannot be more than 90 days (7776000 s) between since and until",
        ));
    }
    Ok((since, until))
}

fn day_values(since: time::Date, until: time::Date, value: impl Fn() -> Value) -> Value {
    let mut out = Vec::new();
    let mut d = since;
    while d < until {
        let end = (d + Duration::days(1))
            .with_hms(8, 0, 0)
            .expect("valid time")
            .assume_utc();
        out.push(json!({"value": value(), "end_time": format_time(end)}));
        d += Duration::days(1);
    }
    Value::Array(out)
}

fn time_paging(base: &str, req: &Req, since: time::Date, until: time::Date) -> Value {
    let span = until - since;
    let unix = |d: time::Date| d.midnight().assume_utc().unix_timestamp().to_string();
    let shifted = |s: time::Date, u: time::Date| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &req.params {
            if k != "since" && k != "until" {
                q.append_pair(k, v);
            }
        }
        if let Some(t) = &req.token {
            q.append_pair("access_token", t);
        }
        q.append_pair("since", &unix(s));
        q.append_pair("until", &unix(u));
        format!("{base}{}?{}", req.path, q.finish())
    };
    json!({
        "previous": shifted(since - span, since),
        "next": shifted(until, until + span),
    })
}

fn page_insights(
    w: &World,
    base: &str,
    req: &Req,
    pi: usize,
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let page = &w.pages[pi];
    let metrics = metric_list(req).ok_or_else(|| {
        err(
            3001,
            Some(1504028),
            "Invalid query: no insights metric given",
        )
    })?;
    if page.followers < 100 {
        return Err(err(
            2874008,
            None,
            "Insights are not available for Pages with fewer than 100 followers.",
        ));
    }
    let period = req.p("period").unwrap_or("day").to_string();
    let (since, until) = days(req, now)?;
    let mut data = Vec::new();
    for name in &metrics {
        let value = match name.as_str() {
            "page_follows" => w
                .extra_metrics
                .get(&page.id)
                .and_then(|m| m.get(name))
                .copied()
                .unwrap_or(page.followers),
            "page_media_view"
            | "page_total_media_view_unique"
            | "page_post_engagements"
            | "page_daily_follows"
            | "page_daily_follows_unique"
            | "page_daily_unfollows_unique"
            | "page_video_views"
            | "page_views_total" => w.extra(&page.id, name),
            _ => return Err(err100("(#100) The value must be a valid insights metric")),
        };
        data.push(insight(
            &page.id,
            name,
            &period,
            day_values(since, until, || json!(value)),
        ));
    }
    Ok(json!({ "data": data, "paging": time_paging(base, req, since, until) }))
}

fn ig_user_insights(
    w: &World,
    base: &str,
    req: &Req,
    pi: usize,
    now: OffsetDateTime,
) -> Result<Value, ApiError> {
    let ig = w.pages[pi].instagram.as_ref().expect("IG account");
    let metrics =
        metric_list(req).ok_or_else(|| err100("(#100) The parameter metric is required"))?;
    let period = req
        .p("period")
        .ok_or_else(|| err100("(#100) The parameter period is required"))?;
    let total_value = req.p("metric_type") == Some("total_value");
    const TOTAL_ONLY: &[&str] = &[
        "views",
        "accounts_engaged",
        "total_interactions",
        "likes",
        "comments",
        "shares",
        "saves",
        "replies",
        "reposts",
        "profile_links_taps",
        "follows_and_unfollows",
    ];
    let (since, until) = days(req, now)?;
    let mut data = Vec::new();
    let need_total: Vec<&str> = metrics
        .iter()
        .map(String::as_str)
        .filter(|m| TOTAL_ONLY.contains(m))
        .collect();
    if !need_total.is_empty() && !total_value {
        return Err(err100(format!(
            "(#100) The following metrics ({}) should be specified with parameter metric_type=total_value",
            need_total.join(", ")
        )));
    }
    for name in &metrics {
        let value = w.extra(&ig.id, name);
        let id = format!("{}/insights/{name}/{period}", ig.id);
        if TOTAL_ONLY.contains(&name.as_str()) || (name == "reach" && total_value) {
            data.push(json!({
                "name": name, "period": period, "title": title_of(name),
                "description": format!("{} (stand-in)", title_of(name)),
                "total_value": {"value": value}, "id": id,
            }));
        } else if name == "reach" || name == "follower_count" {
            let values = if name == "follower_count" && (total_value || ig.followers_count < 100) {
                json!([])
            } else {
                day_values(since, until, || json!(value))
            };
            data.push(insight(&ig.id, name, period, values));
        } else {
            return Err(err100(format!(
                "(#100) metric[0] must be one of the following values: reach, follower_count, {}",
                TOTAL_ONLY.join(", ")
            )));
        }
    }
    Ok(json!({ "data": data, "paging": time_paging(base, req, since, until) }))
}

// ---------------------------------------------------------------------------------------
// Control routes (outside /v27.0)

#[derive(serde::Deserialize)]
struct NewComment {
    object_id: String,
    text: String,
    author: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    at: Option<OffsetDateTime>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Settings {
    revoked: Option<bool>,
    quota_total: Option<u32>,
    quota_usage: Option<u32>,
    polls_until_finished: Option<u32>,
    usage_header: Option<Option<String>>,
}

fn control(sh: &Shared, method: &Method, rest: &str, body: &[u8]) -> Response {
    let ok = |v: Value| (StatusCode::OK, axum::Json(v)).into_response();
    let bad =
        |e: String| (StatusCode::BAD_REQUEST, axum::Json(json!({"error": e}))).into_response();
    let now = OffsetDateTime::now_utc();
    match (method.as_str(), rest.trim_end_matches('/')) {
        ("GET", "world") => ok(serde_json::to_value(&*lock(sh)).unwrap_or(Value::Null)),
        ("PATCH", "world") => match serde_json::from_slice::<Settings>(body) {
            Ok(s) => {
                let mut w = lock(sh);
                if let Some(v) = s.revoked {
                    w.revoked = v;
                }
                if let Some(v) = s.quota_total {
                    w.quota_total = v;
                }
                if let Some(v) = s.quota_usage {
                    w.quota_usage = v;
                }
                if let Some(v) = s.polls_until_finished {
                    w.polls_until_finished = v;
                }
                if let Some(v) = s.usage_header {
                    w.usage_header = v;
                }
                ok(json!({"success": true}))
            }
            Err(e) => bad(e.to_string()),
        },
        ("GET", "calls") => ok(serde_json::to_value(
            &*sh.calls.lock().unwrap_or_else(|e| e.into_inner()),
        )
        .unwrap_or(Value::Null)),
        ("POST", "pages") => match serde_json::from_slice::<Page>(body) {
            Ok(p) => {
                lock(sh).add_page(p);
                ok(json!({"success": true}))
            }
            Err(e) => bad(e.to_string()),
        },
        ("POST", "comments") => match serde_json::from_slice::<NewComment>(body) {
            Ok(c) => {
                let id = lock(sh).add_comment(
                    &c.object_id,
                    &c.text,
                    &c.author,
                    c.at.unwrap_or(now_s(now)),
                );
                ok(json!({ "id": id }))
            }
            Err(e) => bad(e.to_string()),
        },
        ("POST", "failures") => match serde_json::from_slice::<Failure>(body) {
            Ok(f) => {
                lock(sh).fail_next(f);
                ok(json!({"success": true}))
            }
            Err(e) => bad(e.to_string()),
        },
        ("POST", "posts/ig") => match serde_json::from_slice::<IgMedia>(body) {
            Ok(mut m) => {
                let mut w = lock(sh);
                if m.id.is_empty() {
                    m.id = format!("{}", 17_900_000_000_000_000u64 + w.take_id());
                }
                if m.permalink.is_empty() {
                    m.permalink = format!("https://www.instagram.com/p/{}/", shortcode());
                }
                let id = m.id.clone();
                w.ig_posts.push(m);
                ok(json!({ "id": id }))
            }
            Err(e) => bad(e.to_string()),
        },
        ("POST", "posts/fb") => match serde_json::from_slice::<FbPost>(body) {
            Ok(mut p) => {
                let mut w = lock(sh);
                let Some(pi) = w.pages.iter().position(|pg| pg.id == p.page_id) else {
                    return bad(format!("no page {}", p.page_id));
                };
                if p.id.is_empty() || p.permalink_url.is_empty() {
                    let fresh = new_post(&mut w, pi, "", now);
                    if p.id.is_empty() {
                        p.id = fresh.id;
                    }
                    if p.permalink_url.is_empty() {
                        let part = p.id.rsplit('_').next().unwrap_or("").to_string();
                        p.permalink_url = format!("{}/posts/{part}", page_link(&w.pages[pi]));
                    }
                }
                let id = p.id.clone();
                w.fb_posts.push(p);
                ok(json!({ "id": id }))
            }
            Err(e) => bad(e.to_string()),
        },
        ("PATCH", "metrics") => {
            let v: Value = match serde_json::from_slice(body) {
                Ok(v) => v,
                Err(e) => return bad(e.to_string()),
            };
            let Some(obj) = v.as_object() else {
                return bad("expected a JSON object".into());
            };
            let Some(object_id) = obj.get("object_id").and_then(Value::as_str) else {
                return bad("object_id is required".into());
            };
            let mut values = HashMap::new();
            for (k, v) in obj {
                if k == "object_id" {
                    continue;
                }
                match v.as_u64() {
                    Some(n) => {
                        values.insert(k.clone(), n);
                    }
                    None => return bad(format!("{k} must be a non-negative integer")),
                }
            }
            match crate::patch_metrics(&mut lock(sh), object_id, &values) {
                Ok(()) => ok(json!({"success": true})),
                Err(e) => bad(e),
            }
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": format!("no control route {method} /_standin/{rest}")})),
        )
            .into_response(),
    }
}
