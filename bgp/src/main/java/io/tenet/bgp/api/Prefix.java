package io.tenet.bgp.api;

/** An IPv4 prefix: the address with its host bits cleared, and the length (0-32). */
public record Prefix(int address, int length) implements Comparable<Prefix> {
    public Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not 0-32");
        }
        address &= mask(length);
    }

    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** {@code a.b.c.d/n}, or a bare address as a /32. */
    public static Prefix parse(String text) {
        int slash = text.indexOf('/');
        int length = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        return new Prefix(Ipv4.parse(slash < 0 ? text : text.substring(0, slash)), length);
    }

    public boolean contains(int ip) {
        return (ip & mask(length)) == address;
    }

    @Override
    public int compareTo(Prefix o) {
        int c = Integer.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + length;
    }
}
