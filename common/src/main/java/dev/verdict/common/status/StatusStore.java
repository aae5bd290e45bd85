package dev.verdict.common.status;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.codec.Json;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.redis.LuaScripts;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import redis.clients.jedis.JedisPooled;

/**
 * Live submission status in Redis: one hash per submission, {@code {ns}:sub:{id}}, expiring after
 * {@code redis.statusTtlSeconds}. Every change is one Lua script, so it is atomic and one round
 * trip, and each script changes the state only where {@link SubmissionStateMachine} allows it (its
 * guard is built from that table): none moves a DONE submission back, so late progress of a
 * redelivered task is ignored.
 *
 * <p>Each state has one writer: the API writes QUEUED ({@link #queued}), the worker's slot RUNNING
 * and the per-test progress ({@link #running}, {@link #testsFinished}), the dispatcher DONE ({@link
 * #done}), after the result is stored in MongoDB. The worker writes straight to Redis, not through
 * the broker (the worker's {@code ProgressReporter} says why); its writes may be lost, the
 * dispatcher's may not.
 *
 * <p>Every change but the first (QUEUED) is announced on {@link #channel()}.
 *
 * <p>Fields: {@code state}, {@code problem}, {@code language}, {@code createdAt}, {@code
 * startedAt}, {@code worker}, {@code test:<index>} (a test result as JSON), {@code finishedAt},
 * {@code result} (the final outcome as JSON), {@code owner} (the token name that submitted it),
 * {@code callbackUrl} (where the result is POSTed, if anywhere).
 */
public final class StatusStore {
  // why: each script's guard is built from SubmissionStateMachine, so Redis allows exactly the
  // changes MongoDB does. A missing state (the hash expired, or its first write failed) is allowed
  // too: Redis is the live view, and the writer's change is the best it can show.
  /** The API's QUEUED: a fresh hash, replacing whatever a state that may be re-queued left. */
  private static final String QUEUED_SCRIPT =
      guarded(
              SubmissionState.QUEUED,
              """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'problem', ARGV[2], 'language', ARGV[3],
                       'createdAt', ARGV[4])
            if ARGV[5] ~= '' then
              redis.call('HSET', KEYS[1], 'owner', ARGV[5])
            end
            if ARGV[6] ~= '' then
              redis.call('HSET', KEYS[1], 'callbackUrl', ARGV[6])
            end
          """)
          + """
          redis.call('EXPIRE', KEYS[1], ARGV[1])
          """;

  /** A slot's RUNNING, with when and where. */
  private static final String RUNNING_SCRIPT =
      guarded(
          SubmissionState.RUNNING,
          """
            redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'startedAt', ARGV[2], 'worker', ARGV[3])
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('PUBLISH', KEYS[2], KEYS[1] .. ' RUNNING')
          """);

  /** A slot's test results: RUNNING (if the start was not recorded) with the results. */
  private static final String TEST_SCRIPT =
      guarded(
          SubmissionState.RUNNING,
          """
            redis.call('HSET', KEYS[1], 'state', 'RUNNING', unpack(ARGV, 2))
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('PUBLISH', KEYS[2], KEYS[1] .. ' TESTS')
          """);

  /** The dispatcher's DONE, with the final outcome. */
  private static final String DONE_SCRIPT =
      guarded(
          SubmissionState.DONE,
          """
            redis.call('HSET', KEYS[1], 'state', 'DONE', 'finishedAt', ARGV[2], 'result', ARGV[3],
                       'problem', ARGV[4], 'language', ARGV[5], 'createdAt', ARGV[6])
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('PUBLISH', KEYS[2], KEYS[1] .. ' DONE')
          """);

  private final JedisPooled redis;
  private final LuaScripts scripts;
  private final String prefix;
  private final String channel;
  private final String ttl;
  private final ObjectMapper mapper = Json.mapper();
  private final Timer writeTimer;
  private final Timer readTimer;

  public StatusStore(JedisPooled redis, String namespace, int ttlSeconds, MetricRegistry metrics) {
    this.redis = redis;
    this.scripts = new LuaScripts(redis);
    this.prefix = namespace + ":sub:";
    this.channel = namespace + ":status-events";
    this.ttl = Integer.toString(ttlSeconds);
    this.writeTimer = metrics.timer("verdict.redis.status.write");
    this.readTimer = metrics.timer("verdict.redis.status.read");
  }

  public String key(String id) {
    return prefix + id;
  }

  /**
   * The Redis channel on which every change of a submission's state or progress is announced; the
   * message is the submission's key ({@link #key}), a space and the {@link Change}. Lets readers
   * wait for the change they need instead of polling.
   */
  public String channel() {
    return channel;
  }

  /** What an announcement on {@link #channel()} says changed. */
  public enum Change {
    /** A worker started the submission. */
    RUNNING,
    /** One or more test results were added. */
    TESTS,
    /** The submission is graded. */
    DONE
  }

  /** One announcement read from {@link #channel()}. */
  public record Announcement(String id, Change change) {}

  /** The announcement in a message of {@link #channel()}, or empty when it is not one. */
  public Optional<Announcement> announcement(String message) {
    int space = message.lastIndexOf(' ');
    if (space < 0 || !message.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Announcement(
              message.substring(prefix.length(), space),
              Change.valueOf(message.substring(space + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The API accepted the submission (written by the API only). Does nothing if the submission
   * already has a state.
   */
  public void queued(String id, String problemId, String language, long createdAt) {
    queued(id, problemId, language, createdAt, null);
  }

  /**
   * The API accepted {@code owner}'s submission (null: no owner; written by the API only). Does
   * nothing if the submission already has a state.
   */
  public void queued(String id, String problemId, String language, long createdAt, String owner) {
    queued(id, problemId, language, createdAt, owner, null);
  }

  /**
   * The API accepted {@code owner}'s submission, whose result goes to {@code callbackUrl} (null:
   * nowhere) once done (written by the API only). Does nothing if the submission already has a
   * state.
   */
  public void queued(
      String id,
      String problemId,
      String language,
      long createdAt,
      String owner,
      String callbackUrl) {
    eval(
        QUEUED_SCRIPT,
        id,
        problemId,
        language,
        Long.toString(createdAt),
        owner == null ? "" : owner,
        callbackUrl == null ? "" : callbackUrl);
  }

  /** A worker slot started the submission (written by the worker's slot only). */
  public void running(String id, long startedAt, String worker) {
    eval(RUNNING_SCRIPT, id, Long.toString(startedAt), worker);
  }

  /** One test finished (written by the worker only). */
  public void testFinished(String id, int index, TestResult result) {
    testsFinished(id, index, List.of(result));
  }

  /**
   * Consecutive tests finished, the first of them being test {@code firstIndex} (written by the
   * worker only).
   */
  public void testsFinished(String id, int firstIndex, List<TestResult> results) {
    String[] fields = new String[results.size() * 2];
    for (int i = 0; i < results.size(); i++) {
      fields[2 * i] = "test:" + (firstIndex + i);
      fields[2 * i + 1] = json(results.get(i));
    }
    eval(TEST_SCRIPT, id, fields);
  }

  /**
   * The submission is graded; the final outcome replaces any progress. Written by the dispatcher
   * only, once the outcome is stored in MongoDB.
   */
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
    int inOrder;
    if (result != null) {
      tests = result.tests();
      inOrder = tests.size();
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
      inOrder = 0;
      while (byIndex.containsKey(inOrder)) {
        inOrder++;
      }
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
            result,
            fields.get("owner"),
            inOrder,
            fields.get("callbackUrl")));
  }

  public void delete(String id) {
    redis.del(key(id));
  }

  private void eval(String script, String id, String... args) {
    List<String> argv = new ArrayList<>(args.length + 1);
    argv.add(ttl);
    argv.addAll(List.of(args));
    try (Timer.Context ignored = writeTimer.time()) {
      scripts.eval(script, List.of(key(id), channel), argv);
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

  /**
   * {@code body} run only when the submission has no state yet or the state table allows the change
   * from its state to {@code to}.
   */
  private static String guarded(SubmissionState to, String body) {
    StringBuilder from = new StringBuilder("{");
    for (SubmissionState state : SubmissionStateMachine.sourcesOf(to)) {
      from.append(state.name()).append("=true,");
    }
    from.append('}');
    return "local from = redis.call('HGET', KEYS[1], 'state')\n"
        + "if not from or ("
        + from
        + ")[from] then\n"
        + body
        + "end\n";
  }

  private static long parseLong(String value) {
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }
}
