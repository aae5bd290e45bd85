package dev.verdict.api.access;

import dev.verdict.common.access.Role;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code submitter}, {@code staff} or {@code admin} from the command line. */
final class RoleConverter implements ITypeConverter<Role> {
  @Override
  public Role convert(String value) {
    try {
      return Role.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
