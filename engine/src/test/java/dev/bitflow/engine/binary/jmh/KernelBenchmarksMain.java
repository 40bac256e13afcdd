package dev.bitflow.engine.binary.jmh;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link KernelBenchmarks} with JMH. Arguments: an optional regular expression selecting benchmarks
 * (default: all). Run from the test class path, see docs/benchmarks-kernels.md.
 */
public final class KernelBenchmarksMain {
    private KernelBenchmarksMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : KernelBenchmarks.class.getSimpleName();
        new Runner(new OptionsBuilder().include(include).build()).run();
    }
}
