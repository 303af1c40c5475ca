package io.tenet.controller.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of packet tags written as Contiv writes it: {@code "1-4094"}, or several ranges and single tags separated
 * by commas ({@code "100-199,300"}). The ranges are sorted and may not overlap.
 */
public record TagRanges(List<Range> ranges) {
    /** Tags {@code from} to {@code to}, both included. */
    public record Range(int from, int to) {
        public int size() {
            return to - from + 1;
        }
    }

    public TagRanges {
        ranges = List.copyOf(ranges);
    }

    /**
     * Parses {@code text} for tags 1 to {@code max}; a {@link ValidationException} names {@code field}.
     */
    public static TagRanges parse(String field, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(field, field + " is required (tag ranges such as \"1-" + max + "\")");
        }
        List<Range> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (!p.matches("\\d{1,8}(-\\d{1,8})?")) {
                throw new ValidationException(field, field + " must be tag ranges such as \"1-" + max
                        + "\" or \"100-199,300\", not \"" + text + "\"");
            }
            int dash = p.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            if (from < 1 || to > max || from > to) {
                throw new ValidationException(field, field + " range " + p + " must lie within 1-" + max
                        + " and start at or below its end");
            }
            if (!out.isEmpty() && from <= out.get(out.size() - 1).to()) {
                throw new ValidationException(field, field + " ranges must be in increasing order without overlap: "
                        + p + " after " + out.get(out.size() - 1).from() + "-" + out.get(out.size() - 1).to());
            }
            out.add(new Range(from, to));
        }
        return new TagRanges(out);
    }

    public boolean contains(int tag) {
        for (Range r : ranges) {
            if (tag >= r.from() && tag <= r.to()) {
                return true;
            }
        }
        return false;
    }

    public long size() {
        long n = 0;
        for (Range r : ranges) {
            n += r.size();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(r.from());
            if (r.to() != r.from()) {
                b.append('-').append(r.to());
            }
        }
        return b.toString();
    }
}
