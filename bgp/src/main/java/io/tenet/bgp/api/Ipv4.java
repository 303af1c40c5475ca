package io.tenet.bgp.api;

/** IPv4 addresses as the speaker keeps them: an {@code int} in network order. */
public final class Ipv4 {
    private Ipv4() {
    }

    public static int parse(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int v = 0;
        for (String p : parts) {
            int b;
            try {
                b = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted, e);
            }
            if (b < 0 || b > 255 || p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            v = v << 8 | b;
        }
        return v;
    }

    public static String format(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }
}
