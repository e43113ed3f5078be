//! `medsos-graph-standin --listen 127.0.0.1:0 --system-token TOKEN`: serves the Graph API
//! stand-in (and its `/_standin` control routes) until killed.

use medsos_graph_standin::{StandIn, World};

fn usage() -> ! {
    eprintln!("usage: medsos-graph-standin [--listen ADDR] --system-token TOKEN");
    std::process::exit(2);
}

#[tokio::main]
async fn main() {
    let mut listen = "127.0.0.1:0".to_string();
    let mut token: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--listen" => listen = args.next().unwrap_or_else(|| usage()),
            "--system-token" => token = Some(args.next().unwrap_or_else(|| usage())),
            _ => usage(),
        }
    }
    let Some(token) = token else { usage() };
    let mut standin = match StandIn::start_on(&listen, World::new(&token)).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot listen on {listen}: {e}");
            std::process::exit(1);
        }
    };
    println!("Graph stand-in di {}", standin.base_url());
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    tokio::select! {
        _ = standin.serve_forever() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
