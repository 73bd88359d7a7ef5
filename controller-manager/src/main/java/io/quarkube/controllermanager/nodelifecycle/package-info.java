/**
 * The node lifecycle controller (Kubernetes' pkg/controller/nodelifecycle with its NoExecute taint eviction):
 * a node whose kubelet stopped heartbeating is Ready=Unknown and tainted unreachable, its pods are failed with
 * reason NodeLost and deleted once their toleration of the taint runs out.
 */
package io.quarkube.controllermanager.nodelifecycle;
