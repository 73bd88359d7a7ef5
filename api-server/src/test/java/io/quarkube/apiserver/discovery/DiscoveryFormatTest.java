package io.quarkube.apiserver.discovery;

import org.junit.jupiter.api.Test;

import static io.quarkube.apiserver.discovery.DiscoveryFormat.AGGREGATED_V2;
import static io.quarkube.apiserver.discovery.DiscoveryFormat.AGGREGATED_V2BETA1;
import static io.quarkube.apiserver.discovery.DiscoveryFormat.LEGACY;
import static io.quarkube.apiserver.discovery.DiscoveryFormat.fromAccept;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DiscoveryFormatTest {
    private static final String V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static final String V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    @Test
    void kubectlGetsTheFirstFormItLists() {
        assertEquals(AGGREGATED_V2, fromAccept(V2 + "," + V2BETA1 + ",application/json"));
        assertEquals(AGGREGATED_V2BETA1, fromAccept(V2BETA1 + ",application/json"));
        assertEquals(LEGACY, fromAccept("application/json, " + V2));
    }

    @Test
    void parametersMayComeInAnyOrderAndWithSpaces() {
        assertEquals(AGGREGATED_V2,
                fromAccept("application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io"));
    }

    @Test
    void qualityValuesOutrankOrder() {
        assertEquals(AGGREGATED_V2, fromAccept("application/json;q=0.5, " + V2));
        assertEquals(LEGACY, fromAccept(V2 + ";q=0, application/json"));
    }

    @Test
    void everythingElseIsTheLegacyJson() {
        assertEquals(LEGACY, fromAccept(null));
        assertEquals(LEGACY, fromAccept(""));
        assertEquals(LEGACY, fromAccept("*/*"));
        assertEquals(LEGACY, fromAccept("application/json, */*"));
        assertEquals(LEGACY, fromAccept("application/vnd.kubernetes.protobuf"));
        assertEquals(LEGACY, fromAccept("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList"));
        assertEquals(LEGACY, fromAccept("application/json;g=other.io;v=v2;as=APIGroupDiscoveryList"));
    }

    @Test
    void contentTypeCarriesTheParametersKubectlChecks() {
        assertEquals(V2, AGGREGATED_V2.contentType());
        assertEquals(V2BETA1, AGGREGATED_V2BETA1.contentType());
        assertEquals("application/json", LEGACY.contentType());
    }
}
