package dev.verdict.common.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Sha256Test {
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void known_digests_in_lower_case_hex() {
    assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    assertThat(Sha256.hex(new byte[0])).isEqualTo(EMPTY);
  }

  @Test
  void each_digest_is_a_fresh_one_whatever_another_holds() {
    MessageDigest first = Sha256.digest();
    first.update("ab".getBytes(StandardCharsets.US_ASCII));
    MessageDigest second = Sha256.digest();

    assertThat(java.util.HexFormat.of().formatHex(second.digest())).isEqualTo(EMPTY);
    first.update("c".getBytes(StandardCharsets.US_ASCII));
    assertThat(java.util.HexFormat.of().formatHex(first.digest())).isEqualTo(ABC);
  }

  @Test
  void threads_hashing_at_once_each_get_their_own_content_s_digest() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> jobs =
          IntStream.range(0, 400)
              .<Callable<Boolean>>mapToObj(
                  i ->
                      () ->
                          Sha256.hex((i % 2 == 0 ? "abc" : "").getBytes(StandardCharsets.US_ASCII))
                              .equals(i % 2 == 0 ? ABC : EMPTY))
              .toList();
      for (Future<Boolean> done : pool.invokeAll(jobs)) {
        assertThat(done.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void only_sixty_four_lower_case_hex_digits_are_an_id() {
    assertThat(Sha256.isHex(ABC)).isTrue();
    assertThat(Sha256.isHex(ABC.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(Sha256.isHex(ABC.substring(1))).isFalse();
    assertThat(Sha256.isHex(ABC + "0")).isFalse();
    assertThat(Sha256.isHex("g" + ABC.substring(1))).isFalse();
    assertThat(Sha256.isHex(null)).isFalse();
  }
}
