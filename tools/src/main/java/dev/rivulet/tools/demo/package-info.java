/** The embedded run: a MiniCluster job against a model server, with evaluation and a report. */
package dev.rivulet.tools.demo;
