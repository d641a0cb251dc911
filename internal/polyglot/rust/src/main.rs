//! P06: rayon spreads computing over the cores; tokio waits concurrently, as long as nothing
//! blocks its threads. Prints one JSON object for the mode given:
//!
//! - "rayon": the same map run sequentially and with rayon's par_iter, with, for each, the
//!   processors it wanted (the time the threads running its items spent on a CPU or ready to
//!   run, over the wall time from its first item's start to its last one's end) and obtained
//!   (the time on a CPU, over the same wall time), under "processors". Each item reads its thread's scheduler statistics
//!   (/proc/thread-self/schedstat) as it starts and ends. A busy neighbour turns running time
//!   into time ready to run: it changes what the map obtains, not what it wants. Without those
//!   statistics the program prints why under "no_schedstat".
//! - "tokio": 1000 concurrent sleeps relative to one.
//! - "tokio-blocking": 10 tasks that block the only runtime thread with std::thread::sleep.
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const LATENCY: Duration = Duration::from_millis(50);
const SCHEDSTAT: &str = "/proc/thread-self/schedstat";

/// How long each item of the maps computes.
const ITEM: Duration = Duration::from_millis(10);

/// Computes for ITEM of wall time, and returns a value of seed alone, so that the two maps'
/// results can be compared. Timed rather than counted work keeps each map's wall time the same
/// on a busy machine, where counted work would take as much longer as the machine is busier.
fn work(seed: u64) -> u64 {
    let end = Instant::now() + ITEM;
    let mut x = seed;
    while Instant::now() < end {
        for _ in 0..10_000 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407));
        }
    }
    seed.wrapping_mul(6364136223846793005)
}

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, t: *mut Timespec) -> i32;
}

/// CLOCK_THREAD_CPUTIME_ID: the calling thread's CPU time.
const THREAD_CPU_CLOCK: i32 = 3;

/// The calling thread's nanoseconds on a CPU and nanoseconds ready to run in a run queue.
/// The kernel brings a running thread's time on a CPU up to date only at a clock tick or a
/// switch, up to 4 ms late; asking for the thread's CPU time (clock_gettime, from the C library
/// std links) brings it up to date first.
fn schedstat() -> Result<(u64, u64), String> {
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: t is a valid, writable timespec.
    unsafe { clock_gettime(THREAD_CPU_CLOCK, &mut t) };
    let line = std::fs::read_to_string(SCHEDSTAT).map_err(|e| e.to_string())?;
    let mut fields = line.split_whitespace().map(str::parse::<u64>);
    match (fields.next(), fields.next()) {
        (Some(Ok(on_cpu)), Some(Ok(waiting))) => Ok((on_cpu, waiting)),
        _ => Err(format!("unreadable line {line:?}")),
    }
}

/// What the threads running a map spent on its items, summed, and when its first item started
/// and its last one ended (nanoseconds since the map began).
struct Spent {
    began: Instant,
    on_cpu: AtomicU64,
    waiting: AtomicU64,
    first_start: AtomicU64,
    last_end: AtomicU64,
}

impl Spent {
    fn new() -> Spent {
        Spent {
            began: Instant::now(),
            on_cpu: AtomicU64::new(0),
            waiting: AtomicU64::new(0),
            first_start: AtomicU64::new(u64::MAX),
            last_end: AtomicU64::new(0),
        }
    }

    /// Runs work(seed) and adds what the calling thread spent meanwhile.
    fn work(&self, seed: u64) -> u64 {
        self.first_start.fetch_min(self.began.elapsed().as_nanos() as u64, Ordering::Relaxed);
        let (on0, wait0) = schedstat().expect(SCHEDSTAT);
        let out = work(seed);
        let (on1, wait1) = schedstat().expect(SCHEDSTAT);
        self.on_cpu.fetch_add(on1 - on0, Ordering::Relaxed);
        self.waiting.fetch_add(wait1 - wait0, Ordering::Relaxed);
        self.last_end.fetch_max(self.began.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    /// The processors the map wanted and obtained, over the wall time from its first item's
    /// start to its last one's end (so that neither waking the pool's threads nor collecting
    /// the results counts), as JSON.
    fn json(self) -> String {
        let wall = (self.last_end.into_inner() - self.first_start.into_inner()) as f64;
        let on_cpu = self.on_cpu.into_inner() as f64;
        format!(
            "{{\"wanted\":{:.3},\"obtained\":{:.3},\"wall_s\":{:.3}}}",
            (on_cpu + self.waiting.into_inner() as f64) / wall,
            on_cpu / wall,
            wall / 1e9
        )
    }
}

/// The processors a sequential map and rayon's parallel map want and obtain. The maps are long
/// beside the time a busy machine takes to wake rayon's second thread, which no item spends.
fn rayon_processors() -> String {
    // This thread has run: a kernel that keeps no statistics writes zeros.
    let why = match schedstat() {
        Err(e) => Some(format!("the kernel gives no per-thread scheduler statistics ({SCHEDSTAT}: {})", e.replace('"', "'"))),
        Ok((0, _)) => Some(format!("the kernel keeps no per-thread scheduler statistics ({SCHEDSTAT} reads zeros)")),
        Ok(_) => None,
    };
    if let Some(why) = why {
        return format!("{{\"mode\":\"rayon\",\"no_schedstat\":\"{why}\"}}");
    }
    let items: Vec<u64> = (0..96).collect();
    // rayon starts its threads on first use: start them before anything is measured.
    rayon::broadcast(|_| ());
    let (sequential, parallel) = (Spent::new(), Spent::new());
    let seq: Vec<u64> = items.iter().map(|&i| sequential.work(i)).collect();
    // One item per piece of work, so that a thread that runs out steals until the last item
    // starts, whichever thread a busy machine slows down.
    let par: Vec<u64> = items.par_iter().with_max_len(1).map(|&i| parallel.work(i)).collect();
    assert_eq!(seq, par, "the parallel map changed the results or their order");
    format!(
        "{{\"mode\":\"rayon\",\"processors\":{{\"sequential map\":{},\"parallel map\":{}}},\"items\":{},\"item_ms\":{},\"threads\":{}}}",
        sequential.json(),
        parallel.json(),
        items.len(),
        ITEM.as_millis(),
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
        "rayon" => rayon_processors(),
        "tokio" => tokio_waits(false),
        "tokio-blocking" => tokio_waits(true),
        other => panic!("unknown mode {other:?}"),
    };
    println!("{out}");
}
