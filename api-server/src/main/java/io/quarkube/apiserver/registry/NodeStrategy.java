package io.quarkube.apiserver.registry;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.quarkube.api.Resources;
import io.quarkube.apiserver.validation.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;

/** Nodes: registered by kubelet agents, which then own their status. */
@ApplicationScoped
public class NodeStrategy extends SpecStatusStrategy<Node, NodeStatus> {

    public NodeStrategy() {
        super(Resources.NODES, Node::getStatus, Node::setStatus);
    }

    @Override
    public void prepareForCreate(Node node) {
        // a kubelet registers with the status it observed (capacity, addresses); keep it
    }

    @Override
    public void validate(Node node, FieldErrors errors) {
        // the name rules are checked for every kind; nodes have no further required fields
    }

    @Override
    public boolean tracksGeneration() {
        return false;
    }
}
