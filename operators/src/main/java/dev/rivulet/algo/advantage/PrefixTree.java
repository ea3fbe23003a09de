package dev.rivulet.algo.advantage;

import java.util.HashMap;
import java.util.Map;

/**
 * TEMPO's Prefix-to-Tree: the group's responses merged into a trie of token prefixes, each node
 * holding the mean reward of the responses that pass through it (V of that prefix).
 */
final class PrefixTree {

    /** One prefix: the responses through it, their reward sum, and its continuations. */
    static final class Node {
        private final Map<Integer, Node> children = new HashMap<>();
        private int through;
        private int endingHere;
        private double rewardSum;

        /** V(prefix): the mean reward of the responses through this prefix. */
        double value() {
            return rewardSum / through;
        }

        /**
         * Whether the responses through this prefix go on in more than one way (the end of a
         * response counts as one way), so the next token is a branching token.
         */
        boolean branches() {
            return children.size() + (endingHere > 0 ? 1 : 0) > 1;
        }

        /** The node of this prefix followed by {@code token}; it must exist. */
        Node child(int token) {
            return children.get(token);
        }
    }

    private final Node root = new Node();

    private PrefixTree() {}

    /** The tree of {@code responses}, response {@code i} carrying {@code rewards[i]}. */
    static PrefixTree of(int[][] responses, double[] rewards) {
        PrefixTree tree = new PrefixTree();
        for (int i = 0; i < responses.length; i++) {
            Node node = tree.root;
            node.through++;
            node.rewardSum += rewards[i];
            for (int token : responses[i]) {
                node = node.children.computeIfAbsent(token, k -> new Node());
                node.through++;
                node.rewardSum += rewards[i];
            }
            node.endingHere++;
        }
        return tree;
    }

    /** The empty prefix (V = the group's mean reward). */
    Node root() {
        return root;
    }
}
