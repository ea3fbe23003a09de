package dev.rivulet.arch.cyclefixture.a;

import dev.rivulet.arch.cyclefixture.b.B;

/** Half of a deliberate package cycle that LayoutTest's rule must catch. */
public final class A {
    B partner;
}
