package io.quarkube.controllermanager.controller;

/**
 * One controller's wiring (its listers, event handlers and runner), called once before the informer starts.
 * The runner's workers are started by the controller-manager once the caches have synced, and sync only while
 * this replica holds the controller-manager Lease.
 */
@FunctionalInterface
public interface ControllerSetup {
    ControllerRunner setUp(ControllerContext context);
}
