package dev.verdict.common.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs Lua scripts by their SHA-1 ({@code EVALSHA}), so Redis parses each script once rather than
 * on every call; a script Redis has forgotten (a restart, {@code SCRIPT FLUSH}) is sent again.
 */
public final class LuaScripts {
  private final JedisPooled redis;
  private final Map<String, String> shas = new ConcurrentHashMap<>();

  public LuaScripts(JedisPooled redis) {
    this.redis = redis;
  }

  public Object eval(String script, List<String> keys, List<String> args) {
    String sha = shas.computeIfAbsent(script, LuaScripts::sha1);
    try {
      return redis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(script, keys, args);
    }
  }

  private static String sha1(String script) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-1")
              .digest(script.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
