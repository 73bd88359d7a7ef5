/**
 * Configuration ({@code quarkube.kubelet.*}), CDI wiring of the plain-Java parts, and the pod source: pods bound to
 * this agent's nodes, from the informer, into the pod workers.
 */
package io.quarkube.kubelet.config;
