package dev.verdict.worker.language;

import dev.verdict.common.config.LanguageConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The languages this worker offers, by name. */
public final class Languages {
  private final Map<String, Language> byName;

  /**
   * @param configs the enabled languages of the configuration
   * @param javaHome the JDK substituted for {@code {javaHome}}
   */
  public Languages(Map<String, LanguageConfig> configs, String javaHome) {
    Map<String, Language> languages = new TreeMap<>();
    configs.forEach((name, config) -> languages.put(name, new Language(name, config, javaHome)));
    this.byName = Collections.unmodifiableMap(languages);
  }

  public Optional<Language> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Map<String, Language> all() {
    return byName;
  }
}
