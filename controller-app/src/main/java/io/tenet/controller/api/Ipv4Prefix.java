package io.tenet.controller.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An IPv4 network in CIDR form; the address must be the network address (no host bits set). */
public record Ipv4Prefix(Ipv4 network, int length) {
    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0-32, not " + length);
        }
        if ((network.bits() & ~mask(length)) != 0) {
            throw new IllegalArgumentException(network + "/" + length + " has host bits set; did you mean "
                    + new Ipv4(network.bits() & mask(length)) + "/" + length + "?");
        }
    }

    @JsonCreator
    public static Ipv4Prefix parse(String text) {
        if (text == null || text.indexOf('/') < 0) {
            throw new IllegalArgumentException("not a CIDR prefix (A.B.C.D/N): '" + text + "'");
        }
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2 || parts[1].isEmpty() || !parts[1].chars().allMatch(Character::isDigit)
                || parts[1].length() > 2) {
            throw new IllegalArgumentException("not a CIDR prefix (A.B.C.D/N): '" + text + "'");
        }
        return new Ipv4Prefix(Ipv4.parse(parts[0]), Integer.parseInt(parts[1]));
    }

    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public int mask() {
        return mask(length);
    }

    public long size() {
        return 1L << (32 - length);
    }

    public boolean contains(Ipv4 a) {
        return (a.bits() & mask()) == network.bits();
    }

    public boolean overlaps(Ipv4Prefix o) {
        int m = mask(Math.min(length, o.length));
        return (network.bits() & m) == (o.network.bits() & m);
    }

    public Ipv4 broadcast() {
        return new Ipv4(network.bits() | ~mask());
    }

    @JsonValue
    @Override
    public String toString() {
        return network + "/" + length;
    }
}
