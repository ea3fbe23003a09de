package dev.rivulet.server.pretrain;

/**
 * One supervised pair: the policy learns to answer {@code prompt} with {@code answer} then EOS.
 *
 * @param prompt text after BOS
 * @param answer target text (cross-entropy is taken on its tokens and the EOS)
 */
public record Example(String prompt, String answer) {}
