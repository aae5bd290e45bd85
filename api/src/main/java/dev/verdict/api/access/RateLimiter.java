package dev.verdict.api.access;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.api.http.RateLimitedException;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.ApiAccessConfig;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * Per-token rate limits on submissions: a token bucket per token ({@code api.access.<role>Burst} at
 * once, refilled at {@code api.access.<role>PerMinute}), kept in Redis by Bucket4j so every API
 * process draws from the same bucket. The key is {@code {ns}:rate:<token id>}.
 *
 * <p>If Redis cannot be reached the submission is let through: the limit protects the graders'
 * fairness from one token, and refusing every submission because the limiter's store is away would
 * turn a Redis fault into an outage.
 */
public final class RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  private final ProxyManager<byte[]> buckets;
  private final String prefix;
  private final Map<Role, BucketConfiguration> perRole = new EnumMap<>(Role.class);
  private final MetricRegistry metrics;

  public RateLimiter(
      JedisPooled redis, String namespace, ApiAccessConfig config, MetricRegistry metrics) {
    this.buckets =
        Bucket4jJedis.casBasedBuilder(redis)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofMinutes(1)))
            .build();
    this.prefix = namespace + ":rate:";
    this.metrics = metrics;
    for (Role role : Role.values()) {
      int perMinute = config.perMinute(role);
      if (perMinute > 0) {
        int burst = config.burst(role);
        perRole.put(
            role,
            BucketConfiguration.builder()
                .addLimit(
                    limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
      }
    }
  }

  /**
   * Takes one submission from the caller's bucket. A caller without a token (the Jobe facade's
   * anonymous runs when {@code jobe.requireApiKey} is false) has no bucket and no limit.
   *
   * @throws RateLimitedException 429 with the seconds until the bucket has one again
   */
  public void takeSubmission(Caller caller) {
    BucketConfiguration limit = perRole.get(caller.role());
    if (limit == null || caller.tokenId() == null) {
      return;
    }
    ConsumptionProbe probe;
    try {
      probe =
          buckets
              .builder()
              .build((prefix + caller.tokenId()).getBytes(StandardCharsets.UTF_8), () -> limit)
              .tryConsumeAndReturnRemaining(1);
    } catch (RuntimeException e) {
      metrics.meter("verdict.api.rate-limit.unavailable").mark();
      LOG.warn("rate limit of token {} not checked: {}", caller.tokenId(), e.toString());
      return;
    }
    if (!probe.isConsumed()) {
      metrics.meter("verdict.api.rate-limit.refused").mark();
      long seconds =
          Math.max(
              1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
      throw new RateLimitedException(
          "too many submissions from this token; retry in " + seconds + " s", seconds);
    }
  }
}
