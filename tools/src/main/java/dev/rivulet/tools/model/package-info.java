/** Base policies for the job: supervised warm-up on the task mix, and the cache of its results. */
package dev.rivulet.tools.model;
