package io.weft.node.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell: what a person reads in a terminal. */
final class TablePrinter
{
    private final List<String[]> rows = new ArrayList<>();

    TablePrinter(final String... header)
    {
        rows.add(header);
    }

    TablePrinter row(final Object... cells)
    {
        final String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++)
        {
            text[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        }
        rows.add(text);
        return this;
    }

    void print(final PrintWriter out)
    {
        final int columns = rows.get(0).length;
        final int[] widths = new int[columns];
        for (final String[] row : rows)
        {
            for (int i = 0; i < columns && i < row.length; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns && i < row.length; i++)
            {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
