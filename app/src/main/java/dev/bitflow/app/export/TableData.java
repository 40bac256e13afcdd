package dev.bitflow.app.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table as text cells, the way a view shows it: what the clipboard (TSV, Markdown) and CSV files receive.
 * Rows shorter than the header are padded with empty cells; longer rows are an error.
 *
 * @param title   what the table is (for file names and the Markdown caption)
 * @param headers column titles
 * @param rows    the cells, row by row
 */
public record TableData(String title, List<String> headers, List<List<String>> rows) {
    public TableData {
        Objects.requireNonNull(title, "title");
        headers = List.copyOf(headers);
        List<List<String>> padded = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() > headers.size()) {
                throw new IllegalArgumentException("row of " + row.size() + " cells under " + headers.size() + " headers");
            }
            List<String> r = new ArrayList<>(headers.size());
            for (int i = 0; i < headers.size(); i++) {
                r.add(i < row.size() && row.get(i) != null ? row.get(i) : "");
            }
            padded.add(List.copyOf(r));
        }
        rows = List.copyOf(padded);
    }

    /**
     * Tab-separated values, one line per row (header first), lines ended by {@code \n}: what spreadsheets accept
     * from the clipboard. Tabs and line breaks inside a cell become spaces.
     */
    public String tsv() {
        StringBuilder b = new StringBuilder();
        line(b, headers, "\t", TableData::flat, "\n");
        rows.forEach(r -> line(b, r, "\t", TableData::flat, "\n"));
        return b.toString();
    }

    /**
     * A GitHub-flavoured Markdown table (header, {@code ---} rule, rows). A {@code |} in a cell is escaped as
     * {@code \|}; line breaks become spaces.
     */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        line(b, headers, " | ", TableData::markdownCell, " |\n", "| ");
        b.append('|');
        for (int i = 0; i < headers.size(); i++) {
            b.append(" --- |");
        }
        b.append('\n');
        rows.forEach(r -> line(b, r, " | ", TableData::markdownCell, " |\n", "| "));
        return b.toString();
    }

    /**
     * Comma-separated values as RFC 4180 defines them: records end with CRLF; a field that holds a comma, a
     * double quote, a CR or an LF is enclosed in double quotes, and each double quote inside it is doubled.
     * The first record is the header.
     */
    public String csv() {
        StringBuilder b = new StringBuilder();
        line(b, headers, ",", TableData::csvField, "\r\n");
        rows.forEach(r -> line(b, r, ",", TableData::csvField, "\r\n"));
        return b.toString();
    }

    /** One RFC 4180 field. */
    static String csvField(String cell) {
        boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\r') >= 0
                || cell.indexOf('\n') >= 0;
        return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static String flat(String cell) {
        return cell.replace("\r\n", " ").replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static String markdownCell(String cell) {
        return flat(cell).replace("\\", "\\\\").replace("|", "\\|");
    }

    private static void line(StringBuilder b, List<String> cells, String separator,
                             java.util.function.UnaryOperator<String> cell, String end) {
        line(b, cells, separator, cell, end, "");
    }

    private static void line(StringBuilder b, List<String> cells, String separator,
                             java.util.function.UnaryOperator<String> cell, String end, String start) {
        b.append(start);
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(cell.apply(cells.get(i)));
        }
        b.append(end);
    }
}
