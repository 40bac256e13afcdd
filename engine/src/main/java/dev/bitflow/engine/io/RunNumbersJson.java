package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.runs.RunRecord;

/**
 * A runs workspace's {@code numbers.json}: format {@code bitflow-run-numbers} version 1 with {@code highestNumber},
 * the highest run number the workspace gave. It outlives the runs, so the number of a deleted run is not given to
 * a new one.
 */
public final class RunNumbersJson {
    public static final String FORMAT = "bitflow-run-numbers";
    public static final int VERSION = 1;
    /** Far more than the file needs; a larger one is refused rather than read. */
    public static final int MAX_BYTES = 4096;
    private static final ObjectMapper MAPPER = ArchiveJson.mapper();

    private RunNumbersJson() {
    }

    public static byte[] write(int highestNumber) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("format", FORMAT);
        n.put("version", VERSION);
        n.put("highestNumber", highestNumber);
        return ArchiveJson.toBytes(MAPPER, n);
    }

    /**
     * The highest number given.
     *
     * @param where the file, for messages
     * @throws BadInputException naming the file and field when it is not such a file
     */
    public static int read(byte[] bytes, String where) {
        if (bytes.length > MAX_BYTES) {
            throw new BadInputException(where + ": " + bytes.length + " bytes, more than a numbers file can be ("
                    + MAX_BYTES + ")");
        }
        JsonNode n = ArchiveJson.parse(MAPPER, bytes, where);
        if (!n.isObject() || !n.path("format").asText("").equals(FORMAT)) {
            throw new BadInputException(where + ": not a run numbers file (format must be '" + FORMAT + "')");
        }
        JsonNode version = n.path("version");
        if (!version.isInt() || version.asInt() != VERSION) {
            throw new BadInputException(where + ": field 'version' must be " + VERSION + ", was "
                    + ArchiveJson.shown(version));
        }
        JsonNode highest = n.path("highestNumber");
        if (!highest.isInt() || highest.asInt() < 0 || highest.asInt() > RunRecord.MAX_NUMBER) {
            throw new BadInputException(where + ": field 'highestNumber' must be a whole number from 0 to "
                    + RunRecord.MAX_NUMBER + ", was " + ArchiveJson.shown(highest));
        }
        return highest.asInt();
    }
}
