package dev.rivulet.tools.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivulet.jobs.eval.EvalResult;
import java.nio.file.Path;

/**
 * What a training run returns to its caller (the CLI, compare, tests).
 *
 * @param out the run directory
 * @param summary the content of summary.json
 * @param base held-out evaluation before training
 * @param last held-out evaluation after training
 */
public record RunResult(Path out, ObjectNode summary, EvalResult base, EvalResult last) {}
