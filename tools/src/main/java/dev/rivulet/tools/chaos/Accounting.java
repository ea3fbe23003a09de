package dev.rivulet.tools.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.protocol.LedgerEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Exactly-once accounting of one run's surviving lineage, from its (exactly-once) telemetry and the
 * server's ledger, as of the last learner step E in the telemetry.
 *
 * @param generated rollouts sent to the learner (telemetry {@code rollouts}, not dropped)
 * @param received distinct rollouts the learner had buffered by E
 * @param trained rollouts trained by E, as the learner steps acknowledge them
 * @param droppedStale rollouts the learner dropped as stale by E
 * @param buffered rollouts still buffered at E
 * @param inFlightAtEnd rollouts generated after E (not yet accounted by the learner)
 * @param ledgerEntries ledger lines of versions up to E's version
 * @param ledgerDistinct distinct rollout ids among them
 * @param ledgerForeign distinct ledger ids not among the generated rollouts
 * @param versionAtEnd the policy version after E
 * @param rejected rollouts the learner gave up by E (dead letters: batches the server refused or
 *     failed {@code max-train-failures} times)
 */
public record Accounting(
        long generated,
        long received,
        long trained,
        long droppedStale,
        long buffered,
        long inFlightAtEnd,
        long ledgerEntries,
        long ledgerDistinct,
        long ledgerForeign,
        long versionAtEnd,
        long rejected) {

    /**
     * Rollouts the learner lost by its own bookkeeping (received but neither trained, dropped as
     * stale, buffered nor given up as dead letters) plus acknowledged training the server's ledger
     * does not have.
     */
    public long lost() {
        long bookkeeping = Math.max(0, received - trained - droppedStale - buffered - rejected);
        long missingOnServer = Math.max(0, trained - ledgerDistinct);
        long unseen = Math.max(0, received - generated);
        return bookkeeping + missingOnServer + unseen;
    }

    /** Rollouts trained twice, trained without acknowledgement, or trained outside the lineage. */
    public long duplicated() {
        return (ledgerEntries - ledgerDistinct)
                + ledgerForeign
                + Math.max(0, ledgerDistinct - trained);
    }

    /** Computes the accounting from telemetry rows and the server's ledger. */
    public static Accounting of(
            List<JsonNode> rollouts, List<JsonNode> steps, List<LedgerEntry> ledger) {
        Set<String> sent = new HashSet<>();
        for (JsonNode r : rollouts) {
            if (!r.path("dropped").asBoolean()) {
                sent.add(r.path("rollout_id").asText());
            }
        }
        // one step per policy version: the one written last (after a rewind to a savepoint the
        // abandoned history's steps stay in the directory, and the surviving lineage trains the
        // same versions again, later)
        java.util.Map<Long, JsonNode> byVersion = new java.util.HashMap<>();
        for (JsonNode s : steps) {
            byVersion.put(s.path("policy_version").asLong(), s);
        }
        JsonNode last = null;
        long trained = 0;
        for (JsonNode s : byVersion.values()) {
            trained += s.path("samples").asLong();
            if (last == null
                    || s.path("policy_version").asLong() > last.path("policy_version").asLong()) {
                last = s;
            }
        }
        long version = last == null ? 0 : last.path("policy_version").asLong();
        long received = last == null ? 0 : last.path("received").asLong();
        long dropped = last == null ? 0 : last.path("dropped_stale").asLong();
        long buffered = last == null ? 0 : last.path("buffer_size").asLong();
        long rejected = last == null ? 0 : last.path("rejected").asLong();
        long entries = 0;
        Set<String> distinct = new HashSet<>();
        for (LedgerEntry e : ledger) {
            if (e.policyVersion() <= version) {
                entries++;
                distinct.add(e.rolloutId());
            }
        }
        long foreign = distinct.stream().filter(id -> !sent.contains(id)).count();
        return new Accounting(
                sent.size(),
                received,
                trained,
                dropped,
                buffered,
                Math.max(0, sent.size() - received),
                entries,
                distinct.size(),
                foreign,
                version,
                rejected);
    }
}
