/** The entry point of the OpenFlow channel: {@link io.tenet.openflow.OpenFlow#listen} binds a server. */
package io.tenet.openflow;
