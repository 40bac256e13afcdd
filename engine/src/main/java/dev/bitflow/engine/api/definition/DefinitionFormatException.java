package dev.bitflow.engine.api.definition;

import dev.bitflow.engine.api.BadInputException;

/**
 * A definition text could not be read. The message is the user-facing one
 * ({@code SOURCE: line L: $.path: what is wrong}); the parts are also available separately, so an editor
 * can put the cursor on the offending line.
 */
public class DefinitionFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final int column;
    private final String jsonPath;
    private final String problem;

    public DefinitionFormatException(String source, int line, String jsonPath, String problem) {
        this(source, line, 0, jsonPath, problem);
    }

    /** With a column ({@code 0} = unknown), for syntax errors. */
    public DefinitionFormatException(String source, int line, int column, String jsonPath, String problem) {
        super(source + ": line " + line + (column > 0 ? ", column " + column : "") + ": " + jsonPath + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.jsonPath = jsonPath;
        this.problem = problem;
    }

    /** The file or other source name the text came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem (of the enclosing object for a missing field). */
    public int line() {
        return line;
    }

    /** The 1-based column of a syntax error, or 0 when the problem is a whole value. */
    public int column() {
        return column;
    }

    /** The JSON path of the problem, for example {@code $.layers[3].kernel}. */
    public String jsonPath() {
        return jsonPath;
    }

    /** What is wrong, without source, line and path. */
    public String problem() {
        return problem;
    }
}
