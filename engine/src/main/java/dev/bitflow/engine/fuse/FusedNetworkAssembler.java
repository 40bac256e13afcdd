package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.binary.BinaryConvLayer;
import dev.bitflow.engine.binary.BinaryDenseLayer;
import dev.bitflow.engine.binary.BitMaxPoolLayer;
import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.fused.FusedFirstLayer;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.reference.LayerParameters;
import java.util.ArrayList;
import java.util.List;

/** The last pass: puts the folded and packed pieces together into fused layers, in block order. */
public final class FusedNetworkAssembler implements FusionPass {
    @Override
    public String name() {
        return "assemble";
    }

    @Override
    public void apply(FusionState state) {
        state.fused.clear();
        for (int i = 0; i < state.blocks.size(); i++) {
            FusionBlock b = state.blocks.get(i);
            List<BitMaxPoolLayer> pools = pools(b, state.preBnAndMask.get(i));
            switch (b.kind()) {
                case FIRST -> {
                    LayerParameters lp = state.linear.get(i);
                    if (b.linear() instanceof Conv2dSpec c) {
                        state.fused.add(new FusedFirstLayer(b.name(), true, b.input().channels(), b.input().height(),
                                b.input().width(), c.filters(), c.kernel(), c.stride(), c.padding(), lp.effectiveWeights(),
                                lp.alpha(), lp.bias(), state.firstThreshold, pools));
                    } else {
                        DenseSpec d = (DenseSpec) b.linear();
                        state.fused.add(new FusedFirstLayer(b.name(), false, b.input().channels(), b.input().height(),
                                b.input().width(), d.units(), 1, 1, dev.bitflow.engine.api.definition.Padding.VALID,
                                lp.effectiveWeights(), lp.alpha(), lp.bias(), state.firstThreshold, pools));
                    }
                }
                case BINARY -> {
                    BatchShift s = state.shifts.get(i);
                    long[] constMask = MaskWords.of(s.constant());
                    long[] constValue = MaskWords.of(s.constantValue(), s.constant());
                    long[] flipped = MaskWords.of(s.flipped());
                    if (b.linear() instanceof Conv2dSpec c) {
                        ConvGeometry g = new ConvGeometry(b.input().channels(), b.input().height(), b.input().width(),
                                c.filters(), c.kernel(), c.stride(), c.padding());
                        state.fused.add(new FusedBinaryLayer(b.name(), new BinaryConvLayer(state.convWeights.get(i),
                                s.shift(), constMask, constValue, g), null, false, flipped, pools));
                    } else {
                        state.fused.add(new FusedBinaryLayer(b.name(), null, new BinaryDenseLayer(
                                state.denseWeights.get(i), s.shift(), constMask, constValue), b.flattenedInput(),
                                flipped, pools));
                    }
                }
                case OUTPUT -> state.fused.add(state.output);
            }
        }
    }

    private static List<BitMaxPoolLayer> pools(FusionBlock b, long[] preBnAndMask) {
        List<BitMaxPoolLayer> pools = new ArrayList<>();
        for (MaxPoolSpec p : b.preBnPools()) {
            pools.add(new BitMaxPoolLayer(p.size(), p.stride(), preBnAndMask));
        }
        for (MaxPoolSpec p : b.postPools()) {
            pools.add(new BitMaxPoolLayer(p.size(), p.stride(), null));
        }
        return pools;
    }
}
