package io.quarkube.controllermanager.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** PUT of a Job's status subresource (a fake in tests); returns the Job as stored (its new resourceVersion). */
@FunctionalInterface
public interface JobStatusWriter {
    Job updateStatus(Job job);
}
