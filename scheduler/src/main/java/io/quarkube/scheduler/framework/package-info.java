/**
 * The scheduling framework (after kube-scheduler's): one small interface per extension point (PreFilter, Filter,
 * PreScore, Score), a per-attempt {@link io.quarkube.scheduler.framework.CycleState}, plugin results as
 * {@link io.quarkube.scheduler.framework.Status} values, and the immutable per-node view
 * {@link io.quarkube.scheduler.framework.NodeInfo}. Plugins never mutate pods, nodes or cached objects.
 */
package io.quarkube.scheduler.framework;
