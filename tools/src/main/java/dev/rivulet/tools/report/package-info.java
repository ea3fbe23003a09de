/** Reading telemetry back, summary.json and report.html with SVG plots. */
package dev.rivulet.tools.report;
