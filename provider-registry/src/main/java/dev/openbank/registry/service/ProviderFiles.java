package dev.openbank.registry.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.openbank.commons.problem.Problem.FieldError;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemMapper;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.registry.config.RegistryConfig;
import dev.openbank.registry.domain.ProviderFile;
import dev.openbank.registry.domain.ProviderRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks a provider file, YAML or JSON (JSON is YAML, so one parser reads both). A file
 * with any error is rejected whole, with every error naming its entry and field.
 */
@ApplicationScoped
public class ProviderFiles {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final Validator validator;
  private final RegistryConfig config;

  public ProviderFiles(Validator validator, RegistryConfig config) {
    this.validator = validator;
    this.config = config;
  }

  /**
   * The parsed, valid file.
   *
   * @throws ProblemException 400 with every error when the file is malformed or invalid
   */
  public ProviderFile read(String content) {
    ProviderFile file;
    try {
      file = YAML.readValue(content, ProviderFile.class);
    } catch (JsonMappingException e) {
      String field = ProblemMapper.jsonPath(e.getPath());
      throw invalid(List.of(new FieldError(field == null ? "" : field, "invalid value")));
    } catch (JsonProcessingException e) {
      throw ProblemType.MALFORMED_JSON.exception(
          "the provider file is not valid YAML or JSON: " + e.getOriginalMessage());
    }
    if (file == null) {
      throw invalid(List.of(new FieldError("providers", "must not be empty")));
    }
    List<FieldError> errors = new ArrayList<>();
    validator
        .validate(file)
        .forEach(v -> errors.add(new FieldError(ProblemMapper.fieldOf(v), v.getMessage())));
    if (errors.isEmpty()) {
      errors.addAll(ProviderRules.check(file, config.sandboxBankUrl()));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return file;
  }

  private static ProblemException invalid(List<FieldError> errors) {
    return ProblemException.invalid("The provider file is invalid; nothing was imported", errors);
  }
}
