package dev.bitflow.engine.model.json;

/**
 * A problem at one JSON path, raised while decoding a tree; the codec turns it into a
 * {@link dev.bitflow.engine.api.BadInputException} that adds the source name and line.
 */
public final class JsonFieldError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public JsonFieldError(String path, String message) {
        super(message, null, false, false);
        this.path = path;
    }

    /** The JSON path, for example {@code $.layers[3].kernel}. */
    public String path() {
        return path;
    }
}
