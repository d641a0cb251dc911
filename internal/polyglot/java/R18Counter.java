import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * R18: platform threads, released together, each add 1 to a shared counter INCREMENTS times,
 * once through AtomicInteger.incrementAndGet and once with ++ on an int field. The field is
 * volatile so that the JIT reads and writes it on every increment instead of keeping it in a
 * register: volatile orders the reads and writes, it does not make the read, the add and the
 * write one step, so threads running at the same instant overwrite each other's increments. How
 * many that loses depends on how long the threads get two CPUs at once: millions on an idle
 * 2-core machine, none in some runs beside busy neighbours. Prints one JSON object: both counts,
 * what the int field lost, and the count nothing lost ("expected").
 */
public class R18Counter {
    static final int THREADS = 2;
    static final int INCREMENTS = 10_000_000;

    static final AtomicInteger atomic = new AtomicInteger();
    static volatile int plain;

    static void runThreads(Runnable increment) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < INCREMENTS; i++) increment.run();
            });
        }
        for (Thread t : threads) t.join();
    }

    static void plainIncrement() {
        plain++;
    }

    public static void main(String[] args) throws Exception {
        runThreads(atomic::incrementAndGet);
        runThreads(R18Counter::plainIncrement);
        long expected = (long) THREADS * INCREMENTS;
        System.out.printf("{\"threads\":%d,\"expected\":%d,\"atomic_count\":%d,\"plain_count\":%d,\"plain_lost\":%d,\"java\":\"%s\"}%n",
            THREADS, expected, atomic.get(), plain, expected - plain, Runtime.version());
    }
}
