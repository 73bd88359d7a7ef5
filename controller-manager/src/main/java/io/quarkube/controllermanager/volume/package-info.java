/**
 * Volumes for a single-machine cluster: {@link io.quarkube.controllermanager.volume.LocalPathBinder}, a
 * local-path style provisioner that binds every Pending PersistentVolumeClaim.
 */
package io.quarkube.controllermanager.volume;
