//! R26's probe of the version table's Rust rows. Prints one JSON object for the milestone given:
//!
//! - "async-await" (Rust 1.39): an async fn awaits another and returns its value. The standard
//!   library has no runtime to drive it, so the probe drives it with a few lines of its own:
//!   poll, and park the thread until the waker unparks it. Which rustc compiled it is the
//!   runtime's version, which the corpus reads from `rustc --version`.
//! - "tokio" (tokio 1.0): a tokio runtime runs two spawned tasks and joins them; "version" is the
//!   tokio this binary was built against, read from the Cargo.lock that cargo wrote before it
//!   compiled the probe.
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Wakes the thread that polls the future.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs the future to its end on this thread.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        thread::park();
    }
}

async fn twice(x: u64) -> u64 {
    2 * x
}

async fn sum() -> u64 {
    twice(10).await + twice(11).await
}

/// The version of the crate named in the Cargo.lock the probe was built with.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let entry = format!("name = \"{name}\"\n");
    let rest = &lock[lock.find(&entry)? + entry.len()..];
    let line = rest.lines().next()?;
    Some(line.strip_prefix("version = \"")?.trim_end_matches('"').to_string())
}

fn main() {
    let milestone = std::env::args().nth(1).unwrap_or_default();
    match milestone.as_str() {
        "async-await" => {
            let works = block_on(sum()) == 42;
            println!("{{\"milestone\":\"async-await\",\"works\":{works}}}");
        }
        "tokio" => {
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().expect("a tokio runtime");
            let total = runtime.block_on(async {
                let a = tokio::spawn(twice(10));
                let b = tokio::spawn(twice(11));
                a.await.expect("the first task") + b.await.expect("the second task")
            });
            let version = locked_version(include_str!("../Cargo.lock"), "tokio").expect("tokio in Cargo.lock");
            println!("{{\"milestone\":\"tokio\",\"version\":\"{version}\",\"works\":{}}}", total == 42);
        }
        other => {
            eprintln!("unknown milestone {other:?}: async-await or tokio");
            std::process::exit(2);
        }
    }
}
