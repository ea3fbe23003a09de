package dev.rivulet.server.service;

import ai.djl.Device;
import dev.rivulet.server.model.Engines;

/**
 * Turns {@code cpu|gpu|auto} into a DJL device: {@code auto} takes GPU 0 when DJL's PyTorch engine
 * sees one (a CUDA build of libtorch), {@code gpu} fails when it sees none.
 */
public final class DeviceSelection {

    private DeviceSelection() {}

    /** The device for {@code choice}, given how many GPUs the engine sees. */
    public static Device resolve(String choice, int gpuCount) {
        return switch (choice) {
            case "cpu" -> Device.cpu();
            case "auto" -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case "gpu" -> {
                if (gpuCount == 0) {
                    throw new IllegalStateException(
                            "--device gpu: DJL's PyTorch engine sees no GPU (this libtorch is"
                                    + " a CPU build; see docs/gpu.md)");
                }
                yield Device.gpu(0);
            }
            default ->
                    throw new IllegalArgumentException(
                            "device must be cpu, gpu or auto; got '" + choice + "'");
        };
    }

    /** Resolves {@code choice} against the engine and makes it the device of new arrays. */
    public static Device apply(String choice) {
        Device d = resolve(choice, "cpu".equals(choice) ? 0 : Engines.gpuCount());
        Engines.useDevice(d);
        return d;
    }
}
