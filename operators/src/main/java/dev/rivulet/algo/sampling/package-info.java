/**
 * Dynamic-sampling policies: which finished groups go to training and whether another generation
 * round is needed to fill the micro-batch (DAPO).
 */
package dev.rivulet.algo.sampling;
