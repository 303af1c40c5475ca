package io.tenet.openflow.api;

import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * An OFPT_ERROR reply, decoded from its raw bytes (Loxi cannot decode experimenter errors), naming the message
 * that failed.
 *
 * @param xid        the xid of the failed message
 * @param errorName  symbolic error, such as {@code BAD_MATCH/BAD_PREREQ} or {@code NXBAC_BAD_CONJUNCTION}
 * @param failed     a short description of the failed message, as this side sent it
 * @param message    the failed message itself, when this side knows it
 */
public class OpenFlowErrorException extends RuntimeException {
    private final long xid;
    private final String errorName;
    private final String failed;
    private final transient OFMessage message;

    public OpenFlowErrorException(long xid, String errorName, String failed) {
        this(xid, errorName, failed, null);
    }

    public OpenFlowErrorException(long xid, String errorName, String failed, OFMessage message) {
        super(errorName + " for xid " + xid + ": " + failed);
        this.xid = xid;
        this.errorName = errorName;
        this.failed = failed;
        this.message = message;
    }

    /** The message the switch refused, when it was one this side sent and still knew. */
    public Optional<OFMessage> refusedMessage() {
        return Optional.ofNullable(message);
    }

    public long xid() {
        return xid;
    }

    public String errorName() {
        return errorName;
    }

    public String failedMessage() {
        return failed;
    }
}
