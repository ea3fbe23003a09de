package dev.rivulet.server.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.util.Map;

/**
 * Jinja's {@code iterable} and {@code sequence} tests, which are true for strings and dicts too
 * (Llama 3.1's template JSON-quotes a string tool result because of it).
 */
final class PyIterableTest implements ExpTest {

    private final String name;

    PyIterableTest(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        return var instanceof CharSequence
                || var instanceof Iterable<?>
                || var instanceof Map<?, ?>
                || (var != null && var.getClass().isArray());
    }
}
