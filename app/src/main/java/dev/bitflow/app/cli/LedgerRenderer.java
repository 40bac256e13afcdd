package dev.bitflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a {@link Ledger} (data built by the engine) as an aligned text table, JSON, CSV or Markdown.
 * The columns are the same in every format; JSON adds nesting ({@code layers}, {@code totals},
 * {@code notes}) and uses the totals' record component names as keys.
 */
final class LedgerRenderer {
    private record Column(String header, String key, boolean numeric, Function<LayerLedger, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("#", "index", true, LayerLedger::index),
            new Column("layer", "name", false, LayerLedger::name),
            new Column("type", "type", false, LayerLedger::type),
            new Column("region", "region", false, l -> lower(l.region())),
            new Column("in", "input", false, l -> shape(l.input())),
            new Column("out", "output", false, l -> shape(l.output())),
            new Column("weights", "weightPrecision", false, l -> l.weightPrecision() == null ? "" : lower(l.weightPrecision())),
            new Column("act in>out", "activations", false, l -> bits(l.inputPrecision()) + ">" + bits(l.outputPrecision())),
            new Column("params", "params", true, LayerLedger::params),
            new Column("bnParams", "bnParams", true, LayerLedger::bnParams),
            new Column("weightBits", "weightBits", true, LayerLedger::weightBits),
            new Column("biasBits", "biasBits", true, LayerLedger::biasBits),
            new Column("chParamBits", "channelParamBits", true, LayerLedger::channelParamBits),
            new Column("B minBits", "batchShiftMinBits", true, LayerLedger::batchShiftMinBits),
            new Column("actBits", "activationBits", true, LayerLedger::activationBits),
            new Column("floatMACs", "floatMacs", true, LayerLedger::floatMacs),
            new Column("binaryMACs", "binaryMacs", true, LayerLedger::binaryMacs),
            new Column("floatMul", "floatMultiplications", true, LayerLedger::floatMultiplications),
            new Column("floatAdd/Cmp", "floatAddsCompares", true, LayerLedger::floatAddsCompares),
            new Column("intOps", "intOps", true, LayerLedger::intOps),
            new Column("fusedInto", "fusedInto", false, l -> l.fusedInto() == null ? "" : l.fusedInto()));

    private LedgerRenderer() {
    }

    static String render(Ledger ledger, OutputFormat format) {
        return switch (format) {
            case TABLE -> table(ledger);
            case JSON -> json(ledger);
            case CSV -> csv(ledger);
            case MD -> markdown(ledger);
        };
    }

    /** The totals in display order with their JSON keys. */
    static Map<String, Object> totals(LedgerTotals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("params", t.params());
        m.put("weights", t.weights());
        m.put("biases", t.biases());
        m.put("bnParams", t.bnParams());
        m.put("binaryWeights", t.binaryWeights());
        m.put("floatParams", t.floatParams());
        m.put("fp32Bytes", t.fp32Bytes());
        m.put("fp32BytesWithBn", t.fp32BytesWithBn());
        m.put("unfusedBytes", t.unfusedBytes());
        m.put("fusedBytes", t.fusedBytes());
        m.put("compressionRatio", t.compressionRatio());
        m.put("activationBits", t.activationBits());
        m.put("macs", t.macs());
        m.put("floatMacs", t.floatMacs());
        m.put("binaryMacs", t.binaryMacs());
        m.put("binaryMacFraction", t.binaryMacFraction());
        m.put("floatMultiplications", t.floatMultiplications());
        m.put("floatAddsCompares", t.floatAddsCompares());
        m.put("intOps", t.intOps());
        m.put("middleFloatMultiplications", t.middleFloatMultiplications());
        m.put("middleFloatMacs", t.middleFloatMacs());
        m.put("middleFloatAddsCompares", t.middleFloatAddsCompares());
        return m;
    }

    private static String table(Ledger ledger) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::header).toArray(String[]::new));
        for (LayerLedger l : ledger.layers()) {
            rows.add(COLUMNS.stream().map(c -> human(c.value().apply(l))).toArray(String[]::new));
        }
        int[] width = new int[COLUMNS.size()];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Ledger of ").append(ledger.network()).append(ledger.fused() ? " (after BatchShift fusion)" : " (as defined)")
                .append(", per image\n\n");
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < COLUMNS.size(); i++) {
                String v = rows.get(r)[i];
                String pad = " ".repeat(width[i] - v.length());
                line.append(i == 0 ? "" : "  ").append(COLUMNS.get(i).numeric() ? pad + v : v + pad);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                sb.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        sb.append("\nTotals\n");
        Map<String, Object> totals = totals(ledger.totals());
        int keyWidth = totals.keySet().stream().mapToInt(String::length).max().orElse(0);
        totals.forEach((k, v) -> sb.append("  ").append(k).append(" ".repeat(keyWidth - k.length())).append("  ")
                .append(human(v)).append(explain(k, ledger.totals())).append('\n'));
        if (!ledger.notes().isEmpty()) {
            sb.append("\nNotes\n");
            ledger.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static String explain(String key, LedgerTotals t) {
        return switch (key) {
            case "fp32Bytes", "fp32BytesWithBn", "unfusedBytes", "fusedBytes" ->
                    String.format(Locale.ROOT, "  (%.2f MB)", ((Number) totals(t).get(key)).longValue() / 1e6);
            case "params" -> "  (weights + biases, BN excluded)";
            case "macs" -> String.format(Locale.ROOT, "  (%.4g)", (double) t.macs());
            case "binaryMacFraction" -> String.format(Locale.ROOT, "  (%.1f%% binary)", 100 * t.binaryMacFraction());
            case "compressionRatio" -> "  (fp32Bytes / fusedBytes)";
            default -> "";
        };
    }

    private static String json(Ledger ledger) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("network", ledger.network());
        root.put("fused", ledger.fused());
        ArrayNode layers = root.putArray("layers");
        for (LayerLedger l : ledger.layers()) {
            ObjectNode o = layers.addObject();
            for (Column c : COLUMNS) {
                Object v = c.value().apply(l);
                if (v instanceof Number n) {
                    o.put(c.key(), n.longValue());
                } else if (c.key().equals("activations")) {
                    o.put("inputPrecision", lower(l.inputPrecision()));
                    o.put("outputPrecision", lower(l.outputPrecision()));
                } else if (v == null || v.toString().isEmpty()) {
                    o.putNull(c.key());
                } else {
                    o.put(c.key(), v.toString());
                }
            }
        }
        ObjectNode totals = root.putObject("totals");
        totals(ledger.totals()).forEach((k, v) -> {
            if (v instanceof Double d) {
                totals.put(k, d);
            } else {
                totals.put(k, ((Number) v).longValue());
            }
        });
        ArrayNode notes = root.putArray("notes");
        ledger.notes().forEach(notes::add);
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String csv(Ledger ledger) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", COLUMNS.stream().map(Column::key).toList())).append('\n');
        for (LayerLedger l : ledger.layers()) {
            List<String> cells = new ArrayList<>();
            for (Column c : COLUMNS) {
                cells.add(csvCell(String.valueOf(c.value().apply(l))));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        List<String> total = new ArrayList<>();
        for (Column c : COLUMNS) {
            total.add(switch (c.key()) {
                case "name" -> "TOTAL";
                case "params" -> Long.toString(ledger.totals().params());
                case "bnParams" -> Long.toString(ledger.totals().bnParams());
                case "weightBits", "biasBits", "channelParamBits", "activationBits", "floatMacs", "binaryMacs",
                     "floatMultiplications", "floatAddsCompares", "intOps" -> Long.toString(ledger.layers().stream()
                        .mapToLong(l -> ((Number) c.value().apply(l)).longValue()).sum());
                default -> "";
            });
        }
        sb.append(String.join(",", total)).append('\n');
        return sb.toString();
    }

    private static String markdown(Ledger ledger) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Ledger of ").append(ledger.network()).append(ledger.fused() ? " (after BatchShift fusion)" : " (as defined)")
                .append("\n\n");
        sb.append("| ").append(String.join(" | ", COLUMNS.stream().map(Column::header).toList())).append(" |\n");
        sb.append("|").append(String.join("|", COLUMNS.stream().map(c -> c.numeric() ? "---:" : "---").toList())).append("|\n");
        for (LayerLedger l : ledger.layers()) {
            sb.append("| ").append(String.join(" | ", COLUMNS.stream()
                    .map(c -> human(c.value().apply(l)).replace("|", "\\|")).toList())).append(" |\n");
        }
        sb.append("\n| total | value |\n|---|---:|\n");
        totals(ledger.totals()).forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(human(v)).append(" |\n"));
        if (!ledger.notes().isEmpty()) {
            sb.append('\n');
            ledger.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s.equals("null") ? "" : s;
    }

    private static String human(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return v == null ? "" : v.toString();
    }

    private static String shape(Shape s) {
        return s == null ? "?" : s.toString();
    }

    private static String bits(Precision p) {
        return p == Precision.BINARY ? "1b" : "f32";
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
