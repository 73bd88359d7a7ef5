/**
 * Lease-based leader election for the components that run as one active instance and hot standbys (scheduler,
 * controller-manager), after client-go's tools/leaderelection with a LeaseLock. Entry point: {@link
 * io.quarkube.api.leaderelection.LeaderElector} with a {@link io.quarkube.api.leaderelection.LeaderElectionConfig}.
 */
package io.quarkube.api.leaderelection;
