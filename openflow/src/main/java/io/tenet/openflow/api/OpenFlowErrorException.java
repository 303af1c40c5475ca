package io.tenet.openflow.api;

/**
 * An OFPT_ERROR reply, decoded from its raw bytes (Loxi cannot decode experimenter errors), naming the message
 * that failed.
 *
 * @param xid        the xid of the failed message
 * @param errorName  symbolic error, such as {@code BAD_MATCH/BAD_PREREQ} or {@code NXBAC_BAD_CONJUNCTION}
 * @param failed     a short description of the failed message, as this side sent it
 */
public class OpenFlowErrorException extends RuntimeException {
    private final long xid;
    private final String errorName;
    private final String failed;

    public OpenFlowErrorException(long xid, String errorName, String failed) {
        super(errorName + " for xid " + xid + ": " + failed);
        this.xid = xid;
        this.errorName = errorName;
        this.failed = failed;
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
