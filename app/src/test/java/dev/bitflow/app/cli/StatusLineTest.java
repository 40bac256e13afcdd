package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    private final StringWriter text = new StringWriter();
    private long now;

    @Test
    void onATerminalTheStatusIsRedrawnInPlace() {
        StatusLine s = new StatusLine(ConsoleWriter.escaping(text), true, () -> now);
        s.update("epoch 1 batch 1/9");
        s.update("epoch 1 batch 2/9");
        s.println("epoch 1/1 done");
        assertThat(text.toString()).isEqualTo("\repoch 1 batch 1/9\repoch 1 batch 2/9\r                 \repoch 1/1 done\n");
    }

    @Test
    void elsewhereStatusLinesArePlainAndThrottled() {
        StatusLine s = new StatusLine(ConsoleWriter.escaping(text), false, () -> now);
        s.update("a");
        now += 1_000_000_000L;
        s.update("b");
        now += StatusLine.PLAIN_INTERVAL_SECONDS * 1_000_000_000L;
        s.update("c");
        s.println("done");
        assertThat(text.toString()).isEqualTo("a\nc\ndone\n").doesNotContain("\r");
    }

    @Test
    void offATerminalANewPhaseShowsItsFirstStatusAtOnce() {
        StatusLine s = new StatusLine(ConsoleWriter.escaping(text), false, () -> now);
        s.update("reading data");
        now += 1_000_000_000L;
        s.update("reading data, more");
        s.newPhase();
        s.update("epoch 1 batch 1/9 ETA 5 s");
        s.update("epoch 1 batch 2/9 ETA 4 s");
        assertThat(text.toString()).isEqualTo("reading data\nepoch 1 batch 1/9 ETA 5 s\n");
    }

    @Test
    void aCarriageReturnInsideTheTextIsEscaped() {
        StatusLine s = new StatusLine(ConsoleWriter.escaping(text), true, () -> now);
        s.update("name\rforged");
        assertThat(text.toString()).isEqualTo("\rname\\u000Dforged");
    }
}
