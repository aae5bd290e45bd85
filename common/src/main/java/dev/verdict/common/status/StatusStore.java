package dev.verdict.common.status;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.codec.Json;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.redis.LuaScripts;
import dev.verdict.common.submission.GradingSummary;
import dev.verdict.common.submission.Submission;
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
 * <p>Each state has one writer: the API writes QUEUED ({@link #queued}; a rejudge, in the
 * dispatcher, the QUEUED of a new grading: {@link #requeued}), the worker's slot RUNNING and the
 * per-test progress ({@link #running}, {@link #testsFinished}), the dispatcher DONE ({@link
 * #done}), after the result is stored in MongoDB. The worker writes straight to Redis, not through
 * the broker (the worker's {@code ProgressReporter} says why); its writes may be lost, the
 * dispatcher's may not.
 *
 * <p>Every change but the first (the API's QUEUED) is announced on {@link #channel()}.
 *
 * <p>Fields: {@code state}, {@code problem}, {@code language}, {@code createdAt}, {@code
 * startedAt}, {@code worker}, {@code test:<index>} (a test result as JSON), {@code finishedAt},
 * {@code result} (the final outcome as JSON), {@code owner} (the token name that submitted it),
 * {@code callbackUrl} (where the result is POSTed, if anywhere), {@code problemVersion}, {@code
 * grading} (the current grading's number; absent: 1), and for a rejudged submission {@code
 * rejudge}, {@code queuedAt} and {@code gradings} (the earlier gradings' summaries as JSON).
 */
public final class StatusStore {
  // why: each script's guard is built from SubmissionStateMachine, so Redis allows exactly the
  // changes MongoDB does. A missing state (the hash expired, or its first write failed) is allowed
  // too: Redis is the live view, and the writer's change is the best it can show. Within a
  // grading the table decides; a write of an older grading than the hash's is refused, so late
  // progress or a redelivered start of a grading a rejudge replaced never shows.
  /**
   * QUEUED: the API's for a new submission, a rejudge's for a new grading (only of a newer grading
   * than the hash's). A fresh hash, replacing whatever the finished grading left.
   */
  private static final String QUEUED_SCRIPT =
      guarded(
              SubmissionState.QUEUED,
              6,
              "mine > grading",
              """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'problem', ARGV[2], 'language', ARGV[3],
                       'createdAt', ARGV[4], 'grading', ARGV[6])
            local optional = {owner = ARGV[5], problemVersion = ARGV[7], rejudge = ARGV[8],
                              queuedAt = ARGV[9], gradings = ARGV[10], callbackUrl = ARGV[11]}
            for field, value in pairs(optional) do
              if value ~= '' then
                redis.call('HSET', KEYS[1], field, value)
              end
            end
            if mine > 1 then
              redis.call('PUBLISH', KEYS[2], KEYS[1] .. ' QUEUED')
            end
          """)
          + """
          redis.call('EXPIRE', KEYS[1], ARGV[1])
          """;

  /** A slot's RUNNING, with when and where. */
  private static final String RUNNING_SCRIPT =
      guarded(
          SubmissionState.RUNNING,
          4,
          "mine == grading",
          """
            redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'startedAt', ARGV[2], 'worker', ARGV[3],
                       'grading', ARGV[4])
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('PUBLISH', KEYS[2], KEYS[1] .. ' RUNNING')
          """);

  /** A slot's test results: RUNNING (if the start was not recorded) with the results. */
  private static final String TEST_SCRIPT =
      guarded(
          SubmissionState.RUNNING,
          2,
          "mine == grading",
          """
            redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'grading', ARGV[2], unpack(ARGV, 3))
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('PUBLISH', KEYS[2], KEYS[1] .. ' TESTS')
          """);

  /**
   * The dispatcher's DONE, with the final outcome. Also from any state of an older grading: the
   * dispatcher writes DONE only once MongoDB recorded it, so a newer grading's result is the one to
   * show even if its QUEUED never reached Redis.
   */
  private static final String DONE_SCRIPT =
      guarded(
          SubmissionState.DONE,
          7,
          "mine == grading",
          "mine > grading",
          """
            redis.call('HSET', KEYS[1], 'state', 'DONE', 'finishedAt', ARGV[2], 'result', ARGV[3],
                       'problem', ARGV[4], 'language', ARGV[5], 'createdAt', ARGV[6],
                       'grading', ARGV[7])
            if ARGV[8] ~= '' then
              redis.call('HSET', KEYS[1], 'problemVersion', ARGV[8])
            end
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
    /** A rejudge queued a new grading of the submission. */
    QUEUED,
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
    queued(id, problemId, null, language, createdAt, owner, callbackUrl);
  }

  /**
   * The API accepted {@code owner}'s submission to version {@code problemVersion} of its problem,
   * whose result goes to {@code callbackUrl} (null: nowhere) once done (written by the API only).
   * Does nothing if the submission already has a state.
   */
  public void queued(
      String id,
      String problemId,
      String problemVersion,
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
        "1",
        problemVersion == null ? "" : problemVersion,
        "",
        "",
        "",
        callbackUrl == null ? "" : callbackUrl);
  }

  /**
   * A rejudge queued a new grading of {@code submission}, as stored (written by the dispatcher that
   * runs the rejudge, after MongoDB). Does nothing if the hash already shows this grading or a
   * newer one. Announced as {@link Change#QUEUED}.
   */
  public void requeued(Submission submission) {
    List<GradingSummary> earlier = submission.gradings().stream().map(GradingSummary::of).toList();
    eval(
        QUEUED_SCRIPT,
        submission.id(),
        submission.problemId(),
        submission.language(),
        Long.toString(submission.createdAt()),
        submission.owner() == null ? "" : submission.owner(),
        Integer.toString(submission.grading()),
        submission.problemVersion(),
        submission.rejudge() == null ? "" : submission.rejudge(),
        Long.toString(submission.queuedAt()),
        json(earlier),
        submission.callbackUrl() == null ? "" : submission.callbackUrl());
  }

  /** A worker slot started the submission's first grading (written by the worker's slot only). */
  public void running(String id, long startedAt, String worker) {
    running(id, 1, startedAt, worker);
  }

  /** A worker slot started grading {@code grading} (written by the worker's slot only). */
  public void running(String id, int grading, long startedAt, String worker) {
    eval(RUNNING_SCRIPT, id, Long.toString(startedAt), worker, Integer.toString(grading));
  }

  /** One test of the first grading finished (written by the worker only). */
  public void testFinished(String id, int index, TestResult result) {
    testsFinished(id, index, List.of(result));
  }

  /**
   * Consecutive tests of the first grading finished, the first of them being test {@code
   * firstIndex} (written by the worker only).
   */
  public void testsFinished(String id, int firstIndex, List<TestResult> results) {
    testsFinished(id, 1, firstIndex, results);
  }

  /**
   * Consecutive tests of grading {@code grading} finished, the first of them being test {@code
   * firstIndex} (written by the worker only).
   */
  public void testsFinished(String id, int grading, int firstIndex, List<TestResult> results) {
    String[] fields = new String[results.size() * 2 + 1];
    fields[0] = Integer.toString(grading);
    for (int i = 0; i < results.size(); i++) {
      fields[2 * i + 1] = "test:" + (firstIndex + i);
      fields[2 * i + 2] = json(results.get(i));
    }
    eval(TEST_SCRIPT, id, fields);
  }

  /**
   * The submission's first grading is done; see {@link #done(String, String, String, String, long,
   * int, GradingOutcome, long)}.
   */
  public void done(
      String id,
      String problemId,
      String language,
      long createdAt,
      GradingOutcome outcome,
      long finishedAt) {
    done(id, problemId, null, language, createdAt, 1, outcome, finishedAt);
  }

  /**
   * Grading {@code grading} of the submission is done; the final outcome replaces any progress.
   * Written by the dispatcher only, once the outcome is stored in MongoDB.
   */
  public void done(
      String id,
      String problemId,
      String problemVersion,
      String language,
      long createdAt,
      int grading,
      GradingOutcome outcome,
      long finishedAt) {
    eval(
        DONE_SCRIPT,
        id,
        Long.toString(finishedAt),
        json(outcome),
        problemId,
        language,
        Long.toString(createdAt),
        Integer.toString(grading),
        problemVersion == null ? "" : problemVersion);
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
            fields.get("callbackUrl"),
            fields.get("problemVersion"),
            (int) parseLong(fields.get("grading")),
            fields.get("rejudge"),
            parseLong(fields.get("queuedAt")),
            fields.containsKey("gradings")
                ? List.of(read(fields.get("gradings"), GradingSummary[].class))
                : List.of()));
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
   * {@code body} run only when the submission has no state yet, or when the hash's grading and the
   * write's ({@code ARGV[gradingArg]}, as {@code mine}) meet {@code sameTable} and the state table
   * allows the change from its state to {@code to}.
   */
  private static String guarded(SubmissionState to, int gradingArg, String sameTable, String body) {
    return guarded(to, gradingArg, sameTable, "false", body);
  }

  /** As above, and also whenever {@code anyState} holds, whatever the state. */
  private static String guarded(
      SubmissionState to, int gradingArg, String sameTable, String anyState, String body) {
    StringBuilder from = new StringBuilder("{");
    for (SubmissionState state : SubmissionStateMachine.sourcesOf(to)) {
      from.append(state.name()).append("=true,");
    }
    from.append('}');
    return "local from = redis.call('HGET', KEYS[1], 'state')\n"
        + "local grading = tonumber(redis.call('HGET', KEYS[1], 'grading') or '1')\n"
        + "local mine = tonumber(ARGV["
        + gradingArg
        + "])\n"
        + "if not from or (("
        + from
        + ")[from] and "
        + sameTable
        + ") or "
        + anyState
        + " then\n"
        + body
        + "end\n";
  }

  private static long parseLong(String value) {
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }
}
