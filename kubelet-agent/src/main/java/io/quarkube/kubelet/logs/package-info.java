/**
 * Container logs: the runtime writes each run's stdout and stderr in CRI format (a timestamp per line), keeping
 * the previous run's file; the kubelet's {@code /containerLogs} endpoint reads them with the PodLogOptions.
 */
package io.quarkube.kubelet.logs;
