package dev.bitflow.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayTextTest {
    @Test
    void terminalEscapeSequencesAreShownNotObeyed() {
        String hostile = "net\u001b]0;owned\u0007\u001b[2J\u009b31m";
        assertThat(DisplayText.escape(hostile)).isEqualTo("net\\u001B]0;owned\\u0007\\u001B[2J\\u009B31m");
    }

    @Test
    void carriageReturnsAndLineBreaksCannotForgeLines() {
        assertThat(DisplayText.escape("a\rb\nc\td")).isEqualTo("a\\u000Db\\u000Ac\\u0009d");
        assertThat(DisplayText.escapeKeepingLines("a\rb\nc\td")).isEqualTo("a\\u000Db\nc\td");
    }

    @Test
    void bidiOverridesAndSeparatorsAreEscapedLettersOfAnyScriptAreKept() {
        assertThat(DisplayText.escape("evil\u202Egnp.exe")).isEqualTo("evil\\u202Egnp.exe");
        assertThat(DisplayText.escape("a\u2028b\u2066c")).isEqualTo("a\\u2028b\\u2066c");
        String plain = "Größe ÄÖÜ 日本語 Ελληνικά fashion-bcnn_1.0 (test)";
        assertThat(DisplayText.escape(plain)).isSameAs(plain);
        assertThat(DisplayText.escape(null)).isNull();
    }
}
