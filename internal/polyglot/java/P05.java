import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * P05: a virtual thread per blocking task is cheap; a fixed pool of platform threads makes the
 * tasks wait their turn. Prints one JSON object: the wall time of the tasks relative to one
 * task's latency. Mode "completable-future" runs blocking tasks as CompletableFuture.supplyAsync
 * on a virtual thread per task, all started before the first is joined, and then started and
 * joined one at a time. Which waits pin a virtual thread to its carrier is P05Pinning's.
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

    // The wall time, in latencies, of tasks run as CompletableFuture.supplyAsync on a virtual
    // thread each: all started before any is joined, or each joined before the next starts.
    static double supplyAsync(int tasks, boolean together) {
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                final int n = i;
                CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> { sleep(); return n; }, executor);
                if (together) futures.add(f);
                else f.join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
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
        if (mode.equals("completable-future")) {
            int together = 1_000, oneByOne = 20;
            supplyAsync(together, true); // not measured: compiles and starts what the waits use
            double all = supplyAsync(together, true);
            double each = supplyAsync(oneByOne, false);
            System.out.printf("{\"mode\":\"%s\",\"tasks_together\":%d,\"started_together\":%.3f,\"tasks_one_by_one\":%d,\"joined_one_by_one\":%.3f,\"java\":\"%s\"}%n",
                mode, together, all, oneByOne, each, Runtime.version());
            return;
        }
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
