package dev.rivulet.server.loss;

/** Which tokens a REC-family loss keeps, by advantage sign and importance ratio. */
public enum RecMask {
    /** Keep every token. */
    NONE,
    /** PPO/GRPO gradient mask: (A ≥ 0 and ρ ≤ 1+ε_hi) or (A ≤ 0 and ρ ≥ 1−ε_lo). */
    ONE_SIDE,
    /** 1−ε_lo ≤ ρ ≤ 1+ε_hi. */
    TWO_SIDE,
    /** Two-side plus (A ≥ 0 and ρ ≤ 1−ε'_lo) plus (A ≤ 0 and ρ ≥ 1+ε'_hi). */
    RING
}
