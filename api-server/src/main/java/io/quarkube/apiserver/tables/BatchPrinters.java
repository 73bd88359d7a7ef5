package io.quarkube.apiserver.tables;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.quarkube.apiserver.tables.Formats.list;
import static io.quarkube.apiserver.tables.Formats.num;
import static io.quarkube.apiserver.tables.Formats.str;

/** batch/v1 Jobs (STATUS, COMPLETIONS "1/1", DURATION) and CronJobs, columns as in printers.go. */
final class BatchPrinters {
    private static final Column CONTAINERS = Column.wide("Containers", Column.CONTAINERS_DOC);
    private static final Column IMAGES = Column.wide("Images", Column.IMAGES_DOC);
    private static final Column SELECTOR = Column.wide("Selector", "A label query over pods that should match "
            + "the pod count.");

    private BatchPrinters() {
    }

    static final class JobPrinter implements KindPrinter<Job> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Status", "Status of the job."),
                Column.string("Completions", "The number of pods which reached phase Succeeded."),
                Column.string("Duration", "Time required to complete the job."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR);

        @Override
        public Class<Job> kind() {
            return Job.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(Job job, Instant now) {
            JobSpec spec = job.getSpec() == null ? new JobSpec() : job.getSpec();
            JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
            long succeeded = num(status.getSucceeded());
            String completions;
            if (spec.getCompletions() != null) {
                completions = succeeded + "/" + spec.getCompletions();
            } else if (num(spec.getParallelism()) > 1) {
                completions = succeeded + "/1 of " + spec.getParallelism();
            } else {
                completions = succeeded + "/1";
            }
            Instant start = HumanDuration.parse(status.getStartTime());
            Instant end = HumanDuration.parse(status.getCompletionTime());
            String duration = start == null ? "" : HumanDuration.format(Duration.between(start, end == null ? now : end));
            List<String> containers = Formats.containers(spec.getTemplate());
            return List.of(str(job.getMetadata().getName()), status(job, status), completions, duration,
                    HumanDuration.since(job.getMetadata().getCreationTimestamp(), now),
                    containers.get(0), containers.get(1), Formats.formatSelector(spec.getSelector()));
        }

        /** Complete, Failed, Terminating, Suspended, FailureTarget or Running, in that precedence. */
        static String status(Job job, JobStatus status) {
            List<JobCondition> conditions = list(status.getConditions());
            if (condition(conditions, "Complete")) {
                return "Complete";
            } else if (condition(conditions, "Failed")) {
                return "Failed";
            } else if (job.getMetadata().getDeletionTimestamp() != null) {
                return "Terminating";
            } else if (condition(conditions, "Suspended")) {
                return "Suspended";
            } else if (condition(conditions, "FailureTarget")) {
                return "FailureTarget";
            }
            return "Running";
        }

        /** The first condition of the type decides. */
        private static boolean condition(List<JobCondition> conditions, String type) {
            for (JobCondition c : conditions) {
                if (type.equals(c.getType())) {
                    return "True".equals(c.getStatus());
                }
            }
            return false;
        }
    }

    static final class CronJobPrinter implements KindPrinter<CronJob> {
        private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
                Column.string("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
                Column.string("Timezone", "The time zone name for the given schedule."),
                new Column("Suspend", "boolean", "", "This flag tells the controller to suspend subsequent "
                        + "executions, it does not apply to already started executions.", 0),
                Column.integer("Active", "A list of pointers to currently running jobs."),
                Column.string("Last Schedule", "Information when was the last time the job was successfully "
                        + "scheduled."),
                Column.age(), CONTAINERS, IMAGES, SELECTOR);

        @Override
        public Class<CronJob> kind() {
            return CronJob.class;
        }

        @Override
        public List<Column> columns() {
            return COLUMNS;
        }

        @Override
        public List<Object> cells(CronJob cj, Instant now) {
            CronJobSpec spec = cj.getSpec() == null ? new CronJobSpec() : cj.getSpec();
            String lastSchedule = cj.getStatus() == null || cj.getStatus().getLastScheduleTime() == null
                    ? Formats.NONE : HumanDuration.since(cj.getStatus().getLastScheduleTime(), now);
            long active = cj.getStatus() == null ? 0 : list(cj.getStatus().getActive()).size();
            JobSpec jobSpec = spec.getJobTemplate() == null || spec.getJobTemplate().getSpec() == null ? new JobSpec()
                    : spec.getJobTemplate().getSpec();
            PodTemplateSpec template = jobSpec.getTemplate();
            LabelSelector selector = jobSpec.getSelector();
            List<String> containers = Formats.containers(template);
            return List.of(str(cj.getMetadata().getName()), str(spec.getSchedule()),
                    spec.getTimeZone() == null ? Formats.NONE : spec.getTimeZone(), Formats.bool(spec.getSuspend()),
                    active, lastSchedule, HumanDuration.since(cj.getMetadata().getCreationTimestamp(), now),
                    containers.get(0), containers.get(1), Formats.formatSelector(selector));
        }
    }
}
