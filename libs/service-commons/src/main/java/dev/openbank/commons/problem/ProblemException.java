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

  public Problem problem() {
    return problem;
  }
}
