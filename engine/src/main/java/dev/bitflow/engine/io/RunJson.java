package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.runs.RunCurves;
import dev.bitflow.engine.api.runs.RunRecord;
import dev.bitflow.engine.api.runs.RunSettings;
import dev.bitflow.engine.api.runs.RunStatus;
import dev.bitflow.engine.api.training.EvaluationResult;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's {@code run.json}: format {@code bitflow-run} version 1 with the run's number, name, hidden flag, status,
 * message, start, duration, settings, curves (batches as {@code [epoch, loss, accuracy]}, epochs as
 * {@code [epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy]}) and evaluation. The run's id
 * (its folder), definition and model files live beside it, not in it. Reading is strict: a wrong or missing
 * field is a {@link BadInputException} naming the file and the field. The one exception is {@code number}, added
 * to version 1 later: a file without it (written before runs kept their number) or with one that is not a number
 * from 1 to {@link RunRecord#MAX_NUMBER} is read as a run to be numbered again ({@link Read#numberProblem()}
 * says what was wrong), so the run is not lost over its number. Readers that do not know the field ignore it.
 */
public final class RunJson {
    public static final String FORMAT = "bitflow-run";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = ArchiveJson.mapper();

    private RunJson() {
    }

    /**
     * A run file as read.
     *
     * @param run           the run; its number is 0 when the file has none that can be used
     * @param numberProblem why the stored number cannot be used, naming the file and field; "" when it can, and
     *                      when the file has no number at all
     */
    public record Read(RunRecord run, String numberProblem) {
    }

    /** The JSON of {@code run} (everything but its id, definition and model files; its number when it has one). */
    public static byte[] write(RunRecord run) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("format", FORMAT);
        n.put("version", VERSION);
        if (run.number() > 0) {
            n.put("number", run.number());
        }
        n.put("name", run.name());
        n.put("hidden", run.hidden());
        n.put("status", run.status().name());
        n.put("message", run.message());
        n.put("startedAt", run.startedAt().toString());
        ArchiveJson.putNumber(n, "seconds", run.seconds());
        ObjectNode s = n.putObject("settings");
        s.put("dataLabel", run.settings().dataLabel());
        s.put("data", run.settings().data().toString());
        s.put("scalingFactor", run.settings().scalingFactor());
        s.put("maxTrainExamples", run.settings().maxTrainExamples());
        s.put("trainingExamples", run.settings().trainingExamples());
        ObjectNode c = n.putObject("curves");
        ArrayNode batches = c.putArray("batches");
        for (RunCurves.BatchPoint p : run.curves().batches()) {
            ArrayNode a = batches.addArray();
            ArchiveJson.addNumber(a, p.epoch());
            ArchiveJson.addNumber(a, p.loss());
            ArchiveJson.addNumber(a, p.accuracy());
        }
        ArrayNode epochs = c.putArray("epochs");
        for (RunCurves.EpochPoint p : run.curves().epochs()) {
            ArrayNode a = epochs.addArray();
            a.add(p.epoch());
            ArchiveJson.addNumber(a, p.trainLoss());
            ArchiveJson.addNumber(a, p.trainAccuracy());
            ArchiveJson.addNumber(a, p.validationLoss());
            ArchiveJson.addNumber(a, p.validationAccuracy());
        }
        if (run.evaluation() == null) {
            n.putNull("evaluation");
        } else {
            EvaluationResult e = run.evaluation();
            ObjectNode en = n.putObject("evaluation");
            en.put("dataset", e.dataset());
            en.put("examples", e.examples());
            ArchiveJson.putNumber(en, "accuracy", e.accuracy());
            ArchiveJson.putNumber(en, "loss", e.loss());
            ArrayNode names = en.putArray("classNames");
            e.classNames().forEach(names::add);
            ArrayNode perClass = en.putArray("perClassAccuracy");
            e.perClassAccuracy().forEach(v -> ArchiveJson.addNumber(perClass, v));
            ArrayNode confusion = en.putArray("confusion");
            for (List<Integer> row : e.confusion()) {
                ArrayNode r = confusion.addArray();
                row.forEach(r::add);
            }
        }
        return ArchiveJson.toBytes(MAPPER, n);
    }

    /**
     * Reads a {@code run.json}.
     *
     * @param where         the file, for messages
     * @param id            the run's folder name
     * @param definition    the run's definition (read from its own file)
     * @param hasModel      whether the trained model file exists
     * @param hasFusedModel whether the fused model file exists
     */
    public static Read read(byte[] bytes, String where, String id, NetworkDefinition definition,
                            boolean hasModel, boolean hasFusedModel) {
        Fields f = new Fields(ArchiveJson.parse(MAPPER, bytes, where), where, "");
        if (!FORMAT.equals(f.text("format"))) {
            throw new BadInputException(where + ": not a run file (format must be '" + FORMAT + "')");
        }
        int version = f.integer("version", 1);
        if (version != VERSION) {
            throw new BadInputException(where + ": run file version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        RunStatus status;
        String statusText = f.text("status");
        try {
            status = RunStatus.valueOf(statusText);
        } catch (IllegalArgumentException e) {
            throw f.bad("status", "must be one of RUNNING, FINISHED, CANCELLED, FAILED, was '" + statusText + "'");
        }
        Instant started;
        try {
            started = Instant.parse(f.text("startedAt"));
        } catch (DateTimeParseException e) {
            throw f.bad("startedAt", "must be an ISO-8601 instant such as 2026-12-01T10:15:30Z");
        }
        Fields s = f.object("settings");
        DataLocation data = DataLocation.parse(s.text("data"));
        RunSettings settings = new RunSettings(s.text("dataLabel"), data, s.bool("scalingFactor"),
                s.integer("maxTrainExamples", 0), s.integer("trainingExamples", 0));
        Fields c = f.object("curves");
        List<RunCurves.BatchPoint> batches = new ArrayList<>();
        for (Fields p : c.tuples("batches", 3)) {
            batches.add(new RunCurves.BatchPoint(p.number(0), p.number(1), p.number(2)));
        }
        List<RunCurves.EpochPoint> epochs = new ArrayList<>();
        for (Fields p : c.tuples("epochs", 5)) {
            epochs.add(new RunCurves.EpochPoint(p.integer(0), p.number(1), p.number(2), p.number(3), p.number(4)));
        }
        EvaluationResult evaluation = f.isNull("evaluation") ? null : evaluation(f.object("evaluation"));
        JsonNode stored = f.node().get("number");
        boolean usable = stored == null
                || stored.isInt() && stored.asInt() >= 1 && stored.asInt() <= RunRecord.MAX_NUMBER;
        String numberProblem = usable ? "" : f.bad("number", "must be a whole number from 1 to "
                + RunRecord.MAX_NUMBER + ", was " + ArchiveJson.shown(stored)).getMessage();
        int number = usable && stored != null ? stored.asInt() : 0;
        return new Read(new RunRecord(id, number, f.text("name"), f.bool("hidden"), definition, settings, status,
                f.text("message"), started, f.number("seconds"), new RunCurves(batches, epochs), evaluation, hasModel,
                hasFusedModel), numberProblem);
    }

    private static EvaluationResult evaluation(Fields e) {
        List<String> names = new ArrayList<>();
        for (Fields n : e.items("classNames")) {
            names.add(n.textItem());
        }
        int classes = names.size();
        List<Double> perClass = new ArrayList<>();
        for (Fields p : e.items("perClassAccuracy")) {
            perClass.add(p.numberItem());
        }
        if (perClass.size() != classes) {
            throw e.bad("perClassAccuracy", "must have one value per class (" + classes + "), has " + perClass.size());
        }
        List<List<Integer>> confusion = new ArrayList<>();
        for (Fields row : e.tuples("confusion", classes)) {
            List<Integer> r = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                r.add(row.integer(i));
            }
            confusion.add(r);
        }
        if (confusion.size() != classes) {
            throw e.bad("confusion", "must have one row per class (" + classes + "), has " + confusion.size());
        }
        return new EvaluationResult(e.text("dataset"), e.integer("examples", 0), e.number("accuracy"), e.number("loss"),
                names, perClass, confusion);
    }

    /** One JSON value with its path, for reading fields with messages that name the file and field. */
    private record Fields(JsonNode node, String where, String path) {
        BadInputException bad(String field, String problem) {
            return new BadInputException(where + ": field '" + path + field + "' " + problem);
        }

        private BadInputException badItem(String problem) {
            return new BadInputException(where + ": field '" + path + "' " + problem);
        }

        private JsonNode field(String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                throw bad(field, "is missing");
            }
            return v;
        }

        boolean isNull(String field) {
            return field(field).isNull();
        }

        String text(String field) {
            JsonNode v = field(field);
            if (!v.isTextual()) {
                throw bad(field, "must be a string");
            }
            return v.asText();
        }

        boolean bool(String field) {
            JsonNode v = field(field);
            if (!v.isBoolean()) {
                throw bad(field, "must be true or false");
            }
            return v.asBoolean();
        }

        int integer(String field, int min) {
            JsonNode v = field(field);
            if (!v.isInt() || v.asInt() < min) {
                throw bad(field, "must be an integer of at least " + min);
            }
            return v.asInt();
        }

        double number(String field) {
            Double v = ArchiveJson.number(field(field));
            if (v == null) {
                throw bad(field, "must be a number");
            }
            return v;
        }

        Fields object(String field) {
            JsonNode v = field(field);
            if (!v.isObject()) {
                throw bad(field, "must be a JSON object");
            }
            return new Fields(v, where, path + field + ".");
        }

        List<Fields> items(String field) {
            JsonNode v = field(field);
            if (!v.isArray()) {
                throw bad(field, "must be a JSON array");
            }
            List<Fields> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(new Fields(v.get(i), where, path + field + "[" + i + "]"));
            }
            return out;
        }

        /** The arrays of {@code size} values in array {@code field}. */
        List<Fields> tuples(String field, int size) {
            List<Fields> out = items(field);
            for (Fields t : out) {
                if (!t.node.isArray() || t.node.size() != size) {
                    throw t.badItem("must be an array of " + size + " values");
                }
            }
            return out;
        }

        String textItem() {
            if (!node.isTextual()) {
                throw badItem("must be a string");
            }
            return node.asText();
        }

        double numberItem() {
            Double v = ArchiveJson.number(node);
            if (v == null) {
                throw badItem("must be a number");
            }
            return v;
        }

        double number(int index) {
            Double v = ArchiveJson.number(node.get(index));
            if (v == null) {
                throw new BadInputException(where + ": field '" + path + "[" + index + "]' must be a number");
            }
            return v;
        }

        int integer(int index) {
            JsonNode v = node.get(index);
            if (!v.isInt() || v.asInt() < 0) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: field '%s[%d]' must be a non-negative integer",
                        where, path, index));
            }
            return v.asInt();
        }
    }
}
