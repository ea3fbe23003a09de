/** Side-by-side comparison of algorithm arms on the same tasks, base policy, seeds and budget. */
package dev.rivulet.tools.compare;
