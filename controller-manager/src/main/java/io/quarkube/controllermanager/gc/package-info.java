/**
 * A small garbage collector: deletes pods whose controlling ReplicaSet no longer exists (confirmed with a live
 * GET before deleting, since the cache may simply lag).
 */
package io.quarkube.controllermanager.gc;
