/** The kubelet's {@code /containerLogs} endpoint, which the api-server's pods/log proxies to. */
package io.quarkube.kubelet.logs;
