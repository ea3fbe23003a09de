package dev.rivulet.arch.cyclefixture.b;

import dev.rivulet.arch.cyclefixture.a.A;

/** The other half of the deliberate package cycle. */
public final class B {
    A partner;
}
