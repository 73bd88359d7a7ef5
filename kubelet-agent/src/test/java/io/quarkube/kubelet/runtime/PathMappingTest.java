package io.quarkube.kubelet.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathMappingTest {
    private final PathMapping mapping = new PathMapping(List.of(
            new VolumeMounts.Mount("/data", Path.of("/w/pods/u/volumes/content"), false),
            new VolumeMounts.Mount("/data/logs", Path.of("/w/pods/u/volumes/logs"), false),
            new VolumeMounts.Mount("/etc/conf", Path.of("/srv/conf"), true)));

    @Test
    void rewritesWholePathsAndPrefixesTheDeepestMountWinning() {
        assertEquals("echo first > /w/pods/u/volumes/content/index.html",
                mapping.apply("echo first > /data/index.html"));
        assertEquals("/w/pods/u/volumes/content", mapping.apply("/data"));
        assertEquals("/w/pods/u/volumes/logs/app.log", mapping.apply("/data/logs/app.log"));
        assertEquals("--directory=/w/pods/u/volumes/content --conf '/srv/conf/a'",
                mapping.apply("--directory=/data --conf '/etc/conf/a'"));
    }

    @Test
    void leavesLookAlikesAlone() {
        assertEquals("/database /x/data /data2 data/x", mapping.apply("/database /x/data /data2 data/x"));
    }

    @Test
    void mapsEnvValues() {
        assertEquals(Map.of("OUT", "/w/pods/u/volumes/content/out", "N", "3"),
                mapping.apply(Map.of("OUT", "/data/out", "N", "3")));
    }
}
