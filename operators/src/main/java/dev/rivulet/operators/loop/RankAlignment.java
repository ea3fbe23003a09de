package dev.rivulet.operators.loop;

import dev.rivulet.algo.advantage.RankedTokens;
import dev.rivulet.algo.reward.ListHits;
import dev.rivulet.protocol.Completion;
import dev.rivulet.protocol.FinishReason;

/**
 * Carries a list answer's per-character items over to its tokens, for the {@code rank} advantage.
 *
 * <p>The loop sees tokens and decoded text but not the tokenizer, so it aligns them only where each
 * token is one character: the response has as many tokens as its text has characters, plus the stop
 * token when generation stopped on one (the demo's character vocabulary). Token t then has the item
 * of character t, and the stop token has {@link RankedTokens#END}. Any other tokenizer gives no
 * alignment, and the {@code rank} advantage falls back to GRPO.
 */
final class RankAlignment {

    private RankAlignment() {}

    /** The ranks of {@code c}'s tokens, or null when its tokens are not one per character. */
    static RankedTokens of(Completion c, ListHits hits) {
        int tokens = c.tokens().length;
        int chars = c.text().length();
        boolean stopped = c.finishReason() == FinishReason.STOP && tokens > 0;
        boolean alignable = tokens == chars || (stopped && tokens == chars + 1);
        if (!alignable || hits.itemOfChar().length != chars) {
            return null;
        }
        int[] item = hits.itemOfChar();
        int[] rank = new int[tokens];
        for (int t = 0; t < tokens; t++) {
            rank[t] = stopped && t == tokens - 1 ? RankedTokens.END : item[t];
        }
        return new RankedTokens(hits.hits(), rank, hits.items());
    }
}
