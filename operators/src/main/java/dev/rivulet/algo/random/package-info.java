/**
 * Seeded random variates the strategies need (Gamma and Beta draws), independent of any library.
 */
package dev.rivulet.algo.random;
