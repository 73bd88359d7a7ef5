/**
 * The pod garbage collector (Kubernetes' pkg/controller/podgc): terminated pods over a threshold, pods bound to
 * nodes that no longer exist, and terminating pods that can never be confirmed are force-deleted.
 */
package io.quarkube.controllermanager.podgc;
