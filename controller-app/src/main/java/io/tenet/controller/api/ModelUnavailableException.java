package io.tenet.controller.api;

/**
 * A write the model could not make for a reason of the moment, not of the request: the store refused or failed
 * the commit, or other writers kept committing first. Nothing was written; the same request may succeed when
 * retried. The REST API answers 503.
 */
public class ModelUnavailableException extends RuntimeException {
    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
