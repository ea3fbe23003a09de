/** Typed configuration of the online-RL job: one options class per concern. */
package dev.rivulet.jobs.options;
