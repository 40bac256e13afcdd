package dev.bitflow.engine.export;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.ExpectedParameter;
import dev.bitflow.engine.api.training.ModelParameter;
import dev.bitflow.engine.io.NpyArray;
import dev.bitflow.engine.io.NpyDtype;
import dev.bitflow.engine.io.NpyFiles;
import dev.bitflow.engine.io.ParameterAssembler;
import dev.bitflow.engine.spi.ImportContext;
import java.util.Arrays;
import java.util.List;

/** The engine's side of an import: the definition's parameters and the model files' {@code .npy} decoder. */
final class NpyImportContext implements ImportContext {
    /** numpy pads headers to 64 bytes; a header of a few dozen dimensions stays far below this. */
    static final long MAX_HEADER = 4096;

    private final NetworkDefinition definition;
    private final List<ExpectedParameter> expected;

    NpyImportContext(NetworkDefinition definition) {
        this.definition = definition;
        this.expected = ParameterAssembler.expected(definition);
    }

    @Override
    public NetworkDefinition definition() {
        return definition;
    }

    @Override
    public List<ExpectedParameter> expected() {
        return expected;
    }

    @Override
    public long maxNpyBytes(ExpectedParameter e) {
        return e.size() * Float.BYTES + MAX_HEADER;
    }

    @Override
    public ModelParameter decodeNpy(byte[] npy, String source, ExpectedParameter e) {
        NpyArray a = NpyFiles.parse(npy, source);
        if (a.dtype() != NpyDtype.FLOAT32) {
            throw new BadInputException(source + ": must be float32 (<f4), is " + a.dtype().descr()
                    + " (save it with .astype(numpy.float32))");
        }
        if (!Arrays.equals(a.shape(), e.shape())) {
            throw new BadInputException(source + ": has shape " + Arrays.toString(a.shape()) + ", the definition needs "
                    + Arrays.toString(e.shape()));
        }
        return new ModelParameter(e.layer(), e.name(), a.shape(), a.floats());
    }

    @Override
    public byte[] decodeNpyBytes(byte[] npy, String source, int max) {
        NpyArray a = NpyFiles.parse(npy, source);
        if (a.dtype() != NpyDtype.UINT8 || a.shape().length != 1) {
            throw new BadInputException(source + ": must be a 1-D uint8 array, is " + a.dtype().descr() + " "
                    + Arrays.toString(a.shape()));
        }
        if (a.size() > max) {
            throw new BadInputException(source + ": " + a.size() + " bytes, at most " + max + " expected");
        }
        return a.unsignedBytes();
    }
}
