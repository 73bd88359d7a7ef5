/**
 * The kubelet agent: {@link io.quarkube.kubelet.KubeletAgent} wires the informer to the pod workers and starts the
 * node registrar and status manager. Reads come from Kafka, writes go only to the api-server.
 */
package io.quarkube.kubelet;
