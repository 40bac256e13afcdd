package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.NativeBackend;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.BenchCase;
import dev.bitflow.engine.api.bench.BenchReport;
import dev.bitflow.engine.api.bench.BenchRequest;
import dev.bitflow.engine.api.bench.ModelBenchReport;
import dev.bitflow.engine.api.bench.ModelBenchRequest;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.TrainedModel;
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
 * Without SPEC or MODEL: a 3x3 256->256 conv at 56x56, every layer of BitFlow-AlexNet and the whole network. A
 * trained model file (.bfm, or a fused .bff) is timed on its test set against a float network
 * ({@link dev.bitflow.engine.api.bench.BenchService#runModel}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the binary kernels against ND4J's float ops (conv2d, mmul, maxpool) on the same work.",
            "Without --layer or MODEL: a 3x3 256->256 conv at 56x56, every layer of BitFlow-AlexNet, and the",
            "network end to end (random weights). MODEL a definition (*.bitflow.json): its layers and the whole",
            "network with random weights. MODEL a trained model (*.bfm) or fused model (*.bff): its fused network's",
            "images/s on the test set against a float network's on ND4J (batch " + ModelBenchRequest.FLOAT_BATCH
                    + "): the model's own float",
            "network, or --twin FILE.bfm (required for a .bff), and how many predictions agree.",
            "ND4J's own threads follow OMP_NUM_THREADS; set OMP_NUM_THREADS=1 for a single-thread comparison.",
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

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "a network definition (*.bitflow.json): every layer and the whole network, random weights; or a trained (*.bfm) or fused (*.bff) model: its fused network on the test set against a float network")
    Path model;

    @Option(names = "--twin", paramLabel = "FILE.bfm", description = "with a model file: the float network to compare with (default: the model's own float network)")
    Path twin;

    @Mixin
    DataOption data;

    @Mixin
    TestLimitOption limit;

    @Option(names = "--threads", defaultValue = "1", converter = Counts.Positive.class, description = "threads of the binary kernels (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--warmup", converter = Counts.NonNegative.class, description = "untimed runs per path, at least; warm-up goes on until each path ran 1.5 s (5 s for a model file), unless 0 (default: " + BenchRequest.DEFAULT_WARMUP_RUNS + "; " + ModelBenchRequest.DEFAULT_WARMUP_RUNS + " pass over the test set for a model file)")
    Integer warmup;

    @Option(names = "--runs", converter = Counts.Positive.class, description = "timed runs per path; the median is reported (default: " + BenchRequest.DEFAULT_MEASURED_RUNS + "; " + ModelBenchRequest.DEFAULT_MEASURED_RUNS + " passes for a model file)")
    Integer runs;

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
        boolean modelFile = model != null && (isBfm(model) || isBff(model));
        if (!modelFile && (twin != null || data.location() != null || limit.value() > 0)) {
            throw new BadInputException("--twin, --data and --limit need a model file (*.bfm or *.bff)");
        }
        if (twin != null && !isBfm(twin)) {
            throw new BadInputException(twin + ": the twin is a trained model file (*.bfm)");
        }
        TaskMonitor monitor = monitor();
        if (modelFile) {
            int w = warmup != null ? warmup : ModelBenchRequest.DEFAULT_WARMUP_RUNS;
            int r = runs != null ? runs : ModelBenchRequest.DEFAULT_MEASURED_RUNS;
            ModelBenchReport report = context.engine().bench().runModel(new ModelBenchRequest(fused(model, monitor),
                    twin == null ? null : context.engine().training().load(twin), twin == null ? null : twin.toString(),
                    data.location(), threads, w, r, limit.value()), monitor);
            return print(f, toJson(report, model), out -> printTable(report, model, out));
        }
        int w = warmup != null ? warmup : BenchRequest.DEFAULT_WARMUP_RUNS;
        int r = runs != null ? runs : BenchRequest.DEFAULT_MEASURED_RUNS;
        BenchRequest request = new BenchRequest(layerSpec, model, threads, w, r, seed);
        BenchReport report = context.engine().bench().run(request, monitor);
        return print(f, toJson(report, r), out -> printTable(report, r, out));
    }

    /** The report as JSON ({@code json}) or as a table ({@code table}) on stdout. */
    private int print(OutputFormat f, Map<String, Object> json, java.util.function.Consumer<PrintWriter> table)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        if (f == OutputFormat.JSON) {
            context.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } else {
            table.accept(context.out());
        }
        context.out().flush();
        return BitflowCli.EXIT_OK;
    }

    private static boolean isBfm(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bfm");
    }

    private static boolean isBff(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bff");
    }

    /** The fused network of a model file: fused from a trained model, or read from a fused one. */
    private FusedModel fused(Path file, TaskMonitor monitor) {
        if (isBff(file)) {
            return context.engine().fusion().loadFused(file);
        }
        TrainedModel trained = context.engine().training().load(file);
        monitor.progress(0, "fusing " + file.getFileName());
        return context.engine().fusion().fuse(trained, monitor);
    }

    private TaskMonitor monitor() {
        PrintWriter err = context.err();
        return new TaskMonitor() {
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
    }

    static Map<String, Object> toJson(ModelBenchReport report, Path model) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model.toString());
        root.put("network", report.model());
        root.put("dataset", report.dataset());
        root.put("images", report.images());
        putMachine(root, report.javaVersion(), report.javaVm(), report.cpu(), report.processors(), report.threads(),
                report.nd4jThreads(), report.floatBackend());
        root.put("kernels", report.kernels());
        root.put("loadAverage", report.loadAverage());
        root.put("warmupRuns", report.warmupRuns());
        root.put("runs", report.measuredRuns());
        root.put("fused", side(report.fused()));
        Map<String, Object> twinSide = side(report.twin());
        twinSide.put("ownFloatNetwork", report.twinIsOwnFloat());
        root.put("float", twinSide);
        root.put("speedup", round(report.speedup()));
        root.put("agreeWithOwnFloatNetwork", report.agreement() < 0 ? null : report.agreement());
        root.put("agreeWithFloatSide", report.twinAgreement());
        return root;
    }

    private static Map<String, Object> side(ModelBenchReport.Side s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", s.label());
        m.put("imagesPerSecond", round(s.imagesPerSecond()));
        m.put("medianMs", round(s.medianMs()));
        m.put("minMs", round(s.minMs()));
        m.put("accuracy", round(s.accuracy()));
        return m;
    }

    /** How long the warm-up was: "no warm-up", or "warm-up: at least 1 pass and 5 s". */
    private static String warmUp(int runs, String unit, long minNanos) {
        return runs == 0 ? "no warm-up" : String.format(Locale.ROOT, "warm-up: at least %d %s%s and %s s", runs, unit,
                runs == 1 ? "" : unit.equals("pass") ? "es" : "s", new java.math.BigDecimal(minNanos).movePointLeft(9)
                        .stripTrailingZeros().toPlainString());
    }

    private static void printTable(ModelBenchReport r, Path model, PrintWriter out) {
        printMachine(out, r.javaVersion(), r.javaVm(), r.cpu(), r.processors(), r.loadAverage());
        out.printf(Locale.ROOT, "model %s (%s): %d test images of %s; %s, then %d timed passes per side, medians%n",
                model, r.model(), r.images(), r.dataset(), warmUp(r.warmupRuns(), "pass",
                        ModelBenchRequest.MIN_WARMUP_NANOS), r.measuredRuns());
        out.printf(Locale.ROOT, "fused network: %d thread(s); %s%n", r.threads(), r.kernels());
        out.println("float side: " + r.floatBackend().describe() + "; ND4J threads: " + r.nd4jThreads());
        int width = Math.max(r.fused().label().length(), r.twin().label().length());
        String row = "%-" + width + "s  %12s  %10s  %8s%n";
        out.printf(Locale.ROOT, row, "path", "images/s", "ms/pass", "accuracy");
        for (ModelBenchReport.Side s : List.of(r.fused(), r.twin())) {
            out.printf(Locale.ROOT, row, s.label(), String.format(Locale.ROOT, "%,.0f", s.imagesPerSecond()),
                    String.format(Locale.ROOT, "%.1f", s.medianMs()), String.format(Locale.ROOT, "%.2f%%", 100 * s.accuracy()));
        }
        out.printf(Locale.ROOT, "speedup: %.2fx (images/s of the fused network over the float side's)%n", r.speedup());
        if (r.agreement() >= 0) {
            out.printf(Locale.ROOT, "predictions: fused network and the model's own float network on ND4J agree on %d"
                    + " of %d images%n", r.agreement(), r.images());
        }
        if (!r.twinIsOwnFloat()) {
            out.printf(Locale.ROOT, "predictions: fused network and the float twin agree on %d of %d images%n",
                    r.twinAgreement(), r.images());
        }
    }

    /** The JVM, machine, threads and float build a report was measured on, as JSON fields. */
    private static void putMachine(Map<String, Object> root, String javaVersion, String javaVm, String cpu,
                                   int processors, int threads, int nd4jThreads, NativeBackend floatBackend) {
        root.put("javaVersion", javaVersion);
        root.put("javaVm", javaVm);
        root.put("cpu", cpu);
        root.put("processors", processors);
        root.put("threads", threads);
        root.put("nd4jThreads", nd4jThreads);
        root.put("floatBackend", floatBackend.build());
        root.put("floatBackendOneDnn", floatBackend.oneDnn());
        root.put("floatBackendReason", floatBackend.reason());
        root.put("floatBackendLibrary", floatBackend.library().orElse(null));
    }

    static Map<String, Object> toJson(BenchReport report, int runs) {
        Map<String, Object> root = new LinkedHashMap<>();
        putMachine(root, report.javaVersion(), report.javaVm(), report.cpu(), report.processors(), report.threads(),
                report.nd4jThreads(), report.floatBackend());
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
        printMachine(out, r.javaVersion(), r.javaVm(), r.cpu(), r.processors(), r.loadAverage());
        out.printf(Locale.ROOT, "binary kernels: %d thread(s), %s; ND4J threads: %d; %s, then %d timed runs, medians%n",
                r.threads(), r.popcountLoop(), r.nd4jThreads(), warmUp(r.warmupRuns(), "run",
                        BenchRequest.MIN_WARMUP_NANOS), runs);
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

    private static void printMachine(PrintWriter out, String javaVersion, String javaVm, String cpu, int processors,
                                     double loadAverage) {
        out.printf(Locale.ROOT, "Java %s (%s), %s, %d processors, load %.2f%n", javaVersion, javaVm, cpu, processors,
                loadAverage);
    }

    /** Four significant digits: a fixed number of decimals would erase the sub-microsecond times of small cases. */
    private static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
