package dev.verdict.common.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A service a test runs against, connected once per test class and giving every test (or every
 * class) a namespace of its own that is removed afterwards. Register a subclass with
 * {@code @RegisterExtension}: on a static field for {@code perClass()} (one namespace shared by the
 * class's tests) or {@code perTest()} (a new namespace for each test); {@code perTest()} also works
 * on an instance field, connecting for each test.
 *
 * <p>A service that cannot be reached fails the test class; nothing is ever skipped.
 */
public abstract class ServiceExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** How long a namespace lives. */
  protected enum Scope {
    PER_CLASS,
    PER_TEST
  }

  private final Scope scope;
  private String owner;
  private boolean connectedForOneTest;
  private String namespace;

  protected ServiceExtension(Scope scope) {
    this.scope = scope;
  }

  /** Connects to the service; throws, naming the service and its address, when it is not there. */
  protected abstract void connect(ExtensionContext context);

  /** Makes {@code namespace} the current one; it is new, so nothing of it exists yet. */
  protected abstract void enter(String namespace);

  /** Removes everything stored under the current namespace. */
  protected abstract void clean(String namespace);

  /** Closes what {@link #connect} opened. */
  protected abstract void disconnect();

  /** The current namespace, e.g. {@code verdict-test-3f2a9c1b04d7}. */
  public String namespace() {
    if (namespace == null) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " has no namespace outside a test or its class callbacks");
    }
    return namespace;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (owner != null) {
      // why: a @Nested class inherits its enclosing class's extensions and calls them again.
      return;
    }
    connect(context);
    owner = context.getUniqueId();
    if (scope == Scope.PER_CLASS) {
      begin(Namespaces.unique());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!context.getUniqueId().equals(owner)) {
      return;
    }
    try {
      if (scope == Scope.PER_CLASS) {
        end();
      }
    } finally {
      owner = null;
      disconnect();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (owner == null && !connectedForOneTest) {
      if (scope == Scope.PER_CLASS) {
        throw new ExtensionConfigurationException(
            getClass().getSimpleName() + ".perClass() must be registered on a static field");
      }
      connect(context);
      connectedForOneTest = true;
    }
    if (scope == Scope.PER_TEST) {
      begin(Namespaces.unique());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (scope == Scope.PER_TEST) {
        end();
      }
    } finally {
      if (connectedForOneTest) {
        connectedForOneTest = false;
        disconnect();
      }
    }
  }

  /** Starts {@code newNamespace}; a composite extension gives its parts its own. */
  void begin(String newNamespace) {
    namespace = newNamespace;
    enter(newNamespace);
  }

  /** Cleans and leaves the current namespace. */
  void end() {
    try {
      clean(namespace);
    } finally {
      namespace = null;
    }
  }
}
