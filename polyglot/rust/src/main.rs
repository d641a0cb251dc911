//! P06: rayon spreads computing over the cores; tokio waits concurrently, as long as nothing
//! blocks its threads. Prints one JSON object for the mode given: "rayon" (the speedup of a
//! parallel map over a sequential one, best runs compared), "tokio" (1000 concurrent sleeps relative to one), or
//! "tokio-blocking" (10 tasks that block the only runtime thread with std::thread::sleep).
use rayon::prelude::*;
use std::time::{Duration, Instant};

const LATENCY: Duration = Duration::from_millis(50);

fn work(seed: u64) -> u64 {
    let mut x = seed;
    for _ in 0..3_000_000 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    }
    x
}

/// The speedup of a parallel map over a sequential one, each timed at its best of RUNS
/// alternating runs: a busy neighbour only ever takes processors away.
fn rayon_speedup() -> String {
    const RUNS: usize = 7;
    let items: Vec<u64> = (0..8).collect();
    let (mut seq, mut par) = (Duration::MAX, Duration::MAX);
    for _ in 0..RUNS {
        let start = Instant::now();
        let sequential: Vec<u64> = items.iter().map(|&i| work(i)).collect();
        seq = seq.min(start.elapsed());
        let start = Instant::now();
        let parallel: Vec<u64> = items.par_iter().map(|&i| work(i)).collect();
        par = par.min(start.elapsed());
        assert_eq!(sequential, parallel, "the parallel map changed the results or their order");
    }
    format!(
        "{{\"mode\":\"rayon\",\"speedup\":{:.3},\"threads\":{}}}",
        seq.as_secs_f64() / par.as_secs_f64(),
        rayon::current_num_threads()
    )
}

fn tokio_waits(blocking: bool) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    rt.block_on(async {
        let tasks = if blocking { 10 } else { 1000 };
        let start = Instant::now();
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                tokio::spawn(async move {
                    if blocking {
                        std::thread::sleep(LATENCY); // blocks the runtime's only thread
                    } else {
                        tokio::time::sleep(LATENCY).await;
                    }
                })
            })
            .collect();
        for h in handles {
            h.await.unwrap();
        }
        let mode = if blocking { "tokio-blocking" } else { "tokio" };
        format!(
            "{{\"mode\":\"{}\",\"tasks\":{},\"wall_over_latency\":{:.3}}}",
            mode,
            tasks,
            start.elapsed().as_secs_f64() / LATENCY.as_secs_f64()
        )
    })
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let out = match mode.as_str() {
        "rayon" => rayon_speedup(),
        "tokio" => tokio_waits(false),
        "tokio-blocking" => tokio_waits(true),
        other => panic!("unknown mode {other:?}"),
    };
    println!("{out}");
}
