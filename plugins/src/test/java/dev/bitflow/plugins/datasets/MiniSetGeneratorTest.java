package dev.bitflow.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniSetGeneratorTest {
    @Test
    void selectionIsBalancedSortedAndSeeded() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 7) % 10;
        }
        int[] a = MiniSetGenerator.select(labels, 10, 20, 1);
        assertThat(a).hasSize(200).isSorted().doesNotHaveDuplicates();
        int[] perClass = new int[10];
        for (int i : a) {
            perClass[labels[i]]++;
        }
        assertThat(perClass).containsOnly(20);
        assertThat(MiniSetGenerator.select(labels, 10, 20, 1)).isEqualTo(a);
        assertThat(MiniSetGenerator.select(labels, 10, 20, 2)).isNotEqualTo(a);
    }

    /** Regenerating from the full set gives exactly the images and labels that ship. */
    @Test
    void theShippedMiniSetIsReproducible(@TempDir Path out) throws IOException {
        Path standard = Path.of(FashionMnistDatasetProvider.STANDARD_DIR);
        assumeTrue(Files.isDirectory(standard), "Fashion-MNIST not installed in " + standard);
        MiniSetGenerator.generate(standard, out);
        FashionMnistDatasetProvider p = new FashionMnistDatasetProvider();
        for (Split split : Split.values()) {
            RawImages regenerated = p.load(split, DataLocation.directory(out));
            RawImages shipped = p.load(split, DataLocation.mini());
            assertThat(regenerated.pixels()).isEqualTo(shipped.pixels());
            assertThat(regenerated.labels()).isEqualTo(shipped.labels());
        }
    }
}
