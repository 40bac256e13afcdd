package dev.bitflow.plugins.datasets.images;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.spi.Permutation;
import java.util.Map;

/**
 * The test fraction and split seed of data sets without a published train/test split (one folder of class
 * folders, 11K Hands): options {@value #FRACTION} (default {@value #DEFAULT_FRACTION}) and {@value #SEED} (default
 * {@value #DEFAULT_SEED}), and the seeded choice of which items are test items.
 */
public record SeededSplit(double testFraction, long seed) {
    public static final String FRACTION = "testFraction";
    public static final String SEED = "splitSeed";
    public static final double DEFAULT_FRACTION = 0.2;
    public static final long DEFAULT_SEED = 1;

    /** The split the options ask for; bad values are errors naming {@code dataset} and the option. */
    public static SeededSplit of(Map<String, String> options, String dataset) {
        double fraction;
        long seed;
        try {
            fraction = Double.parseDouble(options.getOrDefault(FRACTION, Double.toString(DEFAULT_FRACTION)));
        } catch (NumberFormatException e) {
            throw new BadInputException(dataset + ": option " + FRACTION + " must be a number in (0, 1), was '"
                    + options.get(FRACTION) + "'");
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new BadInputException(dataset + ": option " + FRACTION + " must be in (0, 1), was " + fraction);
        }
        try {
            seed = Long.parseLong(options.getOrDefault(SEED, Long.toString(DEFAULT_SEED)).trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(dataset + ": option " + SEED + " must be an integer, was '"
                    + options.get(SEED) + "'");
        }
        return new SeededSplit(fraction, seed);
    }

    /**
     * Which of {@code n} items (in a fixed order) are test items: the first {@code round(n * testFraction)} of the
     * {@link Permutation} of {@code seed ^ salt}.
     *
     * @param salt makes groups (classes) draw different permutations with one seed
     */
    public boolean[] testItems(int n, long salt) {
        int[] p = Permutation.of(n, seed ^ salt);
        boolean[] test = new boolean[n];
        int count = (int) Math.round(n * testFraction);
        for (int i = 0; i < count; i++) {
            test[p[i]] = true;
        }
        return test;
    }
}
