package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitflow.engine.api.NativeBackend;
import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.PluginInfo;
import dev.bitflow.engine.api.PluginProblem;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.api.data.LocationStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bitflow plugins [--format table|json]}: the plugins found on the class path and in the plugins
 * folder, the data sets they provide with the locations where each can be read, and every plugin that
 * failed to load with the reason. Exit code 0 even when there are problems (they are the listing's content).
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the plugins found (built in and in the plugins folder), their data sets, and load problems.")
public final class PluginsCommand implements Callable<Integer> {
    @Mixin
    TableOrJsonOption format;

    private final CliContext context;

    public PluginsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat f = format.value();
        PluginCatalog catalog = context.engine().plugins();
        List<DatasetInfo> datasets = context.engine().datasets().available();
        NativeBackend backend = context.engine().nativeBackend();
        if (f == OutputFormat.JSON) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Map<String, Object> root = toJson(catalog, datasets);
            Map<String, Object> nd4j = new LinkedHashMap<>();
            nd4j.put("build", backend.build());
            nd4j.put("oneDnn", backend.oneDnn());
            nd4j.put("reason", backend.reason());
            nd4j.put("available", backend.available());
            root.put("nd4j", nd4j);
            context.out().println(json.writeValueAsString(root));
        } else {
            printTable(catalog, datasets, context.out());
            context.out().println("Float engine: ND4J " + backend.build() + (backend.oneDnn() ? " (oneDNN)" : "")
                    + ", " + backend.reason() + "; builds on the class path: " + String.join(", ", backend.available()));
        }
        context.out().flush();
        return BitflowCli.EXIT_OK;
    }

    private static Map<String, Object> toJson(PluginCatalog catalog, List<DatasetInfo> datasets) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pluginsFolder", catalog.pluginsFolder().map(Object::toString).orElse(null));
        List<Map<String, Object>> plugins = new ArrayList<>();
        for (PluginInfo p : catalog.plugins()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("kind", p.kind());
            m.put("name", p.name());
            m.put("description", p.description());
            m.put("source", p.source());
            m.put("builtIn", p.builtIn());
            plugins.add(m);
        }
        root.put("plugins", plugins);
        List<Map<String, Object>> sets = new ArrayList<>();
        for (DatasetInfo d : datasets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("name", d.name());
            m.put("classes", d.classNames());
            List<Map<String, Object>> locations = new ArrayList<>();
            for (LocationStatus s : d.locations()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("location", s.location().toString());
                l.put("available", s.available());
                l.put("train", s.trainCount());
                l.put("test", s.testCount());
                if (!s.available()) {
                    l.put("help", s.help());
                }
                locations.add(l);
            }
            m.put("locations", locations);
            sets.add(m);
        }
        root.put("datasets", sets);
        List<Map<String, Object>> problems = new ArrayList<>();
        for (PluginProblem p : catalog.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", p.source());
            m.put("message", p.message());
            problems.add(m);
        }
        root.put("problems", problems);
        return root;
    }

    private static void printTable(PluginCatalog catalog, List<DatasetInfo> datasets, PrintWriter out) {
        List<PluginInfo> plugins = catalog.plugins();
        out.println("Plugins (" + plugins.size() + "):");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KIND", "ID", "NAME", "SOURCE"});
        for (PluginInfo p : plugins) {
            rows.add(new String[] {p.kind(), p.id(), p.name(), p.builtIn() ? "built-in" : p.source()});
        }
        printColumns(rows, out);
        if (!datasets.isEmpty()) {
            out.println();
            out.println("Data sets:");
            for (DatasetInfo d : datasets) {
                out.println("  " + d.id() + " (" + d.name() + ", " + (d.classNames().isEmpty() ? "classes from the data"
                        : d.classNames().size() + " classes") + ")");
                if (d.locations().stream().noneMatch(LocationStatus::available)) {
                    // a plugin of folders only (images, idx, cifar10, hands): one line says how to use it
                    out.println("    folder   --data " + d.id() + ":DIR  " + d.description());
                    continue;
                }
                for (LocationStatus s : d.locations()) {
                    out.println("    " + pad(s.location().toString(), 9) + (s.available()
                            ? s.trainCount() + " train / " + s.testCount() + " test"
                            : "not available: " + s.help()));
                }
            }
        }
        out.println();
        out.println("Plugins folder: " + catalog.pluginsFolder()
                .map(f -> f + (Files.isDirectory(f) ? "" : " (does not exist)")).orElse("none"));
        List<PluginProblem> problems = catalog.problems();
        out.println("Problems (" + problems.size() + ")" + (problems.isEmpty() ? ": none" : ":"));
        for (PluginProblem p : problems) {
            out.println("  " + p.source() + ": " + p.message());
        }
    }

    private static void printColumns(List<String[]> rows, PrintWriter out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.println(line);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
