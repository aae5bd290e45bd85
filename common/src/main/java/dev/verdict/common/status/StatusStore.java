package dev.verdict.common.status;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.codec.Json;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.submission.SubmissionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import redis.clients.jedis.JedisPooled;

/**
 * Live submission status in Redis: one hash per submission, {@code {ns}:sub:{id}}, expiring after
 * {@code redis.statusTtlSeconds}. Every change is one Lua script, so it is atomic and one round
 * trip, and none can move a DONE submission back: a late progress report of a redelivered task is
 * ignored.
 *
 * <p>Fields: {@code state}, {@code problem}, {@code language}, {@code createdAt}, {@code
 * startedAt}, {@code worker}, {@code test:<index>} (a test result as JSON), {@code finishedAt},
 * {@code result} (the final outcome as JSON).
 */
public final class StatusStore {
  private static final String QUEUED_SCRIPT =
      """
      if redis.call('HEXISTS', KEYS[1], 'state') == 0 then
        redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'problem', ARGV[2], 'language', ARGV[3],
                   'createdAt', ARGV[4])
      end
      redis.call('EXPIRE', KEYS[1], ARGV[1])
      """;
  private static final String RUNNING_SCRIPT =
      """
      if redis.call('HGET', KEYS[1], 'state') ~= 'DONE' then
        redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'startedAt', ARGV[2], 'worker', ARGV[3])
        redis.call('EXPIRE', KEYS[1], ARGV[1])
      end
      """;
  private static final String TEST_SCRIPT =
      """
      local state = redis.call('HGET', KEYS[1], 'state')
      if state ~= 'DONE' then
        if state ~= 'RUNNING' then
          redis.call('HSET', KEYS[1], 'state', 'RUNNING')
        end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        redis.call('EXPIRE', KEYS[1], ARGV[1])
      end
      """;
  private static final String DONE_SCRIPT =
      """
      redis.call('HSET', KEYS[1], 'state', 'DONE', 'finishedAt', ARGV[2], 'result', ARGV[3],
                 'problem', ARGV[4], 'language', ARGV[5], 'createdAt', ARGV[6])
      redis.call('EXPIRE', KEYS[1], ARGV[1])
      """;

  private final JedisPooled redis;
  private final String prefix;
  private final String ttl;
  private final ObjectMapper mapper = Json.mapper();
  private final Timer writeTimer;
  private final Timer readTimer;

  public StatusStore(JedisPooled redis, String namespace, int ttlSeconds, MetricRegistry metrics) {
    this.redis = redis;
    this.prefix = namespace + ":sub:";
    this.ttl = Integer.toString(ttlSeconds);
    this.writeTimer = metrics.timer("verdict.redis.status.write");
    this.readTimer = metrics.timer("verdict.redis.status.read");
  }

  public String key(String id) {
    return prefix + id;
  }

  /** The API accepted the submission. Does nothing if the submission already has a state. */
  public void queued(String id, String problemId, String language, long createdAt) {
    eval(QUEUED_SCRIPT, id, problemId, language, Long.toString(createdAt));
  }

  /** A worker slot started the submission. */
  public void running(String id, long startedAt, String worker) {
    eval(RUNNING_SCRIPT, id, Long.toString(startedAt), worker);
  }

  /** One test finished. */
  public void testFinished(String id, int index, TestResult result) {
    eval(TEST_SCRIPT, id, "test:" + index, json(result));
  }

  /** The submission is graded; the final outcome replaces any progress. */
  public void done(
      String id,
      String problemId,
      String language,
      long createdAt,
      GradingOutcome outcome,
      long finishedAt) {
    eval(
        DONE_SCRIPT,
        id,
        Long.toString(finishedAt),
        json(outcome),
        problemId,
        language,
        Long.toString(createdAt));
  }

  public Optional<LiveStatus> get(String id) {
    Map<String, String> fields;
    try (Timer.Context ignored = readTimer.time()) {
      fields = redis.hgetAll(key(id));
    }
    if (fields == null || !fields.containsKey("state")) {
      return Optional.empty();
    }
    GradingOutcome result =
        fields.containsKey("result") ? read(fields.get("result"), GradingOutcome.class) : null;
    List<TestResult> tests;
    if (result != null) {
      tests = result.tests();
    } else {
      TreeMap<Integer, TestResult> byIndex = new TreeMap<>();
      fields.forEach(
          (field, value) -> {
            if (field.startsWith("test:")) {
              byIndex.put(
                  Integer.parseInt(field.substring("test:".length())),
                  read(value, TestResult.class));
            }
          });
      tests = new ArrayList<>(byIndex.values());
    }
    return Optional.of(
        new LiveStatus(
            id,
            SubmissionState.valueOf(fields.get("state")),
            fields.get("problem"),
            fields.get("language"),
            parseLong(fields.get("createdAt")),
            parseLong(fields.get("startedAt")),
            parseLong(fields.get("finishedAt")),
            tests,
            result));
  }

  public void delete(String id) {
    redis.del(key(id));
  }

  private void eval(String script, String id, String... args) {
    List<String> argv = new ArrayList<>(args.length + 1);
    argv.add(ttl);
    argv.addAll(List.of(args));
    try (Timer.Context ignored = writeTimer.time()) {
      redis.eval(script, List.of(key(id)), argv);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName() + " in Redis", e);
    }
  }

  private static long parseLong(String value) {
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }
}
