package io.tenet.controller.api;

/** A running {@link ModelService#subscribe subscription}; closing it stops the deliveries. */
public interface Subscription extends AutoCloseable {
    /** Deliveries made, failures among them, and the last failure's message (empty when the last call succeeded). */
    CoalescingRunner.Status status();

    @Override
    void close();
}
