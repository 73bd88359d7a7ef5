/**
 * This agent's nodes: names and pod networks, the Node object and its status, registration and heartbeats.
 * Registration runs on its own thread and never blocks startup.
 */
package io.quarkube.kubelet.node;
