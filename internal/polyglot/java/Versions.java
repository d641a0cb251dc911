import java.util.concurrent.atomic.AtomicBoolean;

/**
 * R26's probe of the version table's Java row: "virtual-threads" starts a virtual thread, which
 * JDK 21 made final, and has it say it is one. Prints one JSON object with the JDK's version and
 * whether the thread ran as a virtual thread; a JDK without them does not compile the program.
 */
public class Versions {
    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].equals("virtual-threads")) {
            throw new IllegalArgumentException("unknown milestone: virtual-threads");
        }
        AtomicBoolean virtual = new AtomicBoolean();
        Thread thread = Thread.ofVirtual().start(() -> virtual.set(Thread.currentThread().isVirtual()));
        thread.join();
        System.out.printf("{\"milestone\":\"%s\",\"version\":\"%s\",\"works\":%b}%n",
            args[0], Runtime.version(), virtual.get() && thread.isVirtual());
    }
}
