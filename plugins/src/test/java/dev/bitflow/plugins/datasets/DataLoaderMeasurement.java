package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.data.Augmenter;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.plugins.host.PluginHost;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the data path on a folder (not a test; docs/data.md quotes its output): how long opening and checking
 * the training split takes, how many images per second the loader delivers as training reads them (shuffled,
 * read ahead, decoded and resized, augmented as the definition says), and the most heap in use and the most
 * live heap after a collection while it runs. Run with a small heap to show memory stays flat:
 * <pre>
 * java -Xmx512m -cp engine/target/classes:plugins/target/classes:plugins/target/test-classes:$(cat cp.txt) \
 *     dev.bitflow.plugins.datasets.DataLoaderMeasurement DIR DEF.bitflow.json [EPOCHS] [MAX_EXAMPLES]
 * </pre>
 */
public final class DataLoaderMeasurement {
    private DataLoaderMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        NetworkDefinition def = new DefaultDefinitionService().load(Path.of(args[1]));
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int max = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        DefaultDatasetService data = new DefaultDatasetService(PluginHost.discover(
                DataLoaderMeasurement.class.getClassLoader(), null));
        AtomicLong maxUsed = new AtomicLong();
        AtomicLong maxLive = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = 0;
                long live = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        used += pool.getUsage().getUsed();
                        MemoryUsage afterGc = pool.getCollectionUsage();
                        live += afterGc == null ? 0 : afterGc.getUsed();
                    }
                }
                maxUsed.accumulateAndGet(used, Math::max);
                maxLive.accumulateAndGet(live, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        LabeledData train = data.trainValidation(def, DataLocation.directory(root), 0, def.training().seed(),
                TaskMonitor.NONE).train();
        double scan = (System.nanoTime() - t0) / 1e9;
        if (max > 0 && max < train.count()) {
            train = train.head(max);
        }
        System.out.printf(Locale.ROOT, "opened and checked %,d training images in %.1f s (cache budget %d MB, max heap"
                        + " %d MB)%n", train.count(), scan, data.cache().budgetBytes() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        Augmenter augmenter = new Augmenter(def.training().augmentation());
        int batch = def.training().batchSize();
        float[] values = new float[batch * train.exampleSize()];
        int[] labels = new int[batch];
        for (int e = 0; e < epochs; e++) {
            LabeledData epoch = train.shuffled(def.training().seed() + e);
            long start = System.nanoTime();
            for (int from = 0; from < epoch.count(); from += batch) {
                int to = Math.min(epoch.count(), from + batch);
                epoch.batch(from, to, values, labels, augmenter, from);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] hm = data.cache().hitsAndMisses();
            System.out.printf(Locale.ROOT, "epoch %d: %,d images in %.1f s = %.0f images/s (cache %d MB held, %,d hits,"
                            + " %,d misses so far)%n", e + 1, epoch.count(), seconds, epoch.count() / seconds,
                    data.cache().bytes() >> 20, hm[0], hm[1]);
        }
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "heap: at most %d MB in use, at most %d MB live after a collection%n",
                maxUsed.get() >> 20, maxLive.get() >> 20);
    }
}
