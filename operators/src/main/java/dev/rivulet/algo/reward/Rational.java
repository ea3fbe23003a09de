package dev.rivulet.algo.reward;

import java.math.BigInteger;

/**
 * An exact fraction in lowest terms with a positive denominator, for evaluating arithmetic
 * expressions without rounding or overflow.
 *
 * @param num numerator
 * @param den denominator, always positive
 */
record Rational(BigInteger num, BigInteger den) {

    Rational {
        if (den.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
    }

    static Rational of(long value) {
        return new Rational(BigInteger.valueOf(value), BigInteger.ONE);
    }

    Rational plus(Rational o) {
        return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational minus(Rational o) {
        return new Rational(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational times(Rational o) {
        return new Rational(num.multiply(o.num), den.multiply(o.den));
    }

    /** This divided by {@code o}; throws {@link ArithmeticException} when {@code o} is zero. */
    Rational dividedBy(Rational o) {
        return new Rational(num.multiply(o.den), den.multiply(o.num));
    }

    /** True when this is a whole number above zero. */
    boolean isPositiveInteger() {
        return den.equals(BigInteger.ONE) && num.signum() > 0;
    }

    /** {@code "num"} for a whole number, else {@code "num/den"}. */
    @Override
    public String toString() {
        return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }

    boolean isInteger(long value) {
        return den.equals(BigInteger.ONE) && num.equals(BigInteger.valueOf(value));
    }
}
