package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.ExpectedParameter;
import dev.bitflow.engine.api.training.ModelParameter;
import java.util.List;

/** What the engine lends an importer: the definition's parameters, and the engine's numpy array decoder. */
public interface ImportContext {
    NetworkDefinition definition();

    /** Every parameter the definition needs (names, shapes, whether required), in layer order. */
    List<ExpectedParameter> expected();

    /**
     * The most bytes a {@code .npy} array of {@code expected} may take: its float32 data plus the largest header
     * numpy writes. An importer reads no more than this for one array.
     */
    long maxNpyBytes(ExpectedParameter expected);

    /**
     * Decodes the complete bytes of a numpy {@code .npy} array (format 1.0 or 2.0) as the parameter {@code expected}:
     * dtype float32 ({@code <f4}), C order.
     *
     * @param source names the file and entry in error messages
     * @throws dev.bitflow.engine.api.BadInputException for a malformed array, another dtype, or another shape
     */
    ModelParameter decodeNpy(byte[] npy, String source, ExpectedParameter expected);

    /** Decodes a {@code .npy} array of bytes ({@code |u1}), for example UTF-8 JSON metadata, of at most {@code max} elements. */
    byte[] decodeNpyBytes(byte[] npy, String source, int max);
}
