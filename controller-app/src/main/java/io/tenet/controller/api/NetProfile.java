package io.tenet.controller.api;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network profile, Contiv's {@code netprofile}: what every member of the endpoint groups that name it may send.
 * Its egress is limited to {@code bandwidthKbps} (0: unlimited) with bursts of {@code burstKb} kilobytes, and its
 * IPv4 packets leave marked with DSCP {@code dscp} (0: left as the container sent them).
 *
 * @param bandwidth the rate as written ({@code 10Mbps}, {@code 1gbps}, {@code 500 kbps}), kept for the API
 */
public record NetProfile(ScopedKey key, String bandwidth, long bandwidthKbps, int burstKb, int dscp) {
    /** A number, optional space, k/m/g and an optional "bps" or "b": Contiv's spellings, in any case. */
    private static final Pattern RATE = Pattern.compile("(\\d{1,9})\\s?([kmg])(bps|b)?", Pattern.CASE_INSENSITIVE);
    public static final int MAX_DSCP = 63;
    /** The largest burst, in kilobytes: what a meter band's burst (in kilobits, 32 bits) can hold. */
    public static final int MAX_BURST_KB = 0x1fffffff;

    public NetProfile {
        Objects.requireNonNull(key, "key");
        bandwidth = bandwidth == null ? "" : bandwidth;
        if (dscp < 0 || dscp > MAX_DSCP) {
            throw new ValidationException("DSCP", "DSCP must be 0-63 (0 leaves packets unmarked), not " + dscp);
        }
        if (burstKb < 0 || burstKb > MAX_BURST_KB) {
            throw new ValidationException("burst", "burst must be 0-" + MAX_BURST_KB + " KB, not " + burstKb);
        }
        if (bandwidthKbps < 0 || bandwidthKbps > 0xffffffffL) {
            throw new ValidationException("bandwidth", "bandwidth is out of range");
        }
    }

    /** A profile from its API fields; {@code bandwidth} empty means unlimited. */
    public static NetProfile of(ScopedKey key, String bandwidth, int burstKb, int dscp) {
        String text = bandwidth == null ? "" : bandwidth.strip();
        return new NetProfile(key, text, text.isEmpty() ? 0 : kbps(text), burstKb, dscp);
    }

    /** {@code 10Mbps} as 10,000 kbit/s (decimal units, as network rates are written). */
    public static long kbps(String text) {
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            throw new ValidationException("bandwidth", "bandwidth must be a rate such as \"10Mbps\", \"500kbps\" or "
                    + "\"1gbps\", not \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        long kbps = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n;
            case "m" -> n * 1_000;
            default -> n * 1_000_000;
        };
        if (kbps <= 0 || kbps > 0xffffffffL) {
            throw new ValidationException("bandwidth", "bandwidth " + text + " must be above 0 and at most 4294 gbps");
        }
        return kbps;
    }
}
