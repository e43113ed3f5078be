//! A small client of Meta's Graph API (see `shared/META-GRAPH.md`): real HTTP verbs, plain
//! JSON, the token in the `Authorization` header (never in a URL the log could keep), and
//! every error read by its `code` and `error_subcode`, never by its text.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// The real Graph API, pinned to the newest version (v27.0, 2026-11-04). Another base URL
/// (`--meta-graph-url`), such as a local stand-in, is used the same way.
pub const DEFAULT_GRAPH_URL: &str = "https://graph.facebook.com/v27.0";

/// How long one call may take before it counts as a transient failure.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Debug)]
pub struct Graph {
    base: String,
    http: reqwest::Client,
}

/// What went wrong with a call, classified by Meta's code table (META-GRAPH §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 190 (any subcode but 2069032): the token is unusable. The connection is broken until
    /// Diskominfo connects again.
    TokenInvalid,
    /// 4, 17, 32, 613, 80001, 80002: throttled; wait this long at least.
    Throttled { wait_secs: u64 },
    /// 9007/2207027: the container is not ready yet.
    NotReady,
    /// 9/2207042: the Instagram 24-hour publishing limit.
    QuotaReached,
    /// 9004/2207052 or 324: Meta could not fetch or read the image.
    MediaFetch,
    /// 10, 200-299: a permission is missing.
    Permission,
    /// 368, 4/2207051, 25/2207050: blocked or restricted; no retry.
    Blocked,
    /// 1, 2, -1, -2, 24/2207008, timeouts, 5xx and unreachable: try again later.
    Transient,
    /// Everything else (100 and its subcodes, 506 duplicate, ...): the request is wrong as it is.
    Refused,
}

/// An error answer of the Graph API, or a failure to reach it.
#[derive(Debug, Clone)]
pub struct GraphError {
    pub http_status: u16,
    pub code: i64,
    pub subcode: Option<i64>,
    /// Meta's own text (English, may change): for the log and the officer's detail only.
    pub message: String,
    pub failure: Failure,
}

impl GraphError {
    fn unreachable(detail: String) -> GraphError {
        GraphError {
            http_status: 0,
            code: 0,
            subcode: None,
            message: detail,
            failure: Failure::Transient,
        }
    }

    /// The Indonesian sentence for an officer or an admin.
    pub fn explain(&self) -> String {
        let detail = if self.code == 0 {
            format!(" ({})", self.message)
        } else {
            match self.subcode {
                Some(sub) => format!(" (kode Meta {}/{sub})", self.code),
                None => format!(" (kode Meta {})", self.code),
            }
        };
        let sentence = match self.failure {
            Failure::TokenInvalid => "Token Meta tidak berlaku lagi (kedaluwarsa, dicabut, atau kata sandi diganti). Diskominfo perlu menyambungkan ulang dengan `medsos-hub meta connect`.",
            Failure::Throttled { .. } => "Meta sedang membatasi permintaan; dicoba lagi otomatis setelah jeda.",
            Failure::NotReady => "Media masih diproses Meta; diperiksa lagi sebentar lagi.",
            Failure::QuotaReached => "Batas terbit Instagram 24 jam untuk akun ini sudah tercapai; diterbitkan pada jendela berikutnya.",
            Failure::MediaFetch => "Meta tidak dapat mengambil atau membaca fotonya. Pastikan foto JPEG dan alamat publik hub (--public-url) dapat dibuka dari internet.",
            Failure::Permission => "Izin akses ke akun ini belum diberikan atau dicabut di Business portfolio Diskominfo.",
            Failure::Blocked => "Meta memblokir atau membatasi akun ini; periksa akunnya di aplikasi Meta. Tidak dicoba ulang.",
            Failure::Transient => "Meta tidak dapat dihubungi atau sedang gangguan; dicoba lagi otomatis.",
            Failure::Refused => "Meta menolak permintaan ini.",
        };
        format!("{sentence}{detail}")
    }
}

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Graph API {} code {} subcode {:?}: {}",
            self.http_status, self.code, self.subcode, self.message
        )
    }
}

impl From<GraphError> for crate::error::Error {
    fn from(error: GraphError) -> Self {
        crate::error::Error::Meta {
            message: error.explain(),
        }
    }
}

/// Classifies a Graph error by code and subcode (META-GRAPH §9), with `wait_secs` from the
/// usage headers when throttled.
pub fn classify(code: i64, subcode: Option<i64>, http_status: u16, wait_secs: u64) -> Failure {
    match (code, subcode) {
        (190, Some(2069032)) => Failure::Refused,
        (190, _) | (102, _) => Failure::TokenInvalid,
        (4, Some(2207051)) | (25, _) | (368, _) => Failure::Blocked,
        (4 | 17 | 32 | 613 | 80001 | 80002, _) => Failure::Throttled {
            wait_secs: wait_secs.max(60),
        },
        (9007, _) | (_, Some(2207027)) => Failure::NotReady,
        (9, Some(2207042)) => Failure::QuotaReached,
        (9004, _) | (_, Some(2207052)) | (324, _) => Failure::MediaFetch,
        (10, _) | (200..=299, _) => Failure::Permission,
        (1 | 2 | -1 | -2, _) | (24, Some(2207008)) => Failure::Transient,
        _ if http_status >= 500 => Failure::Transient,
        _ => Failure::Refused,
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorFields,
}

#[derive(Deserialize)]
struct ErrorFields {
    #[serde(default)]
    message: String,
    #[serde(default)]
    code: i64,
    error_subcode: Option<i64>,
}

/// The longest `estimated_time_to_regain_access` (minutes) in a usage header, in seconds.
fn regain_secs(headers: &reqwest::header::HeaderMap) -> u64 {
    let mut longest = 0u64;
    for name in ["x-business-use-case-usage", "x-page-usage", "x-app-usage"] {
        let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) else {
            continue;
        };
        let Ok(parsed) = serde_json::from_str::<Value>(value) else {
            continue;
        };
        let mut visit = |entry: &Value| {
            if let Some(minutes) = entry
                .get("estimated_time_to_regain_access")
                .and_then(Value::as_u64)
            {
                longest = longest.max(minutes * 60);
            }
        };
        match &parsed {
            Value::Object(map) if map.contains_key("call_count") => visit(&parsed),
            Value::Object(map) => {
                for list in map.values() {
                    if let Some(items) = list.as_array() {
                        items.iter().for_each(&mut visit);
                    } else {
                        visit(list);
                    }
                }
            }
            _ => {}
        }
    }
    longest
}

/// The highest usage percentage any usage header reports (0-100+); above ~75 the hub slows.
pub fn usage_percent(headers: &reqwest::header::HeaderMap) -> u64 {
    let mut highest = 0u64;
    for name in ["x-business-use-case-usage", "x-page-usage", "x-app-usage"] {
        let Some(parsed) = headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| serde_json::from_str::<Value>(v).ok())
        else {
            continue;
        };
        let mut visit = |entry: &Value| {
            for key in ["call_count", "total_cputime", "total_time"] {
                if let Some(n) = entry.get(key).and_then(Value::as_u64) {
                    highest = highest.max(n);
                }
            }
        };
        match &parsed {
            Value::Object(map) if map.contains_key("call_count") => visit(&parsed),
            Value::Object(map) => {
                for list in map.values() {
                    if let Some(items) = list.as_array() {
                        items.iter().for_each(&mut visit);
                    }
                }
            }
            _ => {}
        }
    }
    highest
}

/// A paged list (`data` + `paging.next`).
#[derive(Debug, Deserialize)]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

#[derive(Debug, Deserialize)]
pub struct Paging {
    pub next: Option<String>,
}

impl Graph {
    pub fn new(base: &str) -> Graph {
        let http = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .user_agent(concat!("medsos-hub/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds");
        Graph {
            base: base.trim_end_matches('/').to_owned(),
            http,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }

    async fn answer<T: DeserializeOwned>(
        response: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<T, GraphError> {
        let response =
            response.map_err(|e| GraphError::unreachable(e.without_url().to_string()))?;
        let status = response.status().as_u16();
        let wait = regain_secs(response.headers());
        let usage = usage_percent(response.headers());
        if usage >= 75 {
            tracing::warn!(usage, "Graph API usage high");
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| GraphError::unreachable(e.without_url().to_string()))?;
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes).map_err(|e| GraphError {
                http_status: status,
                code: 0,
                subcode: None,
                message: format!("unexpected answer: {e}"),
                failure: Failure::Refused,
            });
        }
        let (code, subcode, message) = match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => (
                body.error.code,
                body.error.error_subcode,
                body.error.message,
            ),
            Err(_) => (0, None, format!("HTTP {status}")),
        };
        let failure = if code == 0 {
            if status >= 500 || status == 429 {
                Failure::Transient
            } else {
                Failure::Refused
            }
        } else {
            classify(code, subcode, status, wait)
        };
        let error = GraphError {
            http_status: status,
            code,
            subcode,
            message,
            failure,
        };
        tracing::warn!(%error, "Graph API error");
        Err(error)
    }

    /// `GET base/path?query` with `token`.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        token: &str,
    ) -> Result<T, GraphError> {
        let request = self
            .http
            .get(self.url(path))
            .query(query)
            .bearer_auth(token);
        Self::answer(request.send().await).await
    }

    /// `GET` of a `paging.next` URL as Meta gave it (it must be under our base URL's host).
    pub async fn get_next<T: DeserializeOwned>(
        &self,
        next: &str,
        token: &str,
    ) -> Result<T, GraphError> {
        let same_host = url_host(next) == url_host(&self.base);
        if !same_host {
            return Err(GraphError::unreachable(
                "paging.next points to another host".to_owned(),
            ));
        }
        Self::answer(self.http.get(next).bearer_auth(token).send().await).await
    }

    /// Every item of a paged list, following `paging.next` up to `max_items`.
    pub async fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        token: &str,
        max_items: usize,
    ) -> Result<Vec<T>, GraphError> {
        let mut page: Page<T> = self.get(path, query, token).await?;
        let mut items = Vec::new();
        loop {
            items.append(&mut page.data);
            let next = page.paging.and_then(|p| p.next);
            match next {
                Some(next) if items.len() < max_items => {
                    page = self.get_next(&next, token).await?;
                }
                _ => break,
            }
        }
        items.truncate(max_items);
        Ok(items)
    }

    /// `POST base/path` with a form body.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &[(&str, String)],
        token: &str,
    ) -> Result<T, GraphError> {
        let request = self.http.post(self.url(path)).form(form).bearer_auth(token);
        Self::answer(request.send().await).await
    }
}

fn url_host(url: &str) -> Option<String> {
    reqwest::Url::parse(url).ok().map(|u| {
        format!(
            "{}://{}:{:?}",
            u.scheme(),
            u.host_str().unwrap_or(""),
            u.port_or_known_default()
        )
    })
}

/// Meta's time form `2026-12-01T03:15:00+0000`.
pub fn parse_time(text: &str) -> Option<time::OffsetDateTime> {
    use time::format_description::well_known::Iso8601;
    time::OffsetDateTime::parse(text, &Iso8601::DEFAULT)
        .ok()
        .or_else(|| {
            let format = time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory][offset_minute]"
            );
            time::OffsetDateTime::parse(text, &format).ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_classified_by_code_and_subcode() {
        assert_eq!(classify(190, Some(463), 400, 0), Failure::TokenInvalid);
        assert_eq!(classify(190, Some(2069032), 400, 0), Failure::Refused);
        assert_eq!(
            classify(4, None, 400, 0),
            Failure::Throttled { wait_secs: 60 }
        );
        assert_eq!(
            classify(80002, None, 400, 600),
            Failure::Throttled { wait_secs: 600 }
        );
        for code in [17, 32, 613, 80001] {
            assert!(matches!(
                classify(code, None, 400, 0),
                Failure::Throttled { .. }
            ));
        }
        assert_eq!(classify(9007, Some(2207027), 400, 0), Failure::NotReady);
        assert_eq!(classify(9, Some(2207042), 400, 0), Failure::QuotaReached);
        assert_eq!(classify(9004, Some(2207052), 400, 0), Failure::MediaFetch);
        assert_eq!(classify(4, Some(2207051), 400, 0), Failure::Blocked);
        assert_eq!(classify(1, None, 500, 0), Failure::Transient);
        assert_eq!(classify(100, Some(2207028), 400, 0), Failure::Refused);
        assert_eq!(classify(200, None, 400, 0), Failure::Permission);
    }

    #[test]
    fn meta_times_parse() {
        let at = parse_time("2026-12-01T03:15:00+0000").expect("parses");
        assert_eq!(at.unix_timestamp(), 1_796_094_900);
    }

    #[test]
    fn usage_headers_are_read() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "x-business-use-case-usage",
            r#"{"104":[{"type":"pages","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":5}]}"#
                .parse()
                .expect("header"),
        );
        assert_eq!(regain_secs(&headers), 300);
        assert_eq!(usage_percent(&headers), 95);
    }
}
