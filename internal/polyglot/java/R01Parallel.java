import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * R01 in Java, which has no interpreter lock: a parallel stream computes on the common
 * ForkJoinPool's platform threads and the calling thread at once; the same stream run
 * sequentially computes on one thread. Prints one JSON object with, under "processors", what
 * the sequential stream and the parallel stream over the same items wanted and obtained.
 * Wanted is the time the threads running the items spent on a CPU or ready to run for one, over
 * the wall time from the first item's start to the last one's end; obtained is their time on a
 * CPU over the same wall time. Each item reads its own thread's scheduler statistics
 * (/proc/thread-self/schedstat) as it starts and ends. A busy neighbour turns running time into
 * time ready to run: it changes what the streams obtain, not what they want. Without those
 * statistics the program prints why under "no_schedstat".
 */
public class R01Parallel {
    static final int ITEMS = 96;
    static final long ITEM_NANOS = 10_000_000;
    static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Where the work leaves what it computed, so that its loop is not compiled away. */
    static final AtomicLong sink = new AtomicLong();

    /**
     * Computes for ITEM_NANOS of wall time, and returns a value of seed alone, so that the two
     * streams' results can be compared. Timed rather than counted work keeps each stream's wall
     * time the same on a busy machine, where counted work would take as much longer as the
     * machine is busier.
     */
    static long work(long seed, long itemNanos) {
        long end = System.nanoTime() + itemNanos;
        long x = seed;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink.addAndGet(x);
        return seed * 6364136223846793005L;
    }

    /**
     * The calling thread's scheduler statistics, opened once by each thread (/proc/thread-self
     * names the thread that opens it) and read again from the start for each item into the same
     * buffer. Nothing is allocated per read: reading with Files.readString, which allocates,
     * left the items' threads for a tenth of the time neither on a CPU nor ready to run (asleep,
     * as a first touch of fresh heap pages can be), which no way of computing wants.
     */
    static final class Schedstat {
        final FileChannel file;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(128);
        final long[] fields = new long[2];

        Schedstat() throws IOException {
            file = FileChannel.open(SCHEDSTAT, StandardOpenOption.READ);
        }

        /**
         * The calling thread's nanoseconds on a CPU and nanoseconds ready to run in a run queue,
         * in fields. The kernel brings a running thread's time on a CPU up to date only at a clock
         * tick or a switch, up to 4 ms late; asking for the thread's CPU time (clock_gettime on
         * Linux) brings it up to date first.
         */
        long[] read() throws IOException {
            THREADS.getCurrentThreadCpuTime();
            buffer.clear();
            while (buffer.hasRemaining() && file.read(buffer, buffer.position()) > 0) {}
            buffer.flip();
            for (int i = 0; i < fields.length; i++) fields[i] = number();
            return fields;
        }

        /** The next number in the buffer, after the spaces before it. */
        long number() throws IOException {
            while (buffer.hasRemaining() && buffer.get(buffer.position()) == ' ') buffer.get();
            long n = 0;
            int digits = 0;
            for (; buffer.hasRemaining(); digits++) {
                byte b = buffer.get(buffer.position());
                if (b < '0' || b > '9') break;
                n = n * 10 + (buffer.get() - '0');
            }
            if (digits == 0) throw new IOException("no number where the line has one");
            return n;
        }
    }

    static final ThreadLocal<Schedstat> SCHEDSTATS = ThreadLocal.withInitial(() -> {
        try {
            return new Schedstat();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    /**
     * What the threads running one stream's items spent on them, summed, and when the first
     * item started and the last one ended.
     */
    static final class Spent {
        final long itemNanos;
        final AtomicLong onCpu = new AtomicLong(), waiting = new AtomicLong();
        final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE), lastEnd = new AtomicLong(Long.MIN_VALUE);

        Spent(long itemNanos) {
            this.itemNanos = itemNanos;
        }

        /** Runs work(seed) and adds what the calling thread spent meanwhile. */
        long work(long seed) {
            firstStart.accumulateAndGet(System.nanoTime(), Math::min);
            Schedstat schedstat = SCHEDSTATS.get();
            try {
                long[] fields = schedstat.read();
                long onCpu0 = fields[0], waiting0 = fields[1];
                long out = R01Parallel.work(seed, itemNanos);
                schedstat.read();
                onCpu.addAndGet(fields[0] - onCpu0);
                waiting.addAndGet(fields[1] - waiting0);
                lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(SCHEDSTAT + " became unreadable", e);
            }
        }

        /** The processors the stream wanted and obtained over its items' wall time, as JSON. */
        String json() {
            double wall = lastEnd.get() - firstStart.get();
            return String.format(Locale.ROOT, "{\"wanted\":%.3f,\"obtained\":%.3f,\"wall_s\":%.3f}",
                (onCpu.get() + waiting.get()) / wall, onCpu.get() / wall, wall / 1e9);
        }
    }

    /** Why the processors cannot be measured here, or null when they can. */
    static String noSchedstat() {
        try {
            // This thread has run: a kernel that keeps no statistics writes zeros.
            if (SCHEDSTATS.get().read()[0] == 0) {
                return "the kernel keeps no per-thread scheduler statistics (" + SCHEDSTAT + " reads zeros)";
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            return "the kernel gives no per-thread scheduler statistics (" + SCHEDSTAT + ": " + e.toString().replace('"', '\'') + ")";
        }
    }

    public static void main(String[] args) {
        String why = noSchedstat();
        String common = String.format(Locale.ROOT, "\"items\":%d,\"item_ms\":%d,\"cores\":%d,\"pool_parallelism\":%d",
            ITEMS, ITEM_NANOS / 1_000_000, Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism());
        if (why != null) {
            System.out.printf("{%s,\"no_schedstat\":\"%s\"}%n", common, why);
            return;
        }
        // The common pool starts its threads on first use: start them, open their statistics and
        // compile the stream's path with short items before anything is measured.
        LongStream.range(0, ITEMS).parallel().map(new Spent(1_000_000)::work).toArray();

        Spent sequential = new Spent(ITEM_NANOS), parallel = new Spent(ITEM_NANOS);
        long[] seq = LongStream.range(0, ITEMS).map(sequential::work).toArray();
        long[] par = LongStream.range(0, ITEMS).parallel().map(parallel::work).toArray();
        if (!Arrays.equals(seq, par)) {
            throw new AssertionError("the parallel stream changed the results or their order");
        }
        System.out.printf("{%s,\"processors\":{\"sequential stream\":%s,\"parallel stream\":%s}}%n",
            common, sequential.json(), parallel.json());
    }
}
