package dev.rivulet.server.text;

import com.hubspot.jinjava.el.ext.AstNamedParameter;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.ArrayList;
import java.util.List;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.Scanner.Symbol;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;

/**
 * Jinjava's expression parser with three Jinja rules it lacks: {@code not} binds looser than
 * comparisons ({@code not x|length == 1} is {@code not (x|length == 1)}), a keyword argument takes
 * a whole expression ({@code namespace(i=messages|length - 1)}), and slices may have a step ({@code
 * messages[::-1]}, rewritten by {@link PySlice}).
 */
final class PyParser extends ExtendedParser {

    PyParser(Builder context, String input) {
        super(context, input);
    }

    @Override
    protected Scanner createScanner(String expression) {
        return super.createScanner(PySlice.rewrite(expression));
    }

    @Override
    protected AstNode unary(boolean required) throws Scanner.ScanException, ParseException {
        if (getToken().getSymbol() == Symbol.NOT) {
            consumeToken();
            return createAstUnary(eq(true), AstUnary.NOT);
        }
        return super.unary(required);
    }

    @Override
    protected AstParameters params(Symbol left, Symbol right)
            throws Scanner.ScanException, ParseException {
        consumeToken(left);
        List<AstNode> parameters = new ArrayList<>();
        AstNode v = parameter(false);
        if (v != null) {
            parameters.add(v);
            while (getToken().getSymbol() == Symbol.COMMA) {
                consumeToken();
                parameters.add(parameter(true));
            }
        }
        consumeToken(right);
        return createAstParameters(parameters);
    }

    /** {@code name=expression} or an expression. */
    private AstNode parameter(boolean required) throws Scanner.ScanException, ParseException {
        if (getToken().getSymbol() == Symbol.IDENTIFIER
                && lookahead(0).getSymbol() == Symbol.EXTENSION
                && "=".equals(lookahead(0).getImage())) {
            String name = consumeToken().getImage();
            consumeToken();
            return new AstNamedParameter(identifier(name), expr(true));
        }
        return expr(required);
    }

    /** Builds {@link PyParser}s. */
    static final class SyntaxBuilder extends com.hubspot.jinjava.el.ExtendedSyntaxBuilder {
        private static final long serialVersionUID = 1L;

        SyntaxBuilder() {
            super(Feature.METHOD_INVOCATIONS, Feature.VARARGS);
        }

        @Override
        protected jinjava.de.odysseus.el.tree.impl.Parser createParser(String expression) {
            return new PyParser(this, expression);
        }
    }
}
