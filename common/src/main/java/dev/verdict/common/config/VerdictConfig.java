package dev.verdict.common.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * The whole configuration of a Verdict deployment: every component reads the same file and uses its
 * own section.
 *
 * @param namespace prefix of every queue, exchange and Redis key, so several deployments (or test
 *     runs) can share one RabbitMQ and one Redis
 * @param jobe the API's Jobe-compatible facade
 */
public record VerdictConfig(
    String namespace,
    RabbitConfig rabbitmq,
    RedisConfig redis,
    MongoConfig mongo,
    ApiConfig api,
    DispatcherConfig dispatcher,
    WorkerConfig worker,
    LimitsConfig limits,
    Map<String, LanguageConfig> languages,
    ProblemsConfig problems,
    JobeConfig jobe,
    WebhookConfig webhooks) {

  public static final String DEFAULT_NAMESPACE = "verdict";

  public VerdictConfig {
    namespace = Check.namePart("namespace", namespace, DEFAULT_NAMESPACE);
    rabbitmq = rabbitmq == null ? RabbitConfig.defaults() : rabbitmq;
    redis = redis == null ? RedisConfig.defaults() : redis;
    mongo = mongo == null ? MongoConfig.defaults() : mongo;
    api = api == null ? ApiConfig.defaults() : api;
    dispatcher = dispatcher == null ? DispatcherConfig.defaults() : dispatcher;
    worker = worker == null ? WorkerConfig.defaults() : worker;
    limits = limits == null ? LimitsConfig.defaults() : limits;
    languages = languages == null ? Map.of() : new TreeMap<>(languages);
    problems = problems == null ? ProblemsConfig.defaults() : problems;
    jobe = jobe == null ? JobeConfig.defaults() : jobe;
    webhooks = webhooks == null ? WebhookConfig.defaults() : webhooks;
    if (api.publishedFlagIntervalMs() >= dispatcher.outboxGraceMs()) {
      throw new ConfigException(
          "api.publishedFlagIntervalMs must be below dispatcher.outboxGraceMs ("
              + dispatcher.outboxGraceMs()
              + "), was "
              + api.publishedFlagIntervalMs());
    }
    for (String name : languages.keySet()) {
      if (!name.matches("[a-z][a-z0-9+_-]{0,31}")) {
        throw new ConfigException(
            "languages: a language name must be lower-case letters, digits, '+', '_' or '-', was '"
                + name
                + "'");
      }
    }
  }

  /** The enabled languages, by name. */
  public Map<String, LanguageConfig> enabledLanguages() {
    Map<String, LanguageConfig> enabled = new TreeMap<>();
    languages.forEach(
        (name, language) -> {
          if (language.enabled()) {
            enabled.put(name, language);
          }
        });
    return enabled;
  }

  public VerdictConfig withNamespace(String newNamespace) {
    return new VerdictConfig(
        newNamespace,
        rabbitmq,
        redis,
        mongo,
        api,
        dispatcher,
        worker,
        limits,
        languages,
        problems,
        jobe,
        webhooks);
  }
}
