package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The parameter arrays of one decoder layer, looked up by checkpoint name; absent biases and q/k
 * norms are null.
 */
record LayerWeights(
        NDArray inputNorm,
        NDArray q,
        NDArray qBias,
        NDArray k,
        NDArray kBias,
        NDArray v,
        NDArray vBias,
        NDArray o,
        NDArray oBias,
        NDArray qNorm,
        NDArray kNorm,
        NDArray postNorm,
        NDArray gate,
        NDArray up,
        NDArray down) {

    static LayerWeights of(Map<String, NDArray> p, int layer) {
        String l = "model.layers." + layer + ".";
        String a = l + "self_attn.";
        return new LayerWeights(
                p.get(l + "input_layernorm.weight"),
                p.get(a + "q_proj.weight"),
                p.get(a + "q_proj.bias"),
                p.get(a + "k_proj.weight"),
                p.get(a + "k_proj.bias"),
                p.get(a + "v_proj.weight"),
                p.get(a + "v_proj.bias"),
                p.get(a + "o_proj.weight"),
                p.get(a + "o_proj.bias"),
                p.get(a + "q_norm.weight"),
                p.get(a + "k_norm.weight"),
                p.get(l + "post_attention_layernorm.weight"),
                p.get(l + "mlp.gate_proj.weight"),
                p.get(l + "mlp.up_proj.weight"),
                p.get(l + "mlp.down_proj.weight"));
    }
}
