package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.BenchCase;
import dev.bitflow.engine.api.bench.BenchReport;
import dev.bitflow.engine.api.bench.BenchRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bitflow bench [--layer SPEC | MODEL] [--threads N] [--format table|json]}: times the fused binary
 * path against ND4J's float ops on the same work in this JVM (warm-up, alternating measured runs, medians).
 * Without SPEC or MODEL: a 3x3 256->256 conv at 56x56, every layer of BitFlow-AlexNet and the whole network.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the binary kernels against ND4J's float ops (conv2d, mmul, maxpool) on the same work.",
            "Without --layer or MODEL: a 3x3 256->256 conv at 56x56, every layer of BitFlow-AlexNet, and the",
            "network end to end (random weights). ND4J's own threads follow OMP_NUM_THREADS; set",
            "OMP_NUM_THREADS=1 for a single-thread comparison.",
            "",
            "--layer SPEC syntax:",
            "  conv:CxHxW:kK[:sS][:pP][:oO]       binary conv (XNOR-popcount + BatchShift threshold); O defaults to C",
            "  firstconv:CxHxW:kK[:sS][:pP][:oO]  float first conv + per-channel threshold",
            "  pool:CxHxW:kK[:sS]                 max-pool on bits (OR/AND); S defaults to K",
            "  dense:N:oM                         binary dense N -> M (+ threshold)",
            "  lastdense:N:oM                     float last layer on +-1 inputs (additions only)",
            "  P: p0 or pvalid = none, pN = zero padding N, p+N = +1 padding N, p-N = -1 padding N",
            "  example: conv:256x56x56:k3:s1:p1:o256"})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--layer", paramLabel = "SPEC", description = "one layer to bench, e.g. conv:256x56x56:k3:s1:p1:o256")
    String layerSpec;

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "a network definition (*.bitflow.json): every layer and the whole network, random weights")
    Path model;

    @Option(names = "--threads", defaultValue = "1", converter = Counts.Positive.class, description = "threads of the binary kernels (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--warmup", defaultValue = "" + BenchRequest.DEFAULT_WARMUP_RUNS, converter = Counts.NonNegative.class, description = "untimed runs per path (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "" + BenchRequest.DEFAULT_MEASURED_RUNS, converter = Counts.Positive.class, description = "timed runs per path; the median is reported (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--seed", defaultValue = "" + BenchRequest.DEFAULT_SEED, description = "seed of the random weights and inputs (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    TableOrJsonOption format;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    @Mixin
    MemoryBudgetOption memoryBudget;

    private final CliContext context;

    public BenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.value();
        memoryBudget.apply(context.engine());
        if (layerSpec != null && model != null) {
            throw new BadInputException("give --layer SPEC or MODEL, not both");
        }
        if (threads > 256) {
            throw new BadInputException("--threads must be between 1 and 256, was " + threads);
        }
        BenchRequest request = new BenchRequest(layerSpec, model, threads, warmup, runs, seed);
        PrintWriter err = context.err();
        TaskMonitor monitor = new TaskMonitor() {
            private String last = "";

            @Override
            public synchronized void progress(double fraction, String message) {
                if (!quiet && !message.equals(last)) {
                    last = message;
                    err.println("bench: " + message);
                    err.flush();
                }
            }

            @Override
            public boolean isCancelled() {
                return Thread.currentThread().isInterrupted();
            }
        };
        BenchReport report = context.engine().bench().run(request, monitor);
        if (f == OutputFormat.JSON) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            context.out().println(json.writeValueAsString(toJson(report, runs)));
        } else {
            printTable(report, runs, context.out());
        }
        context.out().flush();
        return BitflowCli.EXIT_OK;
    }

    static Map<String, Object> toJson(BenchReport report, int runs) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("javaVersion", report.javaVersion());
        root.put("javaVm", report.javaVm());
        root.put("cpu", report.cpu());
        root.put("processors", report.processors());
        root.put("threads", report.threads());
        root.put("nd4jThreads", report.nd4jThreads());
        root.put("floatBackend", report.floatBackend().build());
        root.put("floatBackendOneDnn", report.floatBackend().oneDnn());
        root.put("floatBackendReason", report.floatBackend().reason());
        root.put("floatBackendLibrary", report.floatBackend().library().orElse(null));
        root.put("popcountLoop", report.popcountLoop());
        root.put("loadAverage", report.loadAverage());
        root.put("warmupRuns", report.warmupRuns());
        root.put("runs", runs);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (BenchCase c : report.cases()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("description", c.description());
            m.put("floatPath", c.floatPath());
            m.put("binaryPath", c.binaryPath());
            m.put("floatMs", round(c.floatMs()));
            m.put("binaryMs", round(c.binaryMs()));
            m.put("speedup", round(c.speedup()));
            m.put("floatMinMs", round(c.floatMinMs()));
            m.put("binaryMinMs", round(c.binaryMinMs()));
            m.put("floatCpuMs", round(c.floatCpuMs()));
            m.put("binaryCpuMs", round(c.binaryCpuMs()));
            m.put("cpuSpeedup", c.hasCpuTimes() ? round(c.cpuSpeedup()) : null);
            cases.add(m);
        }
        root.put("cases", cases);
        return root;
    }

    private static void printTable(BenchReport r, int runs, PrintWriter out) {
        out.printf(Locale.ROOT, "Java %s (%s), %s, %d processors, load %.2f%n", r.javaVersion(), r.javaVm(), r.cpu(),
                r.processors(), r.loadAverage());
        out.printf(Locale.ROOT, "binary kernels: %d thread(s), %s; ND4J threads: %d; %d warm-up + %d timed runs, medians%n",
                r.threads(), r.popcountLoop(), r.nd4jThreads(), r.warmupRuns(), runs);
        out.println("float side: " + r.floatBackend().describe());
        int width = 4;
        for (BenchCase c : r.cases()) {
            width = Math.max(width, c.name().length());
        }
        String row = "%-" + width + "s  %10s  %10s  %8s  %11s  %s%n";
        out.printf(Locale.ROOT, row, "case", "float ms", "binary ms", "speedup", "cpu speedup", "work");
        for (BenchCase c : r.cases()) {
            out.printf(Locale.ROOT, row, c.name(), String.format(Locale.ROOT, "%.3f", c.floatMs()),
                    String.format(Locale.ROOT, "%.3f", c.binaryMs()), String.format(Locale.ROOT, "%.2fx", c.speedup()),
                    c.hasCpuTimes() ? String.format(Locale.ROOT, "%.2fx", c.cpuSpeedup()) : "n/a", c.description());
        }
        out.println("speedup: median wall times; cpu speedup: median CPU time of the calling thread (meaningful with"
                + " one thread on both sides, OMP_NUM_THREADS=1); both divide by the float side above"
                + (r.floatBackend().oneDnn() ? " (ND4J with oneDNN, the fastest float ops the workbench has)"
                        : " (ND4J without oneDNN: slower than what oneDNN would give)"));
    }

    /** Four significant digits: a fixed number of decimals would erase the sub-microsecond times of small cases. */
    private static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
