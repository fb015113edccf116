package dev.openbank.ais.service;

import dev.openbank.ais.config.AisConfig;
import dev.openbank.ais.domain.ConsentTerms;
import dev.openbank.ais.domain.TransactionRecord;
import dev.openbank.ais.repository.AccountDataRepository;
import dev.openbank.ais.repository.ConsentRepository;
import dev.openbank.ais.repository.JobRepository;
import dev.openbank.ais.repository.JobRow;
import dev.openbank.commons.schedule.Work;
import dev.openbank.xs2a.client.Xs2aClient;
import dev.openbank.xs2a.client.Xs2aException;
import dev.openbank.xs2a.model.Accounts.AccountDetails;
import dev.openbank.xs2a.model.Accounts.Balance;
import dev.openbank.xs2a.model.Accounts.Transaction;
import dev.openbank.xs2a.model.Accounts.TransactionReport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs one data job: reads the consent's accounts, then each account's balances and transactions
 * (as far as the scope covers), from the bank over XS2A, and stores them with the job's completion
 * in one transaction. Reads are unattended (no PSU-IP-Address), each job one of the consent's reads
 * a day at the bank, unless the client asked for the job with the end user present (attended: the
 * end user's address is sent as PSU-IP-Address, and the bank does not count the read).
 *
 * <p>The first job after authorisation asks for the full history; a bank that no longer allows it
 * (its minutes after SCA are over: {@code PERIOD_INVALID}) is asked for the last 90 days. A bank
 * refusal (4xx) fails the job at once with the bank's code; a bank fault (5xx, timeout, open
 * circuit) is tried again later, up to {@code openbank.ais.job-attempts}.
 */
@ApplicationScoped
public class JobRunner {

  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  /** What one account gave. */
  record Fetched(
      AccountDetails account,
      List<Balance> balances,
      List<TransactionRecord> booked,
      List<TransactionRecord> pending) {}

  private final ConsentRepository consents;
  private final JobRepository jobs;
  private final AccountDataRepository data;
  private final JobService service;
  private final Xs2aClient xs2a;
  private final AisConfig config;

  public JobRunner(
      ConsentRepository consents,
      JobRepository jobs,
      AccountDataRepository data,
      JobService service,
      Xs2aClient xs2a,
      AisConfig config) {
    this.consents = consents;
    this.jobs = jobs;
    this.data = data;
    this.service = service;
    this.xs2a = xs2a;
    this.config = config;
  }

  public Uni<Void> run(JobRow job) {
    return consents
        .find(job.consentId())
        .chain(
            c -> {
              if (c == null || !c.readableAtBank()) {
                return service.fail(
                    job,
                    JobService.notReadableCode(c),
                    "the consent is " + (c == null ? "unknown" : c.status()));
              }
              LocalDate today = LocalDate.now(ZoneOffset.UTC);
              return fetch(c, job, today)
                  .chain(fetched -> service.complete(job, tx -> store(tx, c, fetched)))
                  .onFailure()
                  .recoverWithUni(e -> failed(job, e));
            });
  }

  private Uni<List<Fetched>> fetch(ConsentTerms c, JobRow job, LocalDate today) {
    return xs2a.getAccounts(c.baseUrl(), c.bankConsentId(), job.psuIpAddress())
        .chain(
            list -> {
              List<AccountDetails> accounts = list.accounts() == null ? List.of() : list.accounts();
              return Multi.createFrom()
                  .iterable(accounts)
                  .onItem()
                  .transformToUniAndConcatenate(a -> fetchAccount(c, job, a, today))
                  .collect()
                  .asList();
            });
  }

  private Uni<Fetched> fetchAccount(ConsentTerms c, JobRow job, AccountDetails a, LocalDate today) {
    Uni<List<Balance>> balances =
        c.covers("balances")
            ? xs2a.getBalances(c.baseUrl(), c.bankConsentId(), job.psuIpAddress(), a.resourceId())
                .map(r -> r.balances() == null ? List.<Balance>of() : r.balances())
            : Uni.createFrom().item(List.of());
    return balances.chain(
        b -> {
          if (!c.covers("transactions")) {
            return Uni.createFrom().item(new Fetched(a, b, List.of(), List.of()));
          }
          LocalDate recent = today.minusDays(config.historyDays());
          return job.fullHistory()
              ? transactions(c, job, a, b, today.minusDays(config.fullHistoryDays()), today)
                  .onFailure(JobRunner::periodRefused)
                  .recoverWithUni(() -> transactions(c, job, a, b, recent, today))
              : transactions(c, job, a, b, recent, today);
        });
  }

  private static boolean periodRefused(Throwable e) {
    return "PERIOD_INVALID".equals(Xs2aException.codeOf(e));
  }

  /** Every page of the account's booked and pending entries from {@code from}. */
  private Uni<Fetched> transactions(
      ConsentTerms c,
      JobRow job,
      AccountDetails a,
      List<Balance> balances,
      LocalDate from,
      LocalDate today) {
    List<TransactionRecord> booked = new ArrayList<>();
    List<TransactionRecord> pending = new ArrayList<>();
    return page(c, job.psuIpAddress(), a, from, null, booked, pending, today)
        .replaceWith(() -> new Fetched(a, balances, booked, pending));
  }

  private Uni<Void> page(
      ConsentTerms c,
      String psuIpAddress,
      AccountDetails a,
      LocalDate from,
      Integer pageIndex,
      List<TransactionRecord> booked,
      List<TransactionRecord> pending,
      LocalDate today) {
    return xs2a.getTransactions(
            c.baseUrl(),
            c.bankConsentId(),
            psuIpAddress,
            a.resourceId(),
            "both",
            from,
            null,
            pageIndex)
        .chain(
            (TransactionReport report) -> {
              if (report.transactions() != null) {
                add(report.transactions().booked(), "booked", booked, today);
                add(report.transactions().pending(), "pending", pending, today);
              }
              Integer next = Xs2aClient.nextPageIndex(report);
              return next == null
                  ? Uni.createFrom().voidItem()
                  : page(c, psuIpAddress, a, from, next, booked, pending, today);
            });
  }

  private static void add(
      List<Transaction> entries, String status, List<TransactionRecord> to, LocalDate today) {
    if (entries != null) {
      for (Transaction t : entries) {
        to.add(TransactionRecord.of(t, status, today));
      }
    }
  }

  /** Stores what the job read; returns {accounts, balances, transactions added or changed}. */
  private Uni<int[]> store(SqlConnection tx, ConsentTerms c, List<Fetched> fetched) {
    int[] counts = {fetched.size(), 0, 0};
    return Work.inOrder(
            fetched,
            f ->
                data.upsertAccount(tx, c.clientId(), c.id(), f.account())
                    .chain(
                        id ->
                            data.upsertBalances(tx, c.clientId(), c.id(), id, f.balances())
                                .invoke(n -> counts[1] += f.balances().size())
                                .chain(
                                    () ->
                                        c.covers("transactions")
                                            ? data.storeTransactions(
                                                tx,
                                                c.clientId(),
                                                c.id(),
                                                id,
                                                f.booked(),
                                                f.pending())
                                            : Uni.createFrom().item(0))
                                .invoke(n -> counts[2] += n))
                    .replaceWithVoid())
        .replaceWith(counts);
  }

  /**
   * Data the bank sent that cannot be mapped (a missing or malformed amount) or stored (a value
   * PostgreSQL refuses: SQLSTATE class 22 data exception, 23 integrity constraint).
   */
  static boolean badBankData(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException || c instanceof NullPointerException) {
        return true;
      }
      if (c instanceof io.vertx.pgclient.PgException pg
          && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"))) {
        return true;
      }
    }
    return false;
  }

  private static String safeError(Throwable e) {
    String code = Xs2aException.codeOf(e);
    return "bank fault, trying again: " + (code != null ? code : e.getClass().getSimpleName());
  }

  private Uni<Void> failed(JobRow job, Throwable e) {
    Xs2aException refusal = Xs2aClient.refusal(e);
    if (refusal != null) {
      LOG.infof("job %s: the bank refused: %s", job.id(), Xs2aException.describe(e));
      return service.fail(
          job,
          refusal.code() == null ? "bank_refused" : refusal.code(),
          "the bank refused the read (" + refusal.status() + ")");
    }
    if (badBankData(e)) {
      // reading again gives the same data: fail now, with a code of its own
      LOG.warnf(e, "job %s: the bank's data does not fit", job.id());
      return service.fail(job, "bank_data_invalid", "the bank returned data that cannot be stored");
    }
    if (!(e instanceof dev.openbank.commons.problem.ProblemException)
        && job.attempts() < config.jobAttempts()) {
      Duration wait = config.retryFirst().multipliedBy((long) Math.pow(3, job.attempts() - 1));
      LOG.warnf(
          "job %s attempt %d: %s; trying again in %s",
          job.id(), job.attempts(), Xs2aException.describe(e), wait);
      // what clients may read in jobs/get: the bank's code or the kind of fault, never its address
      return jobs.retryAt(job, Instant.now().plus(wait), safeError(e));
    }
    LOG.warnf(e, "job %s failed after %d attempts", job.id(), job.attempts());
    return service.fail(
        job, "bank_unavailable", "the bank could not be read (" + job.attempts() + " attempts)");
  }
}
