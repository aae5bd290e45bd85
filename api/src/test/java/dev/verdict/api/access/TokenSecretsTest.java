package dev.verdict.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

  @Test
  void a_token_carries_256_random_bits_and_only_its_hash_is_kept() {
    String token = TokenSecrets.newToken();

    byte[] random = Base64.getUrlDecoder().decode(token.substring(TokenSecrets.PREFIX.length()));
    assertThat(random).hasSize(32);
    assertThat(TokenSecrets.wellFormed(token)).isTrue();
    assertThat(TokenSecrets.newToken()).isNotEqualTo(token);
    assertThat(TokenSecrets.hash(token)).hasSize(64).doesNotContain(token.substring(3));
  }

  @Test
  void anything_else_is_not_a_token() {
    assertThat(TokenSecrets.wellFormed("vd_short")).isFalse();
    assertThat(TokenSecrets.wellFormed(null)).isFalse();
    assertThat(TokenSecrets.wellFormed("xx" + TokenSecrets.newToken().substring(2))).isFalse();
  }

  @Test
  void lifetimes_are_days_hours_or_minutes_up_to_ten_years() {
    assertThat(Expiry.parse("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Expiry.parse("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(Expiry.parse("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(() -> Expiry.parse("3651d")).hasMessageContaining("3650d");
    assertThatThrownBy(() -> Expiry.parse("0d")).hasMessageContaining("30d");
    assertThatThrownBy(() -> Expiry.parse("soon")).hasMessageContaining("30d");
  }
}
