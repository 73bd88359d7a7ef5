package io.quarkube.kubelet.podworkers;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.quarkube.kubelet.runtime.ContainerExit;
import io.quarkube.kubelet.runtime.ContainerRuntimeStatus;
import io.quarkube.kubelet.runtime.PodSandbox;
import io.quarkube.kubelet.status.Times;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** Turns a container record into the API's ContainerStatus, with the kubelet's reasons; ready/started come from the prober. */
final class ContainerStatuses {
    static final String CONTAINER_ID_SCHEME = "quarkube://";

    private ContainerStatuses() {
    }

    /** {@code notStartedReason}: PodInitializing or ContainerCreating, for a container that has not run yet. */
    static ContainerStatus of(ContainerRecord record, String notStartedReason, PodSandbox sandbox) {
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(record.name())
                .withImage(record.spec.getImage())
                .withImageID("")
                .withRestartCount(record.restartCount)
                .withReady(false)
                .withStarted(false)
                .withLastState(terminated(record.lastTermination, lastId(record)));
        if (record.configError != null) {
            // never created: Waiting with the kubelet's reason; an earlier run stays the lastState
            ContainerExit previous = record.exit();
            if (previous != null) {
                status.withLastState(terminated(previous, CONTAINER_ID_SCHEME + record.current.id()));
            }
            return status.withState(waiting(record.configError.reason(), record.configError.message())).build();
        }
        if (record.current == null) {
            return status.withState(waiting(notStartedReason, null)).build();
        }
        String containerId = CONTAINER_ID_SCHEME + record.current.id();
        ContainerRuntimeStatus runtime = record.observed;
        switch (runtime.state()) {
            case CREATED -> status.withState(waiting("ContainerCreating", null));
            // the kubelet reports a container once its postStart hook is done (the hook runs inside its start)
            case RUNNING -> {
                if (record.postStartPending()) {
                    status.withState(waiting("ContainerCreating", null));
                } else {
                    status.withContainerID(containerId).withImageID(imageId(record.spec.getImage()))
                            .withReady(record.ready).withStarted(record.started)
                            .withState(new ContainerStateBuilder().withNewRunning()
                                    .withStartedAt(Times.format(runtime.startedAt())).endRunning().build());
                }
            }
            case EXITED -> {
                status.withContainerID(containerId).withImageID(imageId(record.spec.getImage()));
                if (record.restartAt != null) {
                    status.withState(waiting("CrashLoopBackOff", backoffMessage(record, sandbox)))
                            .withLastState(terminated(runtime.exit(), containerId));
                } else {
                    status.withState(terminated(runtime.exit(), containerId))
                            .withReady(record.init && runtime.exit().exitCode() == 0);
                }
            }
        }
        return status.build();
    }

    /** docker.io/library/busybox@sha256:..., made up from the image name: there are no images to pull. */
    static String imageId(String image) {
        if (image == null || image.isEmpty()) {
            return "";
        }
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) {
            name = "docker.io/" + (name.contains("/") ? "" : "library/") + name;
        }
        return name + "@sha256:" + sha256(image);
    }

    private static String lastId(ContainerRecord record) {
        return record.lastContainerId == null ? null : CONTAINER_ID_SCHEME + record.lastContainerId;
    }

    private static String backoffMessage(ContainerRecord record, PodSandbox sandbox) {
        Duration delay = record.restartDelay == null ? Duration.ZERO : record.restartDelay;
        return "back-off " + delay.toSeconds() + "s restarting failed container=" + record.name() + " pod="
                + sandbox.name() + "_" + sandbox.namespace() + "(" + sandbox.uid() + ")";
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(ContainerExit exit, String containerId) {
        if (exit == null) {
            return new ContainerState();
        }
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exit.exitCode())
                .withReason(exit.reason())
                .withMessage(exit.message())
                .withStartedAt(Times.format(exit.startedAt()))
                .withFinishedAt(Times.format(exit.finishedAt()))
                .withContainerID(containerId)
                .endTerminated().build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
