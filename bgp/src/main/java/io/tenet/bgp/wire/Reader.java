package io.tenet.bgp.wire;

/**
 * Reads a bounded part of a message; running past its end is the error the reader was made with, so that a
 * truncated field is reported with the NOTIFICATION code and subcode of the field that holds it.
 */
final class Reader {
    private final byte[] buf;
    private int pos;
    private final int limit;
    private final int code;
    private final int subcode;
    private final String what;

    Reader(byte[] buf, int from, int limit, int code, int subcode, String what) {
        this.buf = buf;
        this.pos = from;
        this.limit = limit;
        this.code = code;
        this.subcode = subcode;
        this.what = what;
    }

    int remaining() {
        return limit - pos;
    }

    int position() {
        return pos;
    }

    byte[] array() {
        return buf;
    }

    void need(int n) throws BgpError {
        if (n < 0 || n > limit - pos) {
            throw new BgpError(code, subcode, what + " ends " + (n - (limit - pos)) + " byte(s) early");
        }
    }

    int u8() throws BgpError {
        need(1);
        return buf[pos++] & 0xff;
    }

    int u16() throws BgpError {
        need(2);
        int v = (buf[pos] & 0xff) << 8 | buf[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    int s32() throws BgpError {
        need(4);
        int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | buf[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    long u32() throws BgpError {
        return s32() & 0xffffffffL;
    }

    void skip(int n) throws BgpError {
        need(n);
        pos += n;
    }

    byte[] bytes(int n) throws BgpError {
        need(n);
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** The next {@code n} bytes as a reader of their own, failing with the given error when they run out. */
    Reader slice(int n, int sliceCode, int sliceSubcode, String sliceWhat) throws BgpError {
        need(n);
        Reader r = new Reader(buf, pos, pos + n, sliceCode, sliceSubcode, sliceWhat);
        pos += n;
        return r;
    }
}
