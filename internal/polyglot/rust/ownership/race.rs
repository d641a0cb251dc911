//! R18 in Rust: threads that add to one counter through a mutable borrow each. Rust's borrow
//! checker rejects the program: a value has at most one mutable borrow at a time, and each
//! scoped thread would hold one while the others hold theirs. This program must not compile.
use std::thread;

fn main() {
    let mut counter: u64 = 0;
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..100_000 {
                    counter += 1;
                }
            });
        }
    });
    println!("{{\"counter\":{counter}}}");
}
