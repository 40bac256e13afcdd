package dev.bitflow.engine.analysis;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DesignReport;
import dev.bitflow.engine.api.definition.LayerShape;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.WeightLayerSpec;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import dev.bitflow.engine.api.ledger.LedgerTotals;
import dev.bitflow.engine.api.ledger.Region;
import dev.bitflow.engine.model.DesignChecker;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.FusionPlanner;
import dev.bitflow.engine.model.LayerRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds a {@link Ledger} from a network definition: per-layer memory and operation counts as defined, and
 * after BatchShift fusion of the blocks {@link FusionPlanner} finds. The counting rules are on
 * {@link LayerLedger} and in {@code docs/ledger.md}; the constants below are the bit widths used.
 *
 * <p>Worked example, BitFlow-AlexNet (docs/ledger.md): params 62,378,344 = fp32 249,513,376 bytes
 * (BN excluded); binary weights 58,236,928 (7,279,616 bytes as bits); after fusion conv1 keeps 34,848 float
 * weights + 96 thresholds (33 bits each), fc8 4,097,000 float params, and every binary channel one int16 B
 * (9,472 channels): 23,826,348 bytes.
 *
 * <p>Every count is computed with exact arithmetic: shape inference refuses tensors larger than
 * {@link dev.bitflow.engine.api.definition.TensorSize#MAX_ELEMENTS}, and a row or total that would still
 * exceed {@link Long#MAX_VALUE} is refused with a {@link BadInputException} instead of wrapping around.
 */
public final class LedgerBuilder {
    /** Bits of a float32 value. */
    public static final int FLOAT_BITS = 32;
    /** Bits of a stored BatchShift integer B (int16; {@link #batchShiftMinBits} is at most 16 for fan-in < 32767). */
    public static final int BATCHSHIFT_STORED_BITS = 16;
    /** Bits per channel of a threshold block after fusion: a float32 threshold and a flip flag. */
    public static final int THRESHOLD_BITS = FLOAT_BITS + 1;

    private LedgerBuilder() {
    }

    /**
     * Minimum signed bit width of the BatchShift integer for fan-in K: B ranges over [-(K+1), K] (beyond
     * that the channel is constant and B is clamped), so {@code 1 + ceil(log2(K + 1))} bits suffice.
     */
    public static int batchShiftMinBits(long fanIn) {
        long v = fanIn + 1;
        int bits = 64 - Long.numberOfLeadingZeros(v - 1); // ceil(log2(v)) for v >= 1
        return 1 + bits;
    }

    /**
     * The ledger of {@code d}.
     *
     * @throws BadInputException if the definition has a shape error
     */
    public static Ledger build(NetworkDefinition d, boolean fused) {
        DesignReport report = DesignChecker.check(d);
        List<LayerShape> shapes = report.shapes();
        if (d.layers().isEmpty() || shapes.stream().anyMatch(s -> s.output() == null)) {
            String why = report.issues().stream().filter(i -> i.severity() == Severity.ERROR
                            && (i.layer() != null || i.code().endsWith("_TOO_LARGE")))
                    .map(DesignIssue::message).limit(3).collect(Collectors.joining("; "));
            throw new BadInputException("cannot build the ledger of '" + d.name() + "': "
                    + (why.isEmpty() ? "the network has no layers" : why));
        }
        List<FusionBlock> blocks = FusionPlanner.plan(d).blocks().stream()
                .filter(b -> b.kind() != FusionBlock.Kind.OUTPUT).toList(); // the output layer stays float
        List<LayerLedger> unfused = rows(d, shapes, blocks, false);
        List<LayerLedger> fusedRows = rows(d, shapes, blocks, true);
        List<LayerLedger> mine = fused ? fusedRows : unfused;
        LedgerTotals totals;
        try {
            totals = totals(mine, unfused, fusedRows);
        } catch (ArithmeticException e) {
            throw new BadInputException("cannot build the ledger of '" + d.name() + "': its total counts exceed "
                    + String.format(java.util.Locale.ROOT, "%,d", Long.MAX_VALUE) + ", the largest the ledger reports");
        }
        List<String> notes = new ArrayList<>();
        long batchShift = blocks.stream().filter(b -> b.kind() == FusionBlock.Kind.BINARY).count();
        notes.add(blocks.size() + " fusable block(s): " + batchShift + " BatchShift (integer), "
                + (blocks.size() - batchShift) + " threshold (float compare)"
                + (fused ? "; counts below are after fusion" : "; counts below are as defined (use fused for after)"));
        report.issues().stream().filter(i -> i.code().equals("FUSION_ORDER")).forEach(i -> notes.add(i.message()));
        return new Ledger(d.name(), fused, mine, totals, notes);
    }

    private static LedgerTotals totals(List<LayerLedger> rows, List<LayerLedger> unfused, List<LayerLedger> fusedRows) {
        long weights = 0, biases = 0, bn = 0, binaryWeights = 0, floatParams = 0, act = 0, fm = 0, bm = 0, mul = 0,
                add = 0, iops = 0, midMul = 0, midMac = 0, midAdd = 0;
        for (LayerLedger r : rows) {
            weights = Math.addExact(weights, r.weights());
            biases = Math.addExact(biases, r.biases());
            bn = Math.addExact(bn, r.bnParams());
            if (r.weightPrecision() == Precision.BINARY) {
                binaryWeights = Math.addExact(binaryWeights, r.weights());
            } else if (r.weightPrecision() == Precision.FLOAT) {
                floatParams = Math.addExact(floatParams, Math.addExact(r.weights(), r.biases()));
            }
            act = Math.addExact(act, r.activationBits());
            fm = Math.addExact(fm, r.floatMacs());
            bm = Math.addExact(bm, r.binaryMacs());
            mul = Math.addExact(mul, r.floatMultiplications());
            add = Math.addExact(add, r.floatAddsCompares());
            iops = Math.addExact(iops, r.intOps());
            if (r.region() == Region.MIDDLE) {
                midMul = Math.addExact(midMul, r.floatMultiplications());
                midMac = Math.addExact(midMac, r.floatMacs());
                midAdd = Math.addExact(midAdd, r.floatAddsCompares());
            }
        }
        long params = Math.addExact(weights, biases);
        long unfusedBytes = ceilBytes(storedBits(unfused));
        long fusedBytes = ceilBytes(storedBits(fusedRows));
        long macs = Math.addExact(fm, bm);
        long fp32 = Math.multiplyExact(4, params);
        return new LedgerTotals(params, weights, biases, bn, binaryWeights, floatParams, fp32,
                Math.multiplyExact(4, Math.addExact(params, bn)), unfusedBytes, fusedBytes,
                fusedBytes == 0 ? 0 : (double) fp32 / fusedBytes,
                act, macs, fm, bm, macs == 0 ? 0 : (double) bm / macs, mul, add, iops, midMul, midMac, midAdd);
    }

    private static long ceilBytes(long bits) {
        return bits / 8 + (bits % 8 == 0 ? 0 : 1);
    }

    private static long storedBits(List<LayerLedger> rows) {
        long bits = 0;
        for (LayerLedger r : rows) {
            bits = Math.addExact(bits, Math.addExact(Math.addExact(r.weightBits(), r.biasBits()), r.channelParamBits()));
        }
        return bits;
    }

    private static List<LayerLedger> rows(NetworkDefinition d, List<LayerShape> shapes, List<FusionBlock> blocks,
                                          boolean fused) {
        List<LayerLedger> rows = new ArrayList<>();
        int second = LayerRoles.secondWeightLayer(d);
        int last = LayerRoles.lastWeightLayer(d);
        for (int i = 0; i < d.layers().size(); i++) {
            LayerSpec l = d.layers().get(i);
            LayerShape s = shapes.get(i);
            Region region = i < second ? Region.FIRST : i < last ? Region.MIDDLE : Region.LAST;
            FusionBlock block = null;
            if (fused) {
                for (FusionBlock b : blocks) {
                    if (b.contains(i)) {
                        block = b;
                    }
                }
            }
            try {
                rows.add(row(i, l, region, s, block, block == null ? null : block.name()));
            } catch (ArithmeticException e) {
                throw new BadInputException("cannot build the ledger of '" + d.name() + "': layer '" + l.name()
                        + "' has counts beyond " + String.format(java.util.Locale.ROOT, "%,d", Long.MAX_VALUE)
                        + ", the largest the ledger reports");
            }
        }
        return rows;
    }

    /** One row; {@code block} is the fusion block containing the layer in a fused ledger, else null. */
    private static LayerLedger row(int i, LayerSpec l, Region region, LayerShape s, FusionBlock block, String fusedInto) {
        Shape in = s.input();
        Shape out = s.output();
        long outputs = out.size();
        Precision inP = s.binaryInput() ? Precision.BINARY : Precision.FLOAT;
        Row r = new Row();
        r.outP = Precision.FLOAT;
        Precision weightP = null;
        int shiftBits = 0;
        if (LayerRoles.isWeightLayer(l)) {
            weightP = LayerRoles.weights(l);
            boolean binW = weightP == Precision.BINARY;
            boolean binIn = s.binaryInput();
            WeightLayerSpec w = (WeightLayerSpec) l;
            long channels = w.outputChannels();
            long k = w.dotLength(in);
            r.weights = Math.multiplyExact(channels, k);
            r.biases = LayerRoles.hasBias(l) ? channels : 0;
            r.weightBits = Math.multiplyExact(r.weights, binW ? 1 : FLOAT_BITS);
            r.biasBits = Math.multiplyExact(r.biases, FLOAT_BITS);
            boolean sf = binW && LayerRoles.scaling(l) == ScalingFactor.MEAN_ABS;
            long macs = Math.multiplyExact(outputs, k);
            if (binW && binIn) {
                r.binaryMacs = macs;
            } else {
                r.floatMacs = macs;
            }
            r.floatMul = !binW && !binIn ? macs : 0;
            if (block == null) {
                r.channelBits = sf ? Math.multiplyExact(channels, FLOAT_BITS) : 0;
                r.floatMul = Math.addExact(r.floatMul, sf ? outputs : 0);
                r.floatAdd = r.biases > 0 ? outputs : 0;
            } else {
                // SF, bias and BN fold into the per-channel threshold; the output is thresholded to bits.
                r.biasBits = 0;
                r.outP = Precision.BINARY;
                if (block.kind() == FusionBlock.Kind.BINARY) {
                    r.channelBits = Math.multiplyExact(channels, BATCHSHIFT_STORED_BITS);
                    shiftBits = batchShiftMinBits(k);
                    r.intOps = Math.multiplyExact(2, outputs); // s + B, then the sign-bit test
                } else {
                    r.channelBits = Math.multiplyExact(channels, THRESHOLD_BITS);
                    r.floatAdd = outputs; // one float compare against the channel's threshold
                }
            }
        } else if (l instanceof BatchNormSpec b) {
            long channels = in.channels();
            r.bnParams = Math.multiplyExact(b.learnGamma() ? 4 : 3, channels);
            if (block == null) {
                r.channelBits = Math.multiplyExact(r.bnParams, FLOAT_BITS);
                r.floatMul = outputs; // z = a*y + c with a = gamma/sigma, c = beta - a*mu precomputed
                r.floatAdd = outputs;
            } else {
                r.outP = Precision.BINARY;
                r.folded = true;
            }
        } else if (l instanceof SignSpec) {
            r.outP = Precision.BINARY;
            if (block != null) {
                r.folded = true;
            } else if (!s.binaryInput()) {
                r.floatAdd = outputs; // compare with 0
            }
        } else if (l instanceof MaxPoolSpec m) {
            long compares = Math.multiplyExact(outputs, (long) m.size() * m.size() - 1);
            boolean bits = s.binaryInput() || block != null;
            r.outP = bits ? Precision.BINARY : Precision.FLOAT;
            if (bits) {
                inP = Precision.BINARY;
                r.intOps = compares; // OR (gamma > 0) or AND (gamma < 0) of bits
            } else {
                r.floatAdd = compares;
            }
        } else if (l instanceof AvgPoolSpec a) {
            r.floatAdd = Math.multiplyExact(outputs, (long) a.size() * a.size() - 1);
            r.floatMul = outputs;
        } else if (l instanceof ReluSpec) {
            r.floatAdd = outputs;
        } else if (l instanceof SoftmaxSpec) {
            r.floatMul = outputs; // division by the sum
            r.floatAdd = Math.multiplyExact(3, outputs) - 2; // max, subtract max, sum (exp not counted)
        } else {
            // flatten, dropout (identity at inference): no parameters, no operations; inside a fused block a
            // dropout disappears like the batchnorm and sign
            r.outP = inP;
            r.folded = block != null;
        }
        if (r.folded) {
            inP = Precision.BINARY;
        }
        long actBits = r.folded ? 0 : Math.multiplyExact(outputs, r.outP == Precision.BINARY ? 1 : FLOAT_BITS);
        return new LayerLedger(i, l.name(), l.type(), region, in, out, weightP, inP, r.outP, r.weights, r.biases,
                r.bnParams, r.weightBits, r.biasBits, r.channelBits, shiftBits, actBits, r.floatMacs, r.binaryMacs,
                r.floatMul, r.floatAdd, r.intOps, fusedInto);
    }

    /** Mutable accumulator for one row. */
    private static final class Row {
        long weights;
        long biases;
        long bnParams;
        long weightBits;
        long biasBits;
        long channelBits;
        long floatMacs;
        long binaryMacs;
        long floatMul;
        long floatAdd;
        long intOps;
        boolean folded;
        Precision outP;
    }
}
