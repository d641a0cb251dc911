import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * P05: a virtual thread per blocking task is cheap; a fixed pool of platform threads makes the
 * tasks wait their turn. Prints one JSON object: the wall time of the tasks relative to one
 * task's latency. Which waits pin a virtual thread to its carrier is P05Pinning's.
 */
public class P05 {
    static final Duration LATENCY = Duration.ofMillis(50);

    static double run(ExecutorService executor, int tasks) throws Exception {
        long start = System.nanoTime();
        try (executor) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) futures.add(executor.submit(P05::sleep));
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
                run(Executors.newVirtualThreadPerTaskExecutor(), tasks);
                ratio = run(Executors.newVirtualThreadPerTaskExecutor(), tasks);
            }
            case "pool" -> { tasks = 40; ratio = run(Executors.newFixedThreadPool(4), tasks); }
            default -> throw new IllegalArgumentException(mode);
        }
        System.out.printf("{\"mode\":\"%s\",\"tasks\":%d,\"wall_over_latency\":%.3f,\"java\":\"%s\"}%n",
            mode, tasks, ratio, Runtime.version());
    }
}
