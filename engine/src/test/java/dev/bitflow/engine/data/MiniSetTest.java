package dev.bitflow.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.api.data.DatasetRefs;
import dev.bitflow.engine.api.data.LocationStatus;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.spi.Split;
import org.junit.jupiter.api.Test;

/** The embedded mini set (sample-models/mini, on the test classpath) through the data service. */
class MiniSetTest {
    private final DefaultDatasetService data = TestDatasets.service();

    @Test
    void countsAndClassBalance() {
        LabeledData train = data.load(DatasetRefs.fashionMnist(Normalization.UNIT), DataLocation.mini(), Split.TRAIN);
        LabeledData test = data.load(DatasetRefs.fashionMnist(Normalization.UNIT), DataLocation.mini(), Split.TEST);
        assertThat(train.count()).isEqualTo(6000);
        assertThat(test.count()).isEqualTo(1000);
        assertThat(train.classCounts()).containsOnly(600);
        assertThat(test.classCounts()).containsOnly(100);
        assertThat(train.exampleShape().toString()).isEqualTo("1x28x28");
        assertThat(train.sha256()).hasSize(64).isNotEqualTo(test.sha256());
        // real images: mean intensity of Fashion-MNIST is about 0.29 (not noise, not blank)
        double sum = 0;
        for (float v : TestDatasets.values(test)) {
            sum += v;
        }
        assertThat(sum / TestDatasets.values(test).length).isBetween(0.2, 0.4);
    }

    @Test
    void shirtVsTshirtTask() {
        LabeledData task = data.load(DatasetRefs.shirtVsTshirt(Normalization.MINUS_ONE_TO_ONE), DataLocation.mini(), Split.TEST);
        assertThat(task.count()).isEqualTo(200);
        assertThat(task.classNames()).containsExactly("Shirt", "T-shirt/top");
        assertThat(task.classCounts()).containsExactly(100, 100);
        TrainValidation tv = data.trainValidation(DatasetRefs.shirtVsTshirt(Normalization.MINUS_ONE_TO_ONE),
                DataLocation.mini(), 0.2, 7);
        assertThat(tv.train().count()).isEqualTo(960);
        assertThat(tv.validation().count()).isEqualTo(240);
    }

    @Test
    void listsTheMiniLocationWithCounts() {
        DatasetInfo info = data.available().get(0);
        assertThat(info.id()).isEqualTo("fashion-mnist");
        LocationStatus mini = info.locations().get(0);
        assertThat(mini.location()).isEqualTo(DataLocation.mini());
        assertThat(mini.available()).isTrue();
        assertThat(mini.trainCount()).isEqualTo(6000);
        assertThat(mini.testCount()).isEqualTo(1000);
        assertThat(info.locations().get(1).location()).isEqualTo(DataLocation.standard());
        if (TestDatasets.standardInstalled()) {
            assertThat(info.locations().get(1).testCount()).isEqualTo(10_000);
        }
    }
}
