package dev.rivulet.algo.task;

import dev.rivulet.protocol.Prompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The held-out evaluation split: a fixed hash-bucket rule on a prompt's task and canonical text
 * that the training stream never crosses.
 *
 * <p>A prompt is held out when the first 53 bits of SHA-256 over {@code salt + '\0' + task + '\0' +
 * canonical text}, read as a fraction of 1, fall below {@link #fraction()}. The rule depends only
 * on the prompt itself, so it agrees across generators, options, seeds, JSONL files and restarts;
 * changing the salt or fraction defines a different split.
 */
public final class HeldOutSplit {

    public static final double DEFAULT_FRACTION = 0.1;
    public static final String DEFAULT_SALT = "rivulet-heldout-v1";

    /** Draws without a new held-out prompt after which {@link #heldOut} stops early. */
    static final int MAX_FRUITLESS_DRAWS = 5_000;

    private static final HeldOutSplit DEFAULTS = new HeldOutSplit(DEFAULT_FRACTION, DEFAULT_SALT);

    private final double fraction;
    private final String salt;

    /**
     * A split holding out about {@code fraction} (in [0, 1)) of all prompts, keyed by {@code salt}.
     */
    public HeldOutSplit(double fraction, String salt) {
        if (!(fraction >= 0.0 && fraction < 1.0)) {
            throw new IllegalArgumentException(
                    "held-out fraction must be in [0, 1), got " + fraction);
        }
        this.fraction = fraction;
        this.salt = salt;
    }

    /** 10% held out with salt {@value #DEFAULT_SALT}. */
    public static HeldOutSplit defaults() {
        return DEFAULTS;
    }

    public double fraction() {
        return fraction;
    }

    public String salt() {
        return salt;
    }

    /** Whether the prompt {@code text} of {@code task} belongs to the held-out split. */
    public boolean isHeldOut(String task, String text) {
        if (fraction == 0.0) {
            return false;
        }
        byte[] d = PromptIds.sha256(salt + '\0' + task + '\0' + PromptIds.canonicalText(text));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (d[i] & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53 < fraction;
    }

    public boolean isHeldOut(Prompt prompt) {
        return isHeldOut(prompt.task(), prompt.text());
    }

    /**
     * A fixed evaluation set: up to {@code count} distinct held-out prompts of one generator and
     * difficulty, the same for the same generator, difficulty, count and seed.
     *
     * <p>Fewer than {@code count} come back when the task has fewer held-out prompts at that
     * difficulty (one-digit addition has only about 10), detected after {@value
     * #MAX_FRUITLESS_DRAWS} draws that found nothing new.
     */
    public List<Prompt> heldOut(TaskGenerator generator, int difficulty, int count, long seed) {
        generator.checkDifficulty(difficulty);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Map<String, Prompt> found = new LinkedHashMap<>();
        if (fraction == 0.0) {
            return new ArrayList<>();
        }
        SplittableRandom random =
                new SplittableRandom(Seeds.derive(seed, Seeds.hash(generator.task()), difficulty));
        int fruitless = 0;
        while (found.size() < count && fruitless < MAX_FRUITLESS_DRAWS) {
            Prompt p = generator.generate(difficulty, random);
            if (isHeldOut(p) && found.putIfAbsent(p.id(), p) == null) {
                fruitless = 0;
            } else {
                fruitless++;
            }
        }
        return new ArrayList<>(found.values());
    }
}
