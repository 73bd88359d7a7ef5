/** Kubernetes Events recorded by the components ({@code kubectl describe} shows them): recorder and broadcaster. */
package io.quarkube.api.events;
