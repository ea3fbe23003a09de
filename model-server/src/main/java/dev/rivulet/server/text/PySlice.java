package dev.rivulet.server.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python slices with a step ({@code messages[::-1]}), which Jinjava's expression parser cannot
 * read: {@link #rewrite} turns {@code x[a:b:c]} of an expression into the filter call {@code
 * x|pyslice(a, b, c)} before {@link PyParser} scans it, and this filter applies Python's slice
 * rules to lists and strings.
 */
final class PySlice implements Filter {

    /** {@code [start:stop:step]} with simple bounds (no brackets or colons inside). */
    private static final Pattern STEP_SLICE =
            Pattern.compile(
                    "\\[\\s*([^\\[\\]:{}]*?)\\s*:\\s*([^\\[\\]:{}]*?)\\s*:\\s*([^\\[\\]:{}]*?)\\s*]");

    /**
     * Rewrites the step slices of one expression; a step slice must end its postfix chain ({@code
     * x[::-1][0]} is not supported) and its bounds may not contain brackets or colons.
     */
    static String rewrite(String expression) {
        if (expression.indexOf(':') < 0) {
            return expression;
        }
        return STEP_SLICE
                .matcher(expression)
                .replaceAll(
                        r ->
                                Matcher.quoteReplacement(
                                        "|pyslice("
                                                + bound(r.group(1))
                                                + ", "
                                                + bound(r.group(2))
                                                + ", "
                                                + bound(r.group(3))
                                                + ")"));
    }

    private static String bound(String expression) {
        return expression.isBlank() ? "none" : expression;
    }

    @Override
    public String getName() {
        return "pyslice";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, (Object[]) args, Map.of());
    }

    @Override
    public Object filter(
            Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Integer start = integer(args, 0);
        Integer stop = integer(args, 1);
        Integer step = integer(args, 2);
        if (var instanceof String s) {
            StringBuilder sb = new StringBuilder();
            for (int i : indices(s.length(), start, stop, step)) {
                sb.append(s.charAt(i));
            }
            return sb.toString();
        }
        List<Object> items = new ArrayList<>();
        if (var instanceof Iterable<?> it) {
            it.forEach(items::add);
        } else if (var instanceof Object[] a) {
            items.addAll(List.of(a));
        } else {
            throw new IllegalArgumentException("cannot slice " + var);
        }
        List<Object> out = new ArrayList<>();
        for (int i : indices(items.size(), start, stop, step)) {
            out.add(items.get(i));
        }
        return out;
    }

    private static Integer integer(Object[] args, int i) {
        if (args == null || args.length <= i || args[i] == null) {
            return null;
        }
        Object a = args[i];
        return a instanceof Number n ? n.intValue() : Integer.parseInt(a.toString().trim());
    }

    /** The indices that Python's {@code range(*slice(start, stop, step).indices(n))} visits. */
    static List<Integer> indices(int n, Integer start, Integer stop, Integer step) {
        int st = step == null ? 1 : step;
        if (st == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        int lo = st > 0 ? 0 : -1;
        int hi = st > 0 ? n : n - 1;
        int a = start == null ? (st > 0 ? lo : hi) : clamp(start, n, lo, hi);
        int b = stop == null ? (st > 0 ? hi : lo) : clamp(stop, n, lo, hi);
        List<Integer> out = new ArrayList<>();
        for (int i = a; st > 0 ? i < b : i > b; i += st) {
            out.add(i);
        }
        return out;
    }

    private static int clamp(int index, int n, int lo, int hi) {
        int i = index < 0 ? index + n : index;
        return Math.max(lo, Math.min(hi, i));
    }
}
