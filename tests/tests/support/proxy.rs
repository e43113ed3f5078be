//! A fault-injecting TCP proxy in front of the hub: each new connection gets the next fault
//! of a fixed cycle, so a sequence of syncs meets every kind of bad network. It keeps a log
//! of which fault met which request (`Proxy::faults_on`), so a test can say which faults
//! really hit the request it is about.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward both ways untouched.
    Pass,
    /// Close the client's connection at once.
    Drop,
    /// Wait before forwarding.
    Delay,
    /// Forward half of the request body, then close both sides.
    CutRequest,
    /// Forward the whole request, let the hub answer, and close before the client hears it.
    DropResponse,
    /// Send the request to the hub twice (a replay on a second connection), answer once.
    Duplicate,
    /// Forward the request, then pass on only half of the answer.
    CutResponse,
}

pub const CYCLE: &[Fault] = &[
    Fault::Drop,
    Fault::DropResponse,
    Fault::CutRequest,
    Fault::Duplicate,
    Fault::Delay,
    Fault::CutResponse,
    Fault::Pass,
];

/// One connection through the proxy: its fault and the first request line it carried
/// ("POST /api/v1/summaries HTTP/1.1"), or `None` when the fault left it unread
/// (`Drop` closes before the request is seen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub connection: usize,
    pub fault: Fault,
    pub request: Option<String>,
}

pub struct Proxy {
    pub port: u16,
    pub connections: Arc<AtomicUsize>,
    log: Arc<Mutex<Vec<Hit>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    pub async fn start(upstream_port: u16, cycle: &'static [Fault]) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("addr").port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let log = Arc::new(Mutex::new(Vec::new()));
        let writer = log.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    return;
                };
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let fault = cycle[n % cycle.len()];
                let writer = writer.clone();
                tokio::spawn(async move {
                    let request = if fault == Fault::Drop {
                        None
                    } else {
                        request_line(&client).await
                    };
                    eprintln!(
                        "proxy: connection {n}: {fault:?} on {}",
                        request.as_deref().unwrap_or("(closed unread)")
                    );
                    if let Ok(mut log) = writer.lock() {
                        log.push(Hit {
                            connection: n,
                            fault,
                            request,
                        });
                    }
                    let _ = handle(client, upstream_port, fault).await;
                });
            }
        });
        Proxy {
            port,
            connections,
            log,
            task,
        }
    }

    /// Every connection so far, in the order they came.
    pub fn hits(&self) -> Vec<Hit> {
        let mut hits = self.log.lock().map(|l| l.clone()).unwrap_or_default();
        hits.sort_by_key(|h| h.connection);
        hits
    }

    /// The faults met by connections whose first request starts with `request`
    /// (e.g. "POST /api/v1/summaries"), in order; later requests on a kept-alive connection
    /// are not told apart, so this is what the first request of each connection met.
    pub fn faults_on(&self, request: &str) -> Vec<Fault> {
        self.hits()
            .into_iter()
            .filter(|h| h.request.as_deref().is_some_and(|r| r.starts_with(request)))
            .map(|h| h.fault)
            .collect()
    }

    /// A line for an assertion message: which faults hit `request`, and how many
    /// connections were left unread.
    pub fn report(&self, request: &str) -> String {
        let hits = self.hits();
        let unread = hits.iter().filter(|h| h.request.is_none()).count();
        format!(
            "faults on {request}: {:?}; {} connections in all, {unread} dropped unread",
            self.faults_on(request),
            hits.len()
        )
    }
}

/// The first line of the request waiting on `client`, read without taking it from the
/// socket (the fault's handler still sees the whole request).
async fn request_line(client: &TcpStream) -> Option<String> {
    let mut head = [0u8; 256];
    for _ in 0..50 {
        let n = tokio::time::timeout(Duration::from_secs(2), client.peek(&mut head))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        if let Some(end) = head[..n].windows(2).position(|w| w == b"\r\n") {
            return Some(String::from_utf8_lossy(&head[..end]).into_owned());
        }
        if n == head.len() {
            return Some(String::from_utf8_lossy(&head).into_owned());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    None
}

/// Reads one whole HTTP request (headers and Content-Length body).
async fn read_request(client: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return Ok(buf);
            }
        }
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(buf);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn upstream(port: u16) -> std::io::Result<TcpStream> {
    TcpStream::connect(("127.0.0.1", port)).await
}

async fn handle(mut client: TcpStream, port: u16, fault: Fault) -> std::io::Result<()> {
    match fault {
        Fault::Pass => {
            let mut hub = upstream(port).await?;
            tokio::io::copy_bidirectional(&mut client, &mut hub).await?;
        }
        Fault::Drop => drop(client),
        Fault::Delay => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let mut hub = upstream(port).await?;
            tokio::io::copy_bidirectional(&mut client, &mut hub).await?;
        }
        Fault::CutRequest => {
            let request = read_request(&mut client).await?;
            let mut hub = upstream(port).await?;
            let half = request.len().saturating_sub((request.len() / 4).max(1));
            hub.write_all(&request[..half]).await?;
            hub.flush().await?;
            drop(hub);
            drop(client);
        }
        Fault::DropResponse => {
            let request = read_request(&mut client).await?;
            let mut hub = upstream(port).await?;
            hub.write_all(&request).await?;
            let mut answer = [0u8; 4096];
            let _ = hub.read(&mut answer).await?;
            drop(client);
        }
        Fault::Duplicate => {
            let request = read_request(&mut client).await?;
            let replay = request.clone();
            let first = tokio::spawn(async move {
                if let Ok(mut hub) = upstream(port).await {
                    let _ = hub.write_all(&replay).await;
                    let mut sink = Vec::new();
                    let _ =
                        tokio::time::timeout(Duration::from_secs(5), hub.read_to_end(&mut sink))
                            .await;
                }
            });
            let _ = first.await;
            let mut hub = upstream(port).await?;
            hub.write_all(&request).await?;
            tokio::io::copy_bidirectional(&mut client, &mut hub).await?;
        }
        Fault::CutResponse => {
            let request = read_request(&mut client).await?;
            let mut hub = upstream(port).await?;
            hub.write_all(&request).await?;
            let mut answer = vec![0u8; 65536];
            let n = hub.read(&mut answer).await?;
            client.write_all(&answer[..n / 2]).await?;
            client.flush().await?;
            drop(client);
        }
    }
    Ok(())
}
