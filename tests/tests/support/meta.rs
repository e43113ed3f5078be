//! Terhubung ke Meta for the tests: a Graph API world with Dinas Kesehatan's Page and
//! Instagram account, photos, and the hub binary served connected to the stand-in.

use super::{hub_binary, Running};
use medsos_graph_standin::{IgAccount, Page, World};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

pub const SYSTEM_TOKEN: &str = "EAAB-system-user-token-cianjur";

/// Dinas Kesehatan's Page (`dinkescianjur`) with its Instagram account (`dinkes.cianjur`).
pub fn world() -> World {
    let mut world = World::new(SYSTEM_TOKEN);
    world.add_page(Page {
        id: "104000000000001".to_owned(),
        name: "Dinas Kesehatan Kab. Cianjur".to_owned(),
        username: Some("dinkescianjur".to_owned()),
        access_token: "EAAB-page-dinkes".to_owned(),
        followers: 5400,
        instagram: Some(IgAccount {
            id: "17841400000000001".to_owned(),
            username: "dinkes.cianjur".to_owned(),
            followers_count: 12800,
        }),
    });
    world.polls_until_finished = 1;
    world
}

/// A JPEG photo of the given size.
pub fn jpeg(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([shade, (x % 250) as u8, (y % 250) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("jpeg");
    out.into_inner()
}

/// `medsos-hub serve` connected to the Graph API at `graph`, reachable from "the internet"
/// at its loopback address, publishing due slots every second.
pub fn serve_connected_hub(db: &Path, key: &Path, graph: &str, port: u16) -> Running {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(hub_binary())
        .args(["serve", "--db"])
        .arg(db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--meta-graph-url", graph])
        .arg("--secret-key-file")
        .arg(key)
        .args(["--public-url", &format!("http://127.0.0.1:{port}")])
        .args(["--publish-interval", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start medsos-hub");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("hub prints its address");
    assert!(line.contains(&format!(":{port}")), "{line}");
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    running
}
