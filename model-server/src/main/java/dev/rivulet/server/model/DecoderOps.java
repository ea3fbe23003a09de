package dev.rivulet.server.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The tensor operations of a llama-style decoder layer, each created in the manager of its
 * activation argument: RMSNorm, linear, SwiGLU, rotate-half RoPE and grouped-query attention.
 */
final class DecoderOps {

    private DecoderOps() {}

    static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal()
                .embedding(ids, table, SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /** {@code x · rsqrt(mean(x², last axis) + eps) · w} in float32. */
    static NDArray rmsNorm(NDArray x, NDArray w, float eps) {
        NDArray inv = Scalars.pow(Scalars.add(x.square().mean(new int[] {-1}, true), eps), -0.5);
        return x.mul(inv).mul(w);
    }

    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    /** down(silu(gate(h)) · up(h)). */
    static NDArray swiGlu(NDArray h, NDArray gate, NDArray up, NDArray down) {
        NDArray g = linear(h, gate, null);
        NDArray act = g.mul(g.getNDArrayInternal().sigmoid());
        return linear(act.mul(linear(h, up, null)), down, null);
    }

    /**
     * cos and sin (rows, 1, t, headDim) of positions (rows, t) times the inverse frequencies, each
     * half repeated as transformers' rotary embedding does.
     */
    static NDArray[] rotary(NDArray positions, NDArray invFreq) {
        NDArray freqs =
                positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(invFreq); // (b,t,h/2)
        NDArray emb = freqs.concat(freqs, -1).expandDims(1);
        return new NDArray[] {emb.cos(), emb.sin()};
    }

    /** x · cos + rotate_half(x) · sin for x (rows, heads, t, headDim). */
    static NDArray applyRope(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }

    /**
     * Softmax attention of q (b, heads, t, hd) over k, v (b, kvHeads, s, hd) under an additive bias
     * (b or 1, 1, t, s); query head h reads key/value head h / (heads / kvHeads). Returns (b, t,
     * heads · hd).
     */
    static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray bias, double scale) {
        long b = q.getShape().get(0);
        long heads = q.getShape().get(1);
        long t = q.getShape().get(2);
        long hd = q.getShape().get(3);
        long kvHeads = k.getShape().get(1);
        long s = k.getShape().get(2);
        long rep = heads / kvHeads;
        NDArray grouped = Scalars.mul(q, scale).reshape(b, kvHeads, rep * t, hd);
        NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2)).reshape(b, heads, t, s);
        NDArray weights = scores.add(bias).softmax(-1).reshape(b, kvHeads, rep * t, s);
        return weights.matMul(v)
                .reshape(b, heads, t, hd)
                .transpose(0, 2, 1, 3)
                .reshape(b, t, heads * hd);
    }
}
