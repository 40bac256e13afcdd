package dev.bitflow.app.viewmodel.sf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void significantDigitsFitNarrowCells() {
        assertThat(Numbers.significant(0.0123456, 4)).isEqualTo("0.01235");
        assertThat(Numbers.significant(-1.25, 4)).isEqualTo("-1.25");
        assertThat(Numbers.significant(123.456, 4)).isEqualTo("123.5");
        assertThat(Numbers.significant(4567.8, 3)).isEqualTo("4570");
        assertThat(Numbers.significant(0, 4)).isEqualTo("0");
        assertThat(Numbers.significant(1.2345e-5, 3)).isEqualTo("1.23e-05");
        assertThat(Numbers.significant(2.5e6, 3)).isEqualTo("2.50e+06");
        assertThat(Numbers.significant(Double.NaN, 3)).isEqualTo("NaN");
    }
}
