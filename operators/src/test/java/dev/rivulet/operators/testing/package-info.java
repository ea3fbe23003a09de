/** Test doubles for operator tests: a recording Flight policy server and scripted answers. */
package dev.rivulet.operators.testing;
