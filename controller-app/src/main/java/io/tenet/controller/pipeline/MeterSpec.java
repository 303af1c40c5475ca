package io.tenet.controller.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One desired OpenFlow meter: its id, its unit and its drop bands, and the model object that owns it. Meter ids
 * carry Tenet's owner byte as group ids do ({@link GroupSpec#OWNER}). Flows name meters with
 * {@link Action.Meter}; like groups, meters are added before the flows that use them and deleted after.
 */
public record MeterSpec(long id, Unit unit, List<Band> bands, Cookie owner) {
    /** What a band's rate counts. */
    public enum Unit {
        KBPS, PKTPS
    }

    /** A drop band: traffic above {@code rate} is dropped, allowing bursts of {@code burstSize} (0 for none). */
    public record Band(long rate, long burstSize) {
        public Band {
            if (rate <= 0 || rate > 0xffffffffL || burstSize < 0 || burstSize > 0xffffffffL) {
                throw new IllegalArgumentException("meter band rate " + rate + " / burst " + burstSize + " out of range");
            }
        }
    }

    public MeterSpec {
        if (!GroupSpec.isTenets(id)) {
            throw new IllegalArgumentException("meter id 0x" + Long.toHexString(id) + " is outside Tenet's range");
        }
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(owner, "owner");
        bands = List.copyOf(bands);
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("a meter needs at least one band");
        }
    }

    /** Whether any band allows bursts (the meter then carries the burst flag). */
    public boolean burst() {
        return bands.stream().anyMatch(b -> b.burstSize() > 0);
    }

    /** ovs-ofctl syntax, accepted by {@code ovs-ofctl add-meter}. */
    public String ofctl() {
        return "meter=" + id + "," + unit.name().toLowerCase(Locale.ROOT) + (burst() ? ",burst" : "")
                + bands.stream().map(b -> ",band=type=drop,rate=" + b.rate()
                        + (b.burstSize() > 0 ? ",burst_size=" + b.burstSize() : "")).collect(Collectors.joining());
    }
}
