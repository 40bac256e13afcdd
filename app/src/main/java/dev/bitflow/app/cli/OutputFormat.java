package dev.bitflow.app.cli;

import java.util.List;

/** The {@code --format} values of commands that print tables. */
enum OutputFormat {
    TABLE,
    JSON,
    CSV,
    MD;

    /** {@code --format table|json}: the report commands. */
    static final class TableOrJson extends EnumChoice<OutputFormat> {
        TableOrJson() {
            super(List.of(TABLE, JSON));
        }
    }

    /** {@code --format table|json|csv|md}: the ledger. */
    static final class AnyFormat extends EnumChoice<OutputFormat> {
        AnyFormat() {
            super(List.of(values()));
        }
    }
}
