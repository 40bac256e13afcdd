package dev.bitflow.engine.io;

/**
 * Names of the trained model file format {@code *.bfm} ({@value #NAME}); the layout is in
 * {@code docs/model-files.md}.
 */
public final class BfmFormat {
    /** The manifest's {@code format}. */
    public static final String NAME = "bitflow-model";
    /** The version this build writes and the newest it reads. */
    public static final int VERSION = 1;
    /** What {@link ArchiveReader} accepts for {@code .bfm} files. */
    public static final ArchiveFormat ACCEPTED = new ArchiveFormat(NAME, VERSION);

    /** The definition JSON entry. */
    public static final String DEFINITION = "definition.json";
    /** Folder of the parameter entries, {@code params/<layer>/<param>.npy}. */
    public static final String PARAMS = "params/";
    /** Folder of the extra tensors (checkpoint state), {@code extras/<name>.npy}. */
    public static final String EXTRAS = "extras/";

    private BfmFormat() {
    }

    /** The entry of a parameter: {@code params/<layer>/<param>.npy}, names percent-encoded if needed. */
    public static String parameterEntry(String layer, String param) {
        return PARAMS + ArchiveNames.segment(layer) + "/" + ArchiveNames.segment(param) + ".npy";
    }

    /**
     * The entry of an extra tensor: {@code extras/<name>.npy}, where each '/'-separated segment of the name
     * (for example {@code opt/conv1/W/m}) is percent-encoded if needed.
     */
    public static String extraEntry(String name) {
        StringBuilder entry = new StringBuilder(EXTRAS);
        String[] segments = name.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].isEmpty()) {
                throw new IllegalArgumentException("extra tensor name '" + name + "' has an empty segment");
            }
            entry.append(ArchiveNames.segment(segments[i])).append(i < segments.length - 1 ? "/" : ".npy");
        }
        return entry.toString();
    }
}
