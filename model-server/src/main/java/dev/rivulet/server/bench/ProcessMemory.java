package dev.rivulet.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux): the current resident set
 * ({@code VmRSS}) and its high-water mark ({@code VmHWM}), which {@link #resetPeak} can lower to
 * the current resident set so that a later reading gives the peak of one phase.
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /**
     * One reading; -1 where the platform does not say.
     *
     * @param rssBytes resident set now
     * @param peakBytes highest resident set since the process started or the last {@link
     *     #resetPeak}
     */
    public record Reading(long rssBytes, long peakBytes) {

        /** Mebibytes, rounded to one decimal; -1 when unknown. */
        public static double mib(long bytes) {
            return bytes < 0 ? -1 : Math.round(bytes / 1048576.0 * 10) / 10.0;
        }
    }

    private ProcessMemory() {}

    /** Reads VmRSS and VmHWM; both -1 when /proc is not there (not Linux). */
    public static Reading read() {
        long rss = -1;
        long peak = -1;
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Reading(-1, -1);
        }
        return new Reading(rss, peak);
    }

    private static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }

    /**
     * Lowers the high-water mark to the current resident set (writes 5 to /proc/self/clear_refs,
     * Linux 4.0+); returns whether that worked.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
