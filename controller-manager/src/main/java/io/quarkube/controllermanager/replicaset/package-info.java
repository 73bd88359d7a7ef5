/**
 * The ReplicaSet controller (kubernetes pkg/controller/replicaset): event-to-key mapping in
 * {@link io.quarkube.controllermanager.replicaset.ReplicaSetController}, the sync in
 * {@link io.quarkube.controllermanager.replicaset.ReplicaSetSync}, pure status functions in
 * {@link io.quarkube.controllermanager.replicaset.ReplicaSetStatus}.
 */
package io.quarkube.controllermanager.replicaset;
