package io.tenet.openflow.api;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * An OFPT_EXPERIMENTER message Loxi has no class for, written from its experimenter id, subtype and body bytes
 * (Nicira's 0x2320 messages that OVS added after Loxi was generated). It goes through
 * {@link OpenFlowSwitch#sendBatch} like any message: the channel gives it its xid, and an error the switch
 * answers it with is collected with the batch's.
 */
public final class ExperimenterMessage implements OFMessage {
    /** Nicira's experimenter id, which Open vSwitch's extensions carry. */
    public static final long NICIRA = 0x2320;
    /** OFPT_EXPERIMENTER on the wire, in every version from 1.1 on. */
    private static final int TYPE_EXPERIMENTER = 4;

    private final OFVersion version;
    private final long xid;
    private final long experimenter;
    private final long subtype;
    private final byte[] body;

    public ExperimenterMessage(OFVersion version, long xid, long experimenter, long subtype, byte[] body) {
        if (16 + body.length > 0xffff) {
            throw new IllegalArgumentException("experimenter message body of " + body.length + " bytes is too long");
        }
        this.version = version;
        this.xid = xid;
        this.experimenter = experimenter;
        this.subtype = subtype;
        this.body = body.clone();
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public OFType getType() {
        return OFType.EXPERIMENTER;
    }

    @Override
    public long getXid() {
        return xid;
    }

    public long experimenter() {
        return experimenter;
    }

    public long subtype() {
        return subtype;
    }

    public byte[] body() {
        return body.clone();
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeByte(version.getWireVersion()).writeByte(TYPE_EXPERIMENTER)
                .writeShort(16 + body.length).writeInt((int) xid).writeInt((int) experimenter).writeInt((int) subtype)
                .writeBytes(body);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(version.getWireVersion()).putLong(xid).putLong(experimenter).putLong(subtype).putBytes(body);
    }

    @Override
    public boolean equalsIgnoreXid(Object o) {
        return o instanceof ExperimenterMessage m && m.version == version && m.experimenter == experimenter
                && m.subtype == subtype && Arrays.equals(m.body, body);
    }

    @Override
    public int hashCodeIgnoreXid() {
        return (int) (experimenter * 31 + subtype) * 31 + Arrays.hashCode(body);
    }

    @Override
    public boolean equals(Object o) {
        return equalsIgnoreXid(o) && ((ExperimenterMessage) o).xid == xid;
    }

    @Override
    public int hashCode() {
        return hashCodeIgnoreXid() * 31 + Long.hashCode(xid);
    }

    @Override
    public String toString() {
        return "ExperimenterMessage[experimenter 0x" + Long.toHexString(experimenter) + ", subtype " + subtype
                + ", xid " + xid + ", " + body.length + " bytes]";
    }

    @Override
    public Builder createBuilder() {
        return new Builder() {
            private long builderXid = xid;

            @Override
            public OFMessage build() {
                return new ExperimenterMessage(version, builderXid, experimenter, subtype, body);
            }

            @Override
            public OFVersion getVersion() {
                return version;
            }

            @Override
            public OFType getType() {
                return OFType.EXPERIMENTER;
            }

            @Override
            public long getXid() {
                return builderXid;
            }

            @Override
            public Builder setXid(long x) {
                builderXid = x;
                return this;
            }
        };
    }
}
