package io.tenet.controller.api;

/**
 * How many addresses of a network are in use, and which, in Contiv's range notation
 * ({@code 10.1.0.1-10.1.0.3, 10.1.0.7}).
 */
public record AddressUsage(int allocatedCount, String allocated, String available) {
}
