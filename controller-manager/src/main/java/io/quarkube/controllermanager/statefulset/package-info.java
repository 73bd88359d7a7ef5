/**
 * The StatefulSet controller (kubernetes pkg/controller/statefulset): event-to-key mapping in
 * {@link io.quarkube.controllermanager.statefulset.StatefulSetController}, the sync in
 * {@link io.quarkube.controllermanager.statefulset.StatefulSetSync}, one ordered pass over the pods in
 * {@code StatefulSetControl}, pod and claim writes with their events in {@code StatefulPodControl}, revisions
 * in {@code StatefulSetHistory} and {@code Revisions}, the claims' retention policy in {@code ClaimRetention}.
 */
package io.quarkube.controllermanager.statefulset;
