package dev.bitflow.engine.io;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.fuse.BatchShift;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.fuse.FusionState;
import dev.bitflow.engine.fused.FloatThreshold;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.LayerParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Writes a fused network as a {@code *.bff} file ({@link BffFormat}), atomically. */
public final class BffWriter {
    private final DefinitionService definitions;

    public BffWriter(DefinitionService definitions) {
        this.definitions = definitions;
    }

    public void write(FusionPipeline.Result fused, String fusedFrom, Path file) throws IOException {
        archive(fused, fusedFrom).write(file);
    }

    /** The archive's bytes, for size checks and tests. */
    public byte[] toBytes(FusionPipeline.Result fused, String fusedFrom) {
        return archive(fused, fusedFrom).toBytes();
    }

    private ArchiveWriter archive(FusionPipeline.Result fused, String fusedFrom) {
        FusionState st = fused.state();
        ArchiveWriter a = new ArchiveWriter(BffFormat.NAME, BffFormat.VERSION);
        a.putMetadata("model", st.network().definition().name());
        if (fusedFrom != null) {
            a.putMetadata("fusedFrom", fusedFrom);
        }
        a.add(BffFormat.DEFINITION, definitions.toJson(st.network().definition()).getBytes(StandardCharsets.UTF_8));
        List<FusionBlock> blocks = st.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            FusionBlock b = blocks.get(i);
            String name = b.name();
            LayerParameters lp = st.linear(i);
            int out = b.linearOut().channels();
            switch (b.kind()) {
                case FIRST -> {
                    addFloats(a, BffFormat.first(name, "weights"), lp.effectiveWeights());
                    if (lp.alpha() != null) {
                        addFloats(a, BffFormat.first(name, "alpha"), lp.alpha());
                    }
                    if (lp.bias() != null) {
                        addFloats(a, BffFormat.first(name, "bias"), lp.bias());
                    }
                    FloatThreshold t = st.firstThreshold();
                    addFloats(a, BffFormat.first(name, "threshold"), t.threshold());
                    a.addNpy(BffFormat.first(name, "flags"), NpyArray.ofUnsignedBytes(new int[] {out},
                            BffFormat.flags(t.below(), t.constant(), t.constantValue())));
                }
                case BINARY -> {
                    long[] stream;
                    if (b.linear() instanceof Conv2dSpec c) {
                        stream = BitStream.pack(st.convWeights(i).plainBits(), out * c.kernel() * c.kernel(),
                                b.input().channels());
                    } else {
                        stream = BitStream.pack(st.denseWeights(i).plainBits(), out, (int) b.input().size());
                    }
                    a.addNpy(BffFormat.binary(name, "weights"), NpyArray.ofUnsignedLongs(new int[] {stream.length}, stream));
                    BatchShift s = st.shift(i);
                    byte[] flags = BffFormat.flags(s.flipped(), s.constant(), s.constantValue());
                    short[] rows = new short[2 * out];
                    System.arraycopy(s.shift(), 0, rows, 0, out);
                    for (int c = 0; c < out; c++) {
                        rows[out + c] = flags[c];
                    }
                    a.addNpy(BffFormat.binary(name, "batchshift"), NpyArray.ofShorts(new int[] {2, out}, rows));
                }
                case OUTPUT -> {
                    addFloats(a, BffFormat.output(name, "weights"), lp.effectiveWeights());
                    if (lp.alpha() != null) {
                        addFloats(a, BffFormat.output(name, "alpha"), lp.alpha());
                    }
                    if (lp.bias() != null) {
                        addFloats(a, BffFormat.output(name, "bias"), lp.bias());
                    }
                    BnParameters bn = st.batchNorm(i);
                    if (bn.present()) {
                        float[] packed = new float[4 * out];
                        System.arraycopy(bn.gamma(), 0, packed, 0, out);
                        System.arraycopy(bn.beta(), 0, packed, out, out);
                        System.arraycopy(bn.mean(), 0, packed, 2 * out, out);
                        System.arraycopy(bn.var(), 0, packed, 3 * out, out);
                        a.addNpy(BffFormat.output(name, "batchnorm"), NpyArray.ofFloats(new int[] {4, out}, packed));
                    }
                }
            }
        }
        return a;
    }

    private static void addFloats(ArchiveWriter a, String entry, float[] v) {
        a.addNpy(entry, NpyArray.ofFloats(new int[] {v.length}, v));
    }
}
