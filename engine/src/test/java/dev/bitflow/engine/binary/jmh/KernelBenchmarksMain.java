package dev.bitflow.engine.binary.jmh;

/**
 * Runs {@link KernelBenchmarks} with JMH from the test class path. Arguments are JMH's own command line
 * (a benchmark regular expression, {@code -p loop=FOUR_WORDS_PER_PASS}, {@code -f}, {@code -wi}, {@code -i},
 * {@code -rf json}, ...); without arguments all kernel benchmarks run. See docs/benchmarks.md.
 */
public final class KernelBenchmarksMain {
    private KernelBenchmarksMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] jmhArgs = args.length > 0 ? args : new String[] {KernelBenchmarks.class.getName()};
        org.openjdk.jmh.Main.main(jmhArgs);
    }
}
