import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * P05: a virtual thread per blocking task is cheap; a fixed pool of platform threads makes the
 * tasks wait their turn; and on JDK 24 and later blocking inside synchronized no longer pins
 * the carrier thread. Prints one JSON object per measurement: wall time of the tasks relative
 * to one task's latency.
 */
public class P05 {
    static final Duration LATENCY = Duration.ofMillis(50);

    static double run(ExecutorService executor, int tasks, boolean inSynchronized) throws Exception {
        long start = System.nanoTime();
        try (executor) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                Object lock = new Object();
                futures.add(executor.submit(() -> {
                    if (inSynchronized) {
                        synchronized (lock) {
                            sleep();
                        }
                    } else {
                        sleep();
                    }
                }));
            }
            for (Future<?> f : futures) f.get();
        }
        return (System.nanoTime() - start) / (double) LATENCY.toNanos();
    }

    static void sleep() {
        try {
            Thread.sleep(LATENCY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        double ratio;
        int tasks;
        // For virtual threads a first round, not measured, compiles the paths that start, park
        // and unpark them and starts the carrier threads: that one-time work is no latency's,
        // and on a busy machine it can take longer than all the sleeps.
        switch (mode) {
            case "virtual" -> {
                tasks = 10_000;
                run(Executors.newVirtualThreadPerTaskExecutor(), tasks, false);
                ratio = run(Executors.newVirtualThreadPerTaskExecutor(), tasks, false);
            }
            case "pool" -> { tasks = 40; ratio = run(Executors.newFixedThreadPool(4), tasks, false); }
            case "synchronized" -> {
                // One carrier thread: a virtual thread that pinned it would hold up all the others.
                // The scheduler reads these when the first virtual thread starts.
                System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
                System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "1");
                tasks = 100;
                run(Executors.newVirtualThreadPerTaskExecutor(), tasks, true);
                ratio = run(Executors.newVirtualThreadPerTaskExecutor(), tasks, true);
            }
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.printf("{\"mode\":\"%s\",\"tasks\":%d,\"wall_over_latency\":%.3f,\"java\":\"%s\",\"carriers\":\"%s\"}%n",
            mode, tasks, ratio, Runtime.version(), System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"));
    }
}
