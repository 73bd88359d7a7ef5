/**
 * The namespace controller: empties a Terminating namespace of every namespaced kind, then removes its
 * {@code kubernetes} finalizer through {@code PUT namespaces/{name}/finalize} so that the api-server deletes it.
 */
package io.quarkube.controllermanager.namespace;
