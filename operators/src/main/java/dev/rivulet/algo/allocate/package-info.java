/**
 * Budget allocators that decide how many rollouts each selected prompt gets: a fixed n, or Knapsack
 * RL's exact-capacity dynamic programme over the prompts' success estimates.
 */
package dev.rivulet.algo.allocate;
