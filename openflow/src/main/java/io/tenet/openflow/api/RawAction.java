package io.tenet.openflow.api;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;

/**
 * An experimenter action Loxi does not know (Nicira learn, for one), as its bytes: written as they are, and what
 * the channel gives back when a switch reports such an action, so that an action read back equals the one
 * written whenever the switch reports it in the same bytes.
 */
public final class RawAction implements OFActionExperimenter {
    private static final int HEADER = 8;
    private final OFVersion version;
    private final byte[] bytes;

    /** {@code bytes} is the whole action: type 0xffff, length (a multiple of 8), experimenter id, body. */
    public RawAction(OFVersion version, byte[] bytes) {
        if (bytes.length < HEADER || bytes.length % 8 != 0 || (bytes[0] & 0xff) != 0xff || (bytes[1] & 0xff) != 0xff
                || ((bytes[2] & 0xff) << 8 | bytes[3] & 0xff) != bytes.length) {
            throw new IllegalArgumentException("not an experimenter action: " + HexFormat.of().formatHex(bytes));
        }
        this.version = version;
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public long getExperimenter() {
        return (bytes[4] & 0xffL) << 24 | (bytes[5] & 0xff) << 16 | (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(bytes);
    }

    @Override
    public OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException("a raw action has no builder");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAction r && r.version == version && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawAction(" + HexFormat.of().formatHex(bytes) + ")";
    }
}
