/**
 * The DaemonSet controller (kubernetes pkg/controller/daemon): event-to-key mapping in
 * {@link io.quarkube.controllermanager.daemonset.DaemonSetController}, the sync in
 * {@link io.quarkube.controllermanager.daemonset.DaemonSetSync}; pure decisions in NodeEligibility (which nodes
 * should run a pod), ManagePlan (pods to create and delete), RollingUpdatePlan (maxUnavailable / maxSurge) and
 * DaemonSetStatusCalculator; ControllerRevisions in DaemonSetHistory.
 */
package io.quarkube.controllermanager.daemonset;
