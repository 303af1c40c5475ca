package io.tenet.controller.store;

/**
 * The store did not confirm a commit in time, and cannot say whether it took effect: with a cluster store (etcd
 * without a quorum) the commit may still be applied, whole, when the store recovers. Nothing is applied to the
 * model until the store's watch delivers it; whoever wrote should read before writing again.
 */
public class CommitOutcomeUnknownException extends IllegalStateException {
    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
