package dev.rivulet.server.text;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava set up like the Jinja environment of Hugging Face's {@code apply_chat_template}:
 * trim_blocks and lstrip_blocks, {@code {{-}}} whitespace control on expressions, Jinja's
 * precedence of {@code not} and keyword arguments ({@link PyParser}), Python string methods, step
 * slices, Jinja's {@code iterable} test, Python's {@code tojson}, {@code raise_exception} and
 * {@code strftime_now}.
 */
final class JinjaEnvironment {

    private static final LegacyOverrides OVERRIDES =
            LegacyOverrides.newBuilder()
                    .withUseTrimmingForNotesAndExpressions(true)
                    .withParseWhitespaceControlStrictly(true)
                    .withIterateOverMapKeys(true)
                    .withEvaluateMapKeys(true)
                    .withKeepNullableLoopValues(true)
                    .withUsePyishObjectMapper(true)
                    .build();

    private static final CompositeELResolver RESOLVER = new CompositeELResolver();

    static {
        RESOLVER.add(new PyMethodResolver());
        RESOLVER.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    }

    private static final Jinjava JINJAVA = create();

    /**
     * Jinja globals are variables too: templates test {@code strftime_now is defined}. The calls go
     * to the registered functions; these entries only make the names defined.
     */
    static final Map<String, Object> GLOBALS =
            Map.of(
                    "raise_exception", "<function raise_exception>",
                    "strftime_now", "<function strftime_now>");

    private JinjaEnvironment() {}

    private static Jinjava create() {
        Jinjava jinjava = new PyJinjava(config(Clock.systemDefaultZone()));
        jinjava.registerFilter(new TojsonFilter());
        jinjava.registerFilter(new PySlice());
        jinjava.registerExpTest(new PyIterableTest("iterable"));
        jinjava.registerExpTest(new PyIterableTest("sequence"));
        jinjava.registerFunction(function("raise_exception", "raiseException"));
        jinjava.registerFunction(function("strftime_now", "strftimeNow"));
        return jinjava;
    }

    private static ELFunctionDefinition function(String name, String method) {
        try {
            Method m = TemplateFunctions.class.getDeclaredMethod(method, String.class);
            m.setAccessible(true);
            return new ELFunctionDefinition("", name, m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A render configuration whose {@code strftime_now} reads the given clock. */
    static JinjavaConfig config(Clock clock) {
        return JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withKeepTrailingNewline(true)
                .withLegacyOverrides(OVERRIDES)
                .withElResolver(RESOLVER)
                .withTimeZone(clock.getZone() == null ? ZoneId.systemDefault() : clock.getZone())
                .withDateTimeProvider(clock::millis)
                .withFailOnUnknownTokens(false)
                .withNestedInterpretationEnabled(false)
                .withInterperterFactory(new PyInterpreter.Factory())
                .build();
    }

    /** Jinjava whose expressions go through {@link PyParser}. */
    private static final class PyJinjava extends Jinjava {
        private final ExpressionFactory factory =
                new ExpressionFactoryImpl(
                        new TreeStore(new PyParser.SyntaxBuilder(), new Cache(1000)),
                        new TruthyTypeConverter());

        PyJinjava(JinjavaConfig config) {
            super(config);
        }

        @Override
        public ExpressionFactory getExpressionFactory() {
            return factory;
        }
    }

    static Jinjava jinjava() {
        return JINJAVA;
    }
}
