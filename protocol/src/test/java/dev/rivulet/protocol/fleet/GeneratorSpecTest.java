package dev.rivulet.protocol.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorSpecTest {

    private static final HostResolver DNS =
            host -> {
                Map<String, List<String>> zone =
                        Map.of(
                                "gen.rivulet.svc",
                                        List.of("10.1.0.7", "10.1.0.8", "10.1.0.7", "fd00::9"),
                                "empty.svc", List.of());
                List<String> ips = zone.get(host);
                if (ips == null) {
                    throw new UnknownHostException(host + ": no such host");
                }
                return ips;
            };

    @Test
    void aListIsTakenAsWrittenInOrder() throws Exception {
        GeneratorSpec spec = GeneratorSpec.parse(" gen-0:8815, 10.0.0.2:8816 ,[::1]:8817");
        assertThat(spec.resolve(DNS))
                .containsExactly(
                        new GeneratorAddress("gen-0", 8815),
                        new GeneratorAddress("10.0.0.2", 8816),
                        new GeneratorAddress("::1", 8817));
        assertThat(spec.toString()).isEqualTo("gen-0:8815,10.0.0.2:8816,[::1]:8817");
        assertThat(GeneratorSpec.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void aDnsNameExpandsIntoEveryAddressItResolvesTo() throws Exception {
        GeneratorSpec spec = GeneratorSpec.parse("dns:///gen.rivulet.svc:8815,other:9000");
        assertThat(spec.resolve(DNS))
                .containsExactly(
                        new GeneratorAddress("10.1.0.7", 8815),
                        new GeneratorAddress("10.1.0.8", 8815),
                        new GeneratorAddress("fd00::9", 8815),
                        new GeneratorAddress("other", 9000));
        assertThat(spec.resolve(DNS).get(2).toString()).isEqualTo("[fd00::9]:8815");
    }

    @Test
    void aDnsNameThatDoesNotResolveIsNamed() {
        assertThatThrownBy(() -> GeneratorSpec.parse("dns:///nope.svc:8815").resolve(DNS))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("'dns:///nope.svc:8815' does not resolve")
                .hasMessageContaining("no such host");
        assertThatThrownBy(() -> GeneratorSpec.parse("dns:///empty.svc:1").resolve(DNS))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("generator entry 'dns:///empty.svc:1' resolves to no address");
    }

    @Test
    void badEntriesAreRejectedNamingTheEntry() {
        assertBad("a:1,,b:2", "generator entry 2 of 'a:1,,b:2' is empty");
        assertBad("a:1,", "generator entry 2 of 'a:1,' is empty");
        assertBad("a:1,gen-1", "bad generator address 'gen-1': no port (expected host:port)");
        assertBad("gen:http", "bad generator address 'gen:http': port 'http' is not a number");
        assertBad("gen:70000", "bad generator address 'gen:70000': port 70000 is not in 1..65535");
        assertBad("gen:0", "bad generator address 'gen:0': port 0 is not in 1..65535");
        assertBad(":8815", "bad generator address ':8815': no host");
        assertBad(
                "::1:8815",
                "bad generator address '::1:8815': an IPv6 host must be written"
                        + " [address]:port");
        assertBad(
                "[::1:8815",
                "bad generator address '[::1:8815': an IPv6 host must be written"
                        + " [address]:port");
        assertBad(
                "http://gen:8815",
                "bad generator address 'http://gen:8815': not host:port (a URL? only dns:///"
                        + " may prefix an entry)");
        assertBad("dns:///:8815", "bad generator address 'dns:///:8815': no host");
        assertBad("a:1, a:1", "generator entry 'a:1' is given twice in 'a:1, a:1'");
        assertBad("gen 1:8815", "bad generator address 'gen 1:8815': host 'gen 1' is not a host");
        assertBad(" ", "no generator addresses given");
    }

    private static void assertBad(String spec, String message) {
        assertThatThrownBy(() -> GeneratorSpec.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
