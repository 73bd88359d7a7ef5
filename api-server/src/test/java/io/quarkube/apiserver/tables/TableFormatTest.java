package io.quarkube.apiserver.tables;

import io.quarkube.apiserver.errors.StatusException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Content negotiation of Tables from the Accept header. */
class TableFormatTest {
    static final String KUBECTL = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    @Test
    void kubectlGetsAV1TableOfMetadata() {
        assertEquals(Optional.of(new TableFormat("meta.k8s.io/v1", IncludeObject.METADATA)),
                TableFormat.negotiate(KUBECTL, null));
        assertEquals(IncludeObject.OBJECT, TableFormat.negotiate(KUBECTL, "Object").orElseThrow().includeObject());
        assertEquals(IncludeObject.NONE, TableFormat.negotiate(KUBECTL, "None").orElseThrow().includeObject());
    }

    @Test
    void onlyV1beta1AcceptedGetsAV1beta1Table() {
        assertEquals("meta.k8s.io/v1beta1", TableFormat.negotiate(
                "application/json; as=Table; v=v1beta1; g=meta.k8s.io", null).orElseThrow().apiVersion());
    }

    @Test
    void plainJsonNoHeaderOrWildcardGetTheObject() {
        assertEquals(Optional.empty(), TableFormat.negotiate(null, null));
        assertEquals(Optional.empty(), TableFormat.negotiate("", null));
        assertEquals(Optional.empty(), TableFormat.negotiate("application/json", null));
        assertEquals(Optional.empty(), TableFormat.negotiate("application/json, */*", null));
        assertEquals(Optional.empty(), TableFormat.negotiate("application/vnd.kubernetes.protobuf,application/json", null));
    }

    @Test
    void orderAndQualityDecide() {
        assertEquals(Optional.empty(), TableFormat.negotiate(
                "application/json,application/json;as=Table;v=v1;g=meta.k8s.io", null));
        assertEquals("meta.k8s.io/v1", TableFormat.negotiate(
                "application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io", null).orElseThrow().apiVersion());
    }

    @Test
    void unknownTransformationsAreSkipped() {
        assertEquals(Optional.empty(), TableFormat.negotiate(
                "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json", null));
        assertEquals("meta.k8s.io/v1", TableFormat.negotiate("application/json;as=Table;v=v2;g=meta.k8s.io,"
                + "application/json;as=Table;v=v1;g=meta.k8s.io", null).orElseThrow().apiVersion());
    }

    @Test
    void badIncludeObjectIsABadRequestOnlyForTables() {
        StatusException e = assertThrows(StatusException.class, () -> TableFormat.negotiate(KUBECTL, "Everything"));
        assertEquals(400, e.code());
        assertEquals("unrecognized includeObject value: \"Everything\"", e.status().getMessage());
        assertEquals(Optional.empty(), TableFormat.negotiate("application/json", "Everything"));
    }
}
