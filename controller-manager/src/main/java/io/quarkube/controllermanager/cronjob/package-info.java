/**
 * The CronJob controller, as Kubernetes' pkg/controller/cronjob (ControllerV2): Jobs named
 * {@code <cronjob>-<scheduled minutes>} on a cron schedule ({@link io.quarkube.controllermanager.cronjob.CronSchedule},
 * cron-utils underneath) in spec.timeZone, concurrencyPolicy, startingDeadlineSeconds and missed runs, suspend,
 * history limits, status.active / lastScheduleTime / lastSuccessfulTime; each sync requeues for the next time.
 */
package io.quarkube.controllermanager.cronjob;
