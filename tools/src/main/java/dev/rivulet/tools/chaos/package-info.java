/** Fault injection on a real multi-process cluster: {@code rivulet chaos} and its accounting. */
package dev.rivulet.tools.chaos;
