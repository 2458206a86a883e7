// The presets' layer tables against sizes worked out by hand from the paper and the fashion issue.
package dev.alexnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alexnet.core.shape.Shape;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static Map<String, Architecture.Row> byName(AlexNetConfig cfg) {
        return Architecture.rows(cfg).stream().collect(Collectors.toMap(Architecture.Row::name, r -> r));
    }

    @Test
    void fashionShapesParametersAndFlops() {
        Map<String, Architecture.Row> r = byName(AlexNetConfig.fashion());
        assertEquals(new Shape(1, 64, 28, 28), r.get("conv1").output());
        assertEquals(new Shape(1, 64, 13, 13), r.get("pool1").output());   // (28 - 3) / 2 + 1
        assertEquals(new Shape(1, 192, 6, 6), r.get("pool2").output());    // (13 - 3) / 2 + 1
        assertEquals(new Shape(1, 256, 2, 2), r.get("pool5").output());    // (6 - 3) / 2 + 1
        // conv1 64*1*25+64, conv2 192*64*25+192, conv3 384*192*9+384, conv4 256*384*9+256, conv5 256*256*9+256,
        // fc1 1024*2048+2048, fc2 2048*2048+2048, fc3 2048*10+10
        assertEquals(1_664, r.get("conv1").params());
        assertEquals(307_392, r.get("conv2").params());
        assertEquals(2_099_200, r.get("fc1").params());
        assertEquals(8_764_106, Architecture.totalParams(AlexNetConfig.fashion()));
        // conv2: 2 * 192 * 13 * 13 * 64 * 25 multiply-adds
        assertEquals(2L * 192 * 13 * 13 * 64 * 25, r.get("conv2").flops());
        long heavy = Architecture.rows(AlexNetConfig.fashion()).stream()
                .filter(x -> x.kind().equals("Conv2d") || x.kind().equals("Linear")).mapToLong(Architecture.Row::flops).sum();
        assertEquals(272.9e6, heavy, 0.05e6); // "about 273 MFLOP per image forward"
    }

    @Test
    void paperNetworkMatchesThe2012Figures() {
        AlexNetConfig paper = AlexNetConfig.paper();
        Map<String, Architecture.Row> r = byName(paper);
        assertEquals(new Shape(1, 96, 55, 55), r.get("conv1").output()); // (227 - 11) / 4 + 1
        assertEquals(new Shape(1, 96, 27, 27), r.get("pool1").output());
        assertEquals(new Shape(1, 256, 13, 13), r.get("pool2").output());
        assertEquals(new Shape(1, 256, 6, 6), r.get("pool5").output());
        // groups = 2 halve the filters' input channels: conv2 256 * 48 * 25 + 256
        assertEquals(256 * 48 * 25 + 256, r.get("conv2").params());
        assertEquals(384 * 192 * 9 + 384, r.get("conv4").params());
        assertEquals(256 * 192 * 9 + 256, r.get("conv5").params());
        assertEquals(9216L * 4096 + 4096, r.get("fc1").params());
        assertEquals(56_909_194, Architecture.totalParams(paper));
        assertTrue(Architecture.table(paper).contains("groups 2"));
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> AlexNetConfig.preset("vgg"));
        assertTrue(e.getMessage().contains("fashion") && e.getMessage().contains("paper"), e.getMessage());
        assertEquals(List.of("fashion", "paper"), AlexNetConfig.PRESETS);
    }
}
