package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.WeightLayerSpec;
import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.fused.FloatThreshold;
import dev.bitflow.engine.model.FusionBlock;
import java.util.ArrayList;
import java.util.List;

/** Builds the API's per-layer BatchShift table from a fusion state. */
public final class FusionSummaries {
    private FusionSummaries() {
    }

    public static FusionSummary of(FusionState st, long fileBytes) {
        List<FusedLayerSummary> rows = new ArrayList<>();
        for (int i = 0; i < st.blocks().size(); i++) {
            FusionBlock b = st.blocks().get(i);
            int k = (int) ((WeightLayerSpec) b.linear()).dotLength(b.input());
            int channels = b.linearOut().channels();
            int pre = b.preBnPools().size();
            int post = b.postPools().size();
            switch (b.kind()) {
                case FIRST -> {
                    FloatThreshold t = st.firstThreshold();
                    rows.add(new FusedLayerSummary(b.name(), "first", channels, k, 0, 0, 0, count(t.below(), t.constant()),
                            count(t.constant(), null), pre, post));
                }
                case BINARY -> {
                    BatchShift s = st.shift(i);
                    rows.add(new FusedLayerSummary(b.name(), "binary", channels, k, s.minShift(), s.maxShift(),
                            s.bitWidth(), s.flippedCount(), s.constantCount(), pre, post));
                }
                case OUTPUT -> rows.add(new FusedLayerSummary(b.name(), "output", channels, k, 0, 0, 0, 0, 0, 0, 0));
            }
        }
        return new FusionSummary(st.network().definition().name(), rows, fileBytes);
    }

    /** Flags set in {@code flags} and not in {@code except}. */
    private static int count(boolean[] flags, boolean[] except) {
        int n = 0;
        for (int c = 0; c < flags.length; c++) {
            if (flags[c] && (except == null || !except[c])) {
                n++;
            }
        }
        return n;
    }
}
