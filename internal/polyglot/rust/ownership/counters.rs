//! R18 in Rust: the counter that does compile, shared two ways: behind Arc<Mutex<u64>> and as an
//! Arc<AtomicU64>. Run with THREADS INCREMENTS, every thread adds 1 to each counter INCREMENTS
//! times; prints one JSON object with both totals and what they should be.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).map(|a| a.parse().expect("a count")).collect();
    let [threads, increments] = args[..] else {
        eprintln!("usage: counters THREADS INCREMENTS");
        std::process::exit(2);
    };
    let mutex = Arc::new(Mutex::new(0u64));
    let atomic = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (mutex, atomic) = (Arc::clone(&mutex), Arc::clone(&atomic));
            thread::spawn(move || {
                for _ in 0..increments {
                    *mutex.lock().expect("no thread panicked holding the lock") += 1;
                    atomic.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a counting thread");
    }
    let arc_mutex = *mutex.lock().expect("no thread panicked holding the lock");
    let atomic_u64 = atomic.load(Ordering::Relaxed);
    println!("{{\"threads\":{threads},\"increments\":{increments},\"expected\":{},\"arc_mutex\":{arc_mutex},\"atomic_u64\":{atomic_u64}}}", threads * increments);
}
