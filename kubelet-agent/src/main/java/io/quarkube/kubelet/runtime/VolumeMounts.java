package io.quarkube.kubelet.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where each volumeMount of a container comes from on the host. emptyDir volumes are directories in the pod dir
 * ({@link PodDirs#volumeDir}); hostPath volumes are the host path itself; a persistentVolumeClaim is the claim's
 * directory on the node ({@link PodDirs#claimDir}), kept when the pod goes. Every other kind (configMap, secret,
 * projected, ...) is for now an empty directory in the pod dir, like an emptyDir: nothing fills it yet. subPath and subPathExpr select a directory inside the volume, created when missing as the kubelet
 * does, and may not leave it.
 */
final class VolumeMounts {

    /** One bind mount: {@code hostPath} appears at {@code containerPath}. */
    record Mount(String containerPath, Path hostPath, boolean readOnly) {
    }

    private final PodDirs dirs;

    VolumeMounts(PodDirs dirs) {
        this.dirs = dirs;
    }

    /** Creates the pod's volume directories; with {@code owner} they belong to that host uid/gid (a userns root). */
    void prepare(Pod pod, OptionalInt owner) throws IOException {
        for (Volume volume : volumes(pod)) {
            if (volume.getHostPath() == null) {
                Path dir = Files.createDirectories(directory(pod, volume));
                chown(dir, owner);
            }
        }
    }

    /** The container's mounts, parents before children (a mount inside another volume lands in that volume). */
    List<Mount> of(Pod pod, Container container, Map<String, String> env, OptionalInt owner)
            throws ContainerConfigException, IOException {
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount mount : Objects.requireNonNullElse(container.getVolumeMounts(), List.<VolumeMount>of())) {
            Volume volume = volumes(pod).stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new ContainerConfigException("volumeMount " + mount.getMountPath()
                            + ": the pod has no volume \"" + mount.getName() + "\""));
            Path base = volume.getHostPath() != null ? hostPath(volume.getHostPath()) : directory(pod, volume);
            Path source = withSubPath(base, subPath(mount, env), owner);
            mounts.add(new Mount(absolute(mount.getMountPath()), source, Boolean.TRUE.equals(mount.getReadOnly())));
        }
        mounts.sort(Comparator.comparingInt((Mount m) -> Path.of(m.containerPath()).getNameCount())
                .thenComparing(Mount::containerPath));
        return mounts;
    }

    /** The directory a non-hostPath volume lives in. */
    private Path directory(Pod pod, Volume volume) {
        if (volume.getPersistentVolumeClaim() != null && volume.getPersistentVolumeClaim().getClaimName() != null) {
            return dirs.claimDir(pod.getMetadata().getNamespace(), volume.getPersistentVolumeClaim().getClaimName());
        }
        return dirs.volumeDir(pod.getMetadata().getUid(), volume.getName());
    }

    private static String subPath(VolumeMount mount, Map<String, String> env) {
        if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
            return VarExpansion.expand(mount.getSubPathExpr(), env);
        }
        return mount.getSubPath();
    }

    private static Path withSubPath(Path base, String subPath, OptionalInt owner)
            throws ContainerConfigException, IOException {
        if (subPath == null || subPath.isEmpty()) {
            return base;
        }
        Path sub = Path.of(subPath);
        Path source = base.resolve(sub).normalize();
        if (sub.isAbsolute() || !source.startsWith(base)) {
            throw new ContainerConfigException("subPath \"" + subPath + "\" must be a relative path inside its volume");
        }
        if (!Files.exists(source)) {
            chown(Files.createDirectories(source), owner);
        }
        return source;
    }

    /** hostPath types that create what is missing do so here; the others want it to exist (checked by the mount). */
    private static Path hostPath(HostPathVolumeSource source) throws IOException {
        Path path = Path.of(source.getPath());
        String type = Objects.requireNonNullElse(source.getType(), "");
        if (!Files.exists(path)) {
            if (type.isEmpty() || type.equals("DirectoryOrCreate")) {
                Files.createDirectories(path);
            } else if (type.equals("FileOrCreate")) {
                Files.createDirectories(path.toAbsolutePath().getParent());
                Files.createFile(path);
            }
        }
        return path;
    }

    private static String absolute(String mountPath) {
        return Path.of("/").resolve(Objects.requireNonNullElse(mountPath, "")).normalize().toString();
    }

    private static List<Volume> volumes(Pod pod) {
        return Objects.requireNonNullElse(pod.getSpec().getVolumes(), List.of());
    }

    static void chown(Path path, OptionalInt owner) throws IOException {
        if (owner.isPresent()) {
            Files.setAttribute(path, "unix:uid", owner.getAsInt());
            Files.setAttribute(path, "unix:gid", owner.getAsInt());
        }
    }
}
