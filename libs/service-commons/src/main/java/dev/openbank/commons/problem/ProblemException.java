package dev.openbank.commons.problem;

/**
 * Thrown for an expected failure that the client must be told about; mapped to problem+json as is.
 * Carries no stack trace: it is an answer, not a bug.
 */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  /**
   * A 400 naming every invalid field (sorted), the first one as {@code field}; for rules that span
   * fields, which bean validation cannot express.
   */
  public static ProblemException invalid(String title, java.util.List<Problem.FieldError> errors) {
    java.util.List<Problem.FieldError> sorted =
        errors.stream().sorted(java.util.Comparator.comparing(Problem.FieldError::field)).toList();
    Problem.FieldError first = sorted.get(0);
    ProblemType t = ProblemType.INVALID_REQUEST;
    return new ProblemException(
        new Problem(
            t.uri(),
            title,
            t.status(),
            sorted.size() + " error(s), first: " + first.field() + ": " + first.detail(),
            first.field(),
            sorted));
  }

  public Problem problem() {
    return problem;
  }
}
