package dev.emporium.supply;

import java.util.List;

/** PostgreSQL array literals for batch parameters: one text parameter keeps a statement's shape independent of the count. */
final class ArrayLiterals {

    private ArrayLiterals() {}

    /** Numbers, or any values whose text needs no quoting in an array literal (ISO timestamps). */
    static String of(List<?> values) {
        StringBuilder literal = new StringBuilder(values.size() * 8).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append(values.get(i));
        }
        return literal.append('}').toString();
    }
}
