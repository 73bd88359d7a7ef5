/**
 * The Job controller (Kubernetes' pkg/controller/job): {@link io.quarkube.controllermanager.job.JobController}
 * (handlers, wiring) and {@link io.quarkube.controllermanager.job.JobSync} (the sync) run pods for a Job and
 * count them with the batch.kubernetes.io/job-tracking finalizer; {@link
 * io.quarkube.controllermanager.job.OrphanPodController} removes finalizers no running Job will remove, and
 * {@link io.quarkube.controllermanager.job.TtlAfterFinishedController} deletes finished Jobs after
 * ttlSecondsAfterFinished. {@link io.quarkube.controllermanager.job.JobConditions} is the public "is this Job
 * finished, and how" for other controllers (CronJob).
 */
package io.quarkube.controllermanager.job;
