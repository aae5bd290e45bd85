package dev.verdict.worker.slot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Exclusive use of CPU cores on one host, shared by every worker process there: a core is graded on
 * by at most one slot. Each core is a Redis key {@code {ns}:cores:{host}:{core}} holding the owning
 * worker's id with an expiry, renewed while the worker lives; a crashed worker's cores come back
 * when its keys expire.
 *
 * <p>A worker that starts right after another one on this machine was killed need not wait for the
 * expiry: a core held by a worker whose id ({@link WorkerIds}) names this machine's host name and a
 * process that no longer exists here is taken over at once, atomically (only if that dead worker
 * still holds it). Hence workers that share a host id but not a PID namespace (containers) must
 * have distinct host names, or one would take a live worker's cores.
 */
public final class CoreLeases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoreLeases.class);
  private static final String RENEW =
      """
      local owner = redis.call('GET', KEYS[1])
      if owner == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      elseif owner == false then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      end
      return 0
      """;
  private static final String TAKE_OVER =
      """
      local owner = redis.call('GET', KEYS[1])
      if owner == ARGV[1] or owner == false then
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
      end
      return 0
      """;
  private static final String RELEASE =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  private final JedisPooled redis;
  private final String prefix;
  private final String owner;
  private final String hostName;
  private final long ttlMillis;
  private final Map<Integer, Boolean> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService renewer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "core-lease-renewer"));

  /**
   * Leases on the machine this process runs on, named by its kernel host name.
   *
   * @param host the identity of the machine whose cores these are (all workers on one machine must
   *     agree on it)
   * @param owner this worker's id
   */
  public CoreLeases(JedisPooled redis, String namespace, String host, String owner, Duration ttl) {
    this(redis, namespace, host, WorkerIds.localHostName(), owner, ttl);
  }

  /**
   * @param host the identity of the machine whose cores these are (all workers on one machine must
   *     agree on it)
   * @param hostName the host name in the ids of this machine's workers ({@link WorkerIds#next})
   * @param owner this worker's id
   */
  public CoreLeases(
      JedisPooled redis,
      String namespace,
      String host,
      String hostName,
      String owner,
      Duration ttl) {
    this.redis = redis;
    this.prefix = namespace + ":cores:" + host + ":";
    this.hostName = hostName;
    this.owner = owner;
    this.ttlMillis = ttl.toMillis();
    long period = Math.max(100, ttlMillis / 3);
    var unused = renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Leases up to {@code wanted} of the candidate cores, in order, skipping cores another live
   * worker holds; a core held by a dead worker of this machine is taken over.
   *
   * @return the cores now held by this worker, possibly fewer than wanted
   */
  public List<Integer> acquire(List<Integer> candidates, int wanted) {
    List<Integer> taken = new ArrayList<>();
    for (int core : candidates) {
      if (taken.size() == wanted) {
        break;
      }
      if (lease(core)) {
        held.put(core, true);
        taken.add(core);
      }
    }
    return taken;
  }

  private boolean lease(int core) {
    String result = redis.set(key(core), owner, SetParams.setParams().nx().px(ttlMillis));
    if ("OK".equals(result)) {
      return true;
    }
    String holder = redis.get(key(core));
    if (owner.equals(holder)) {
      return true;
    }
    OptionalLong deadPid = deadLocalPid(holder);
    if (deadPid.isPresent()) {
      Object swapped =
          redis.eval(
              TAKE_OVER, List.of(key(core)), List.of(holder, owner, Long.toString(ttlMillis)));
      if (Long.valueOf(1).equals(swapped)) {
        LOG.warn(
            "core {} taken over from worker {}: its process {} is gone from this host",
            core,
            holder,
            deadPid.getAsLong());
        return true;
      }
      holder = redis.get(key(core));
    }
    LOG.info("core {} is leased by {}", core, holder);
    return false;
  }

  /** The pid of {@code holder} if it is a worker of this machine whose process is gone. */
  private OptionalLong deadLocalPid(String holder) {
    OptionalLong pid = WorkerIds.pidOn(hostName, holder);
    if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).isEmpty()) {
      return pid;
    }
    return OptionalLong.empty();
  }

  /** The worker holding {@code core}, or null. */
  public String holder(int core) {
    return redis.get(key(core));
  }

  private void renew() {
    for (int core : held.keySet()) {
      try {
        Object renewed =
            redis.eval(RENEW, List.of(key(core)), List.of(owner, Long.toString(ttlMillis)));
        if (!Long.valueOf(1).equals(renewed)) {
          LOG.error(
              "core {} is now leased by {}: two slots may share it until one stops",
              core,
              redis.get(key(core)));
        }
      } catch (RuntimeException e) {
        LOG.warn("could not renew the lease of core {}: {}", core, e.toString());
      }
    }
  }

  private String key(int core) {
    return prefix + core;
  }

  /** Stops renewing and gives every held core back at once. */
  @Override
  public void close() {
    renewer.shutdownNow();
    for (int core : held.keySet()) {
      try {
        redis.eval(RELEASE, List.of(key(core)), List.of(owner));
      } catch (RuntimeException e) {
        LOG.warn("could not release core {} (its lease will expire): {}", core, e.toString());
      }
    }
    held.clear();
  }
}
