/**
 * This agent's nodes: names and pod networks, the Node object and its status, registration, and heartbeats
 * (a Lease per node in kube-node-lease, renewed on a small pool with the nodes spread over the interval; node status
 * written only when it changed or every nodeStatusReportFrequency). Registration runs on its own thread and never
 * blocks startup.
 */
package io.quarkube.kubelet.node;
