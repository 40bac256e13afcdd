package dev.bitflow.engine.api;

/**
 * A user-supplied input (a file, a field, an option) is wrong. The message names the problem and where it
 * is (file, JSON path and line, layer, field) and is meant to be shown to the user as it is; the CLI exits
 * with code 2 on it. Nothing was half-written or half-loaded when this is thrown.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
