package io.quarkube.kubelet.runtime;

import java.nio.file.Path;

/** Where a pod's files live: {@code <work-dir>/pods/<uid>/}, its logs beside it, its emptyDir volumes under it;
 * claims in a directory of their own that outlives the pods. */
public final class PodDirs {
    private final Path workDir;

    public PodDirs(Path workDir) {
        this.workDir = workDir;
    }

    public Path podDir(String uid) {
        return workDir.resolve("pods").resolve(uid);
    }

    /** The current run's log of a container; the previous run's is beside it (see ContainerLogs). */
    public Path logFile(String uid, String containerName) {
        return podDir(uid).resolve(containerName + ".log");
    }

    /** The launcher scripts and their marker files of the pod's running containers (process runtime). */
    public Path runDir(String uid) {
        return podDir(uid).resolve("run");
    }

    public Path volumeDir(String uid, String volumeName) {
        return podDir(uid).resolve("volumes").resolve(volumeName);
    }

    /**
     * A PersistentVolumeClaim's storage on this node: {@code <work-dir>/claims/<namespace>/<claim>/}, outside any
     * pod's directory, so a replaced pod (a StatefulSet's web-1 with a new UID) finds what the last one wrote.
     */
    public Path claimDir(String namespace, String claimName) {
        return workDir.resolve("claims").resolve(namespace).resolve(claimName);
    }
}
