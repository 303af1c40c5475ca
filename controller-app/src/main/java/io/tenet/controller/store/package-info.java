/**
 * The store SPI: how the model reaches durable storage. {@link io.tenet.controller.store.ModelStore} is
 * implemented by the embedded store ({@code store.embedded}) and, for a cluster of controllers, by a store on
 * etcd in its own bundle; {@code ModelStoreContract} in the tests states what every implementation must do.
 */
package io.tenet.controller.store;
