package dev.rivulet.server.text;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Resolves Python {@code str} method calls in templates ({@code content.startswith('<tool')},
 * {@code content.split('</think>')[-1].lstrip('\n')}); Java's own String methods would have other
 * names or semantics (regex split). Other calls fall through to Jinjava's resolvers.
 */
final class PyMethodResolver extends ELResolver {

    static final Set<String> METHODS =
            Set.of(
                    "startswith",
                    "endswith",
                    "strip",
                    "lstrip",
                    "rstrip",
                    "split",
                    "upper",
                    "lower",
                    "title",
                    "capitalize",
                    "replace",
                    "find",
                    "count",
                    "join");

    @Override
    public Object invoke(
            ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (!(base instanceof String s) || !METHODS.contains(String.valueOf(method))) {
            return null;
        }
        Object result = call(s, String.valueOf(method), params == null ? new Object[0] : params);
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String method, Object[] p) {
        switch (method) {
            case "startswith":
                return PyStrings.affix(s, arg(p, 0, method), true);
            case "endswith":
                return PyStrings.affix(s, arg(p, 0, method), false);
            case "strip":
                return PyStrings.strip(s, optional(p, 0), true, true);
            case "lstrip":
                return PyStrings.strip(s, optional(p, 0), true, false);
            case "rstrip":
                return PyStrings.strip(s, optional(p, 0), false, true);
            case "split":
                return PyStrings.split(s, optional(p, 0), p.length > 1 ? toInt(p[1]) : -1);
            case "upper":
                return s.toUpperCase(Locale.ROOT);
            case "lower":
                return s.toLowerCase(Locale.ROOT);
            case "title":
                return PyStrings.title(s);
            case "capitalize":
                return PyStrings.capitalize(s);
            case "replace":
                return PyStrings.replace(
                        s,
                        String.valueOf(arg(p, 0, method)),
                        String.valueOf(arg(p, 1, method)),
                        p.length > 2 ? toInt(p[2]) : -1);
            case "find":
                return s.indexOf(String.valueOf(arg(p, 0, method)));
            case "count":
                return PyStrings.count(s, String.valueOf(arg(p, 0, method)));
            case "join":
                return PyStrings.join(s, arg(p, 0, method));
            default:
                throw new IllegalStateException(method);
        }
    }

    private static Object arg(Object[] p, int i, String method) {
        if (p.length <= i || p[i] == null) {
            throw new IllegalArgumentException("str." + method + " needs argument " + (i + 1));
        }
        return p[i];
    }

    private static String optional(Object[] p, int i) {
        return p.length > i && p[i] != null ? String.valueOf(p[i]) : null;
    }

    private static int toInt(Object o) {
        return o == null ? -1 : ((Number) o).intValue();
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return List.<FeatureDescriptor>of().iterator();
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
