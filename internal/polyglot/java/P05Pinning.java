import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * P05 on one carrier thread: which blocking still pins a virtual thread to its carrier. TASKS
 * virtual threads each block for one latency in four ways, one way after the other, on a
 * scheduler with a single carrier:
 *
 * <ul>
 *   <li>plain: Thread.sleep, nothing held;
 *   <li>native_frame: the same sleep inside a callback that C code calls: the virtual thread
 *       calls libc's qsort through the foreign function API, and qsort calls back into Java to
 *       compare two elements. A native frame sits on the stack during the sleep, and the JVM
 *       cannot move such a stack off its carrier: the thread stays pinned on every JDK;
 *   <li>synchronized: the sleep inside a synchronized block, which pinned before JDK 24 (JEP 491);
 *   <li>reentrant_lock: the sleep while holding a ReentrantLock, which never pinned.
 * </ul>
 *
 * A pinned wait holds the only carrier, so the waits of that way queue: TASKS latencies or
 * more, however idle the machine. Unpinned waits share it: about one latency. For each way the
 * program prints its wall time over one latency, and how many jdk.VirtualThreadPinned events JFR
 * recorded in it (every pin, however short): JFR says directly which waits pinned.
 */
public class P05Pinning {
    static final Duration LATENCY = Duration.ofMillis(50);
    static final int TASKS = 40;

    interface Wait {
        void run() throws Throwable;
    }

    static final Linker LINKER = Linker.nativeLinker();
    static MethodHandle qsort;
    static MemorySegment compareStub;

    static void sleep() {
        try {
            Thread.sleep(LATENCY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** qsort's comparison: called from C, it sleeps with qsort's frames below it. */
    static int compareAfterSleeping(MemorySegment a, MemorySegment b) {
        sleep();
        return 0;
    }

    static void plainWait() {
        sleep();
    }

    static void nativeFrameWait() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment two = arena.allocate(ValueLayout.JAVA_INT, 2);
            qsort.invokeExact(two, 2L, ValueLayout.JAVA_INT.byteSize(), compareStub);
        }
    }

    static void synchronizedWait() {
        Object lock = new Object();
        synchronized (lock) {
            sleep();
        }
    }

    static void reentrantLockWait() {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        try {
            sleep();
        } finally {
            lock.unlock();
        }
    }

    /** The wall time of TASKS virtual threads that each wait once, in latencies. */
    static double run(Wait wait) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                futures.add(executor.submit(() -> {
                    try {
                        wait.run();
                    } catch (Throwable t) {
                        throw new RuntimeException(t);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }
        return (System.nanoTime() - start) / (double) LATENCY.toNanos();
    }

    /** The way a pinned event's stack waited in: the first frame of one of the *Wait methods. */
    static String way(RecordedEvent event, Map<String, String> ways) {
        if (event.getStackTrace() == null) return "unknown";
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            String way = ways.get(frame.getMethod().getName());
            if (way != null) return way;
        }
        return "unknown";
    }

    public static void main(String[] args) throws Throwable {
        // One carrier thread. The scheduler reads these when the first virtual thread starts.
        System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
        System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", "1");
        qsort = LINKER.downcallHandle(LINKER.defaultLookup().find("qsort").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        MethodHandle compare = MethodHandles.lookup().findStatic(P05Pinning.class, "compareAfterSleeping",
            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
        compareStub = LINKER.upcallStub(compare,
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), Arena.global());

        Map<String, Wait> waits = new LinkedHashMap<>();
        waits.put("plain", P05Pinning::plainWait);
        waits.put("native_frame", P05Pinning::nativeFrameWait);
        waits.put("synchronized", P05Pinning::synchronizedWait);
        waits.put("reentrant_lock", P05Pinning::reentrantLockWait);
        Map<String, String> ways = Map.of("plainWait", "plain", "nativeFrameWait", "native_frame",
            "synchronizedWait", "synchronized", "reentrantLockWait", "reentrant_lock");

        // A first round of the unpinned ways, not measured, compiles the paths that start, park
        // and unpark virtual threads: that one-time work is no latency's. Then JFR records
        // every pin, however short, with its stack.
        run(P05Pinning::plainWait);
        run(P05Pinning::reentrantLockWait);
        Map<String, Double> wall = new LinkedHashMap<>();
        Map<String, Integer> pinned = new LinkedHashMap<>();
        Path file = Files.createTempFile("concspec-p05-", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            for (var w : waits.entrySet()) {
                wall.put(w.getKey(), run(w.getValue()));
                pinned.put(w.getKey(), 0);
            }
            recording.stop();
            recording.dump(file);
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                pinned.merge(way(event, ways), 1, Integer::sum);
            }
        } finally {
            Files.deleteIfExists(file);
        }

        StringBuilder out = new StringBuilder();
        out.append(String.format("{\"tasks\":%d,\"java\":\"%s\",\"java_feature\":%d", TASKS, Runtime.version(), Runtime.version().feature()));
        for (String w : waits.keySet()) {
            out.append(String.format(",\"%s_wall_over_latency\":%.3f,\"%s_pinned_events\":%d", w, wall.get(w), w, pinned.get(w)));
        }
        out.append(String.format(",\"unknown_pinned_events\":%d}", pinned.getOrDefault("unknown", 0)));
        System.out.println(out);
    }
}
