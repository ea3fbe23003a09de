package dev.rivulet.server.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's {@code tojson(x, ensure_ascii=False, indent=None, separators=None,
 * sort_keys=False)} filter (Python {@code json.dumps}), replacing Jinjava's compact one.
 */
final class TojsonFilter implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, (Object[]) args, Map.of());
    }

    @Override
    public Object filter(
            Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object ensureAscii = option(args, kwargs, 0, "ensure_ascii");
        Object indent = option(args, kwargs, 1, "indent");
        Object separators = option(args, kwargs, 2, "separators");
        Object sortKeys = option(args, kwargs, 3, "sort_keys");
        String indentText =
                indent == null
                        ? null
                        : indent instanceof Number n ? " ".repeat(n.intValue()) : indent.toString();
        List<String> seps = null;
        if (separators instanceof Iterable<?> it) {
            seps = new ArrayList<>();
            for (Object o : it) {
                seps.add(String.valueOf(o));
            }
        }
        return new PyJson(truthy(ensureAscii), indentText, seps, truthy(sortKeys)).dumps(var);
    }

    private static Object option(Object[] args, Map<String, Object> kwargs, int i, String name) {
        if (kwargs != null && kwargs.containsKey(name)) {
            return kwargs.get(name);
        }
        return args != null && args.length > i ? args[i] : null;
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : o != null && Boolean.parseBoolean(o.toString());
    }
}
