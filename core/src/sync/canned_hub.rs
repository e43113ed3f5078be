//! A loopback hub for the tests that talk to the hub (sync, accounts): answers each request with the next canned
//! (status, body) and records what it was asked.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the canned hub saw: each request's first line ("POST /api/v1/summaries HTTP/1.1")
/// and body.
pub type Seen = Vec<(String, Vec<u8>)>;

/// Serves `answers` in order, one connection each, then stops; the handle answers what it
/// saw. A hub left waiting ten seconds for the next request stops too, so a test that
/// expected more requests fails on what was seen instead of hanging.
pub fn canned_hub(answers: Vec<(u16, String)>) -> (String, JoinHandle<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for (status, body) in answers {
            let Some(stream) = next_connection(&listener) else {
                break;
            };
            let mut reader = BufReader::new(stream);
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut request = vec![0; length];
            reader.read_exact(&mut request).unwrap();
            seen.push((first.trim().to_string(), request));
            let response = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            reader.get_mut().write_all(response.as_bytes()).unwrap();
        }
        seen
    });
    (url, handle)
}

/// The first line of each request seen, in order ("GET /api/v1/registry HTTP/1.1").
pub fn request_lines(seen: &Seen) -> Vec<&str> {
    seen.iter().map(|(line, _)| line.as_str()).collect()
}

fn next_connection(listener: &TcpListener) -> Option<TcpStream> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                return Some(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("canned hub: {e}"),
        }
    }
    None
}
