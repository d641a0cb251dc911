//! P06: rayon spreads computing over the cores; tokio waits concurrently, as long as nothing
//! blocks its threads. Prints one JSON object for the mode given: "rayon" (the processors a
//! sequential and a parallel map keep busy, and the speedup), "tokio" (1000 concurrent sleeps relative to one), or
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

#[repr(C)]
struct Timeval {
    sec: i64,
    usec: i64,
}

#[repr(C)]
struct Rusage {
    utime: Timeval,
    stime: Timeval,
    _rest: [i64; 14],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}

/// The process's CPU time so far, user and system (getrusage, from the C library std links).
fn cpu_time() -> Duration {
    let mut u = Rusage { utime: Timeval { sec: 0, usec: 0 }, stime: Timeval { sec: 0, usec: 0 }, _rest: [0; 14] };
    // SAFETY: u is a valid, writable rusage; RUSAGE_SELF is 0.
    assert_eq!(unsafe { getrusage(0, &mut u) }, 0, "getrusage failed");
    let micros = |t: &Timeval| Duration::from_micros((t.sec * 1_000_000 + t.usec) as u64);
    micros(&u.utime) + micros(&u.stime)
}

/// Processors kept busy (CPU time / wall time) while f runs.
fn busy(f: impl FnOnce() -> Vec<u64>) -> (f64, Duration, Vec<u64>) {
    let (cpu, start) = (cpu_time(), Instant::now());
    let out = f();
    let wall = start.elapsed();
    ((cpu_time() - cpu).as_secs_f64() / wall.as_secs_f64(), wall, out)
}

/// How many processors a sequential map and rayon's parallel map keep busy, each at its best of
/// RUNS alternating runs (a busy neighbour only ever takes processors away), and the speedup
/// of their best wall times.
fn rayon_busy() -> String {
    const RUNS: usize = 7;
    let items: Vec<u64> = (0..64).collect();
    let (mut seq_busy, mut par_busy) = (0f64, 0f64);
    let (mut seq, mut par) = (Duration::MAX, Duration::MAX);
    for _ in 0..RUNS {
        let (b, wall, sequential) = busy(|| items.iter().map(|&i| work(i)).collect());
        seq_busy = seq_busy.max(b);
        seq = seq.min(wall);
        let (b, wall, parallel) = busy(|| items.par_iter().map(|&i| work(i)).collect());
        par_busy = par_busy.max(b);
        par = par.min(wall);
        assert_eq!(sequential, parallel, "the parallel map changed the results or their order");
    }
    format!(
        "{{\"mode\":\"rayon\",\"sequential_processors\":{:.3},\"parallel_processors\":{:.3},\"speedup\":{:.3},\"threads\":{}}}",
        seq_busy,
        par_busy,
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
        "rayon" => rayon_busy(),
        "tokio" => tokio_waits(false),
        "tokio-blocking" => tokio_waits(true),
        other => panic!("unknown mode {other:?}"),
    };
    println!("{out}");
}
