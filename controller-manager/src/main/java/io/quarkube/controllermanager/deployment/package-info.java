/**
 * The Deployment controller (kubernetes pkg/controller/deployment): {@link
 * io.quarkube.controllermanager.deployment.DeploymentController} maps informer events to Deployment keys,
 * {@link io.quarkube.controllermanager.deployment.DeploymentSync} runs one sync (claim ReplicaSets, then pause /
 * scaling / rollout), {@link io.quarkube.controllermanager.deployment.Rollout} holds one sync's state and its
 * writes, {@link io.quarkube.controllermanager.deployment.RollingUpdate} and {@link
 * io.quarkube.controllermanager.deployment.RecreateUpdate} are the strategies, {@link
 * io.quarkube.controllermanager.deployment.ProportionalScaler} handles replica changes mid-rollout, {@link
 * io.quarkube.controllermanager.deployment.RolloutStatus} computes status and conditions (pure).
 */
package io.quarkube.controllermanager.deployment;
