package dev.bitflow.engine.io;

import dev.bitflow.engine.model.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the golden model files of the current format version ONCE, when a version is released. Never
 * rerun for an existing version: golden files are committed and must stay byte-identical forever (decision
 * 0032). Usage, from the repository root (writes into a new folder; copy only new versions' files):
 * <pre>
 *   mvn -B -o -q -pl engine -am install -DskipTests &amp;&amp; mvn -B -o -q -pl engine test-compile
 *   J=~/.m2/repository/com/fasterxml/jackson/core
 *   java -cp engine/target/classes:engine/target/test-classes:$(ls $J/jackson-*&#47;2.18.2/*.jar | tr '\n' :) \
 *        dev.bitflow.engine.io.GoldenFileWriter /tmp/golden
 * </pre>
 */
public final class GoldenFileWriter {
    static final String MODEL = "tiny-bcnn-v1.bfm";
    static final String CHECKPOINT = "tiny-bcnn-checkpoint-v1.bfm";

    private GoldenFileWriter() {
    }

    static Map<String, Tensor> checkpointExtras() {
        Map<String, Tensor> extras = new LinkedHashMap<>();
        extras.put("opt/conv2/W/m", TinyModels.tensor(50, 8, 4, 3, 3));
        extras.put("opt/conv2/W/v", TinyModels.positive(51, 288));
        return extras;
    }

    static Map<String, String> checkpointProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("epoch", "1");
        props.put("step", "42");
        props.put("rng", "5deece66d");
        return props;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        BfmWriter.write(dir.resolve(MODEL), TinyModels.model());
        BfmWriter.write(dir.resolve(CHECKPOINT), TinyModels.model(), checkpointExtras(), checkpointProperties());
    }
}
