package dev.openbank.ais.rest;

import dev.openbank.ais.domain.AccountData.Balance;
import dev.openbank.ais.domain.AccountData.Transaction;
import dev.openbank.ais.repository.AccountDataRepository;
import dev.openbank.ais.repository.AccountDataRepository.BalanceKey;
import dev.openbank.ais.repository.AccountDataRepository.TransactionKey;
import dev.openbank.ais.rest.AisDtos.AccountFilter;
import dev.openbank.ais.rest.AisDtos.Accounts;
import dev.openbank.ais.rest.AisDtos.BalanceFilter;
import dev.openbank.ais.rest.AisDtos.Balances;
import dev.openbank.ais.rest.AisDtos.ListAccounts;
import dev.openbank.ais.rest.AisDtos.ListBalances;
import dev.openbank.ais.rest.AisDtos.ListTransactions;
import dev.openbank.ais.rest.AisDtos.TransactionFilter;
import dev.openbank.ais.rest.AisDtos.Transactions;
import dev.openbank.commons.cursor.CursorCodec;
import dev.openbank.commons.page.PageInfo;
import dev.openbank.commons.page.PageRequest;
import dev.openbank.commons.problem.Problem.FieldError;
import dev.openbank.commons.problem.ProblemException;
import dev.openbank.commons.problem.ProblemType;
import dev.openbank.commons.security.ResourceServerAuthMechanism;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code POST /v2/ais/accounts|balances|transactions/list} (seed 004 Data API): the data stored by
 * the consent's jobs, only what its scope covers, while it is in force. Balances and transactions
 * are keyset pages (newest first) with opaque cursors bound to the client, consent and filters.
 */
@Path("/v2/ais")
@RolesAllowed("ais")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DataResource {

  private static final TransactionFilter NO_TX_FILTER =
      new TransactionFilter(null, null, null, null, null, null, null);
  private static final BalanceFilter NO_BALANCE_FILTER = new BalanceFilter(null, null, null);

  private final AccountDataRepository data;
  private final ReadAccess access;
  private final CursorCodec cursors;
  private final SecurityIdentity identity;

  public DataResource(
      AccountDataRepository data,
      ReadAccess access,
      CursorCodec cursors,
      SecurityIdentity identity) {
    this.data = data;
    this.access = access;
    this.cursors = cursors;
    this.identity = identity;
  }

  @POST
  @Path("/accounts/list")
  public Uni<Accounts> accounts(
      @Valid @NotNull ListAccounts body, @HeaderParam(ReadAccess.DEVICE_HEADER) String deviceId) {
    String clientId = clientId();
    AccountFilter f = body.filter() == null ? new AccountFilter(null, null) : body.filter();
    return access
        .read(clientId, body.consentId(), deviceId, "accounts")
        .chain(c -> data.accounts(clientId, c.id(), f.currency(), f.accountType()))
        .map(list -> new Accounts(body.consentId(), list));
  }

  @POST
  @Path("/balances/list")
  public Uni<Balances> balances(
      @Valid @NotNull ListBalances body, @HeaderParam(ReadAccess.DEVICE_HEADER) String deviceId) {
    String clientId = clientId();
    BalanceFilter f = body.filter() == null ? NO_BALANCE_FILTER : body.filter();
    String scope =
        String.join(
            "|",
            "balances",
            clientId,
            body.consentId().toString(),
            Objects.toString(f.accountId(), ""),
            Objects.toString(f.currency(), ""),
            Objects.toString(f.balanceType(), ""));
    String after = PageRequest.afterOf(body.pagination());
    BalanceKey key;
    try {
      key = after == null ? null : balanceKey(cursors.decode(scope, after, "pagination.after"));
    } catch (ProblemException e) {
      return Uni.createFrom().failure(e);
    }
    int limit = PageRequest.limitOf(body.pagination());
    return access
        .read(clientId, body.consentId(), deviceId, "balances")
        .call(c -> accountOf(clientId, c.id(), f.accountId()))
        .chain(
            c ->
                data.balances(
                    clientId,
                    c.id(),
                    new AccountDataRepository.BalanceFilter(
                        f.accountId(), f.currency(), f.balanceType()),
                    key,
                    limit))
        .map(
            rows -> {
              PageInfo.Slice<Balance> page =
                  PageInfo.slice(
                      rows,
                      limit,
                      b ->
                          cursors.encode(
                              scope,
                              List.of(
                                  b.referenceDate().toString(),
                                  b.accountId().toString(),
                                  b.balanceType())));
              return new Balances(page.pagination(), page.items());
            });
  }

  /** A filter's account must be one of the consent's: else 404 naming the field. */
  private Uni<Void> accountOf(String clientId, UUID consentId, UUID accountId) {
    if (accountId == null) {
      return Uni.createFrom().voidItem();
    }
    return data.accountOf(clientId, consentId, accountId)
        .invoke(
            found -> {
              if (!found) {
                throw ProblemType.NOT_FOUND.exception(
                    "no account " + accountId + " under this consent", "filter.account_id");
              }
            })
        .replaceWithVoid();
  }

  private static BalanceKey balanceKey(List<String> v) {
    if (v.size() != 3) {
      throw invalidCursor();
    }
    try {
      return new BalanceKey(LocalDate.parse(v.get(0)), UUID.fromString(v.get(1)), v.get(2));
    } catch (RuntimeException e) {
      throw invalidCursor();
    }
  }

  @POST
  @Path("/transactions/list")
  public Uni<Transactions> transactions(
      @Valid @NotNull ListTransactions body,
      @HeaderParam(ReadAccess.DEVICE_HEADER) String deviceId) {
    String clientId = clientId();
    TransactionFilter f = body.filter() == null ? NO_TX_FILTER : body.filter();
    AccountDataRepository.TransactionFilter filter;
    TransactionKey key;
    String scope =
        String.join(
            "|",
            "transactions",
            clientId,
            body.consentId().toString(),
            Objects.toString(f.accountId(), ""),
            amountKey(f.amountFrom()),
            amountKey(f.amountTo()),
            Objects.toString(f.dateFrom(), ""),
            Objects.toString(f.dateTo(), ""),
            Objects.toString(f.creditDebitIndicator(), ""),
            Objects.toString(f.status(), ""));
    try {
      filter = filter(f);
      String after = PageRequest.afterOf(body.pagination());
      key = after == null ? null : transactionKey(cursors.decode(scope, after, "pagination.after"));
    } catch (ProblemException e) {
      return Uni.createFrom().failure(e);
    }
    int limit = PageRequest.limitOf(body.pagination());
    return access
        .read(clientId, body.consentId(), deviceId, "transactions")
        .call(c -> accountOf(clientId, c.id(), f.accountId()))
        .chain(c -> data.transactions(clientId, c.id(), filter, key, limit))
        .map(
            rows -> {
              PageInfo.Slice<Transaction> page =
                  PageInfo.slice(
                      rows,
                      limit,
                      t ->
                          cursors.encode(
                              scope, List.of(t.sortDate().toString(), Long.toString(t.sortId()))));
              return new Transactions(page.pagination(), page.items());
            });
  }

  /** An amount filter as the cursor binds it: 100 and 100.00 are the same query. */
  private static String amountKey(String amount) {
    return amount == null ? "" : new BigDecimal(amount).stripTrailingZeros().toPlainString();
  }

  /** The filter as the repository takes it; ranges upside down are a 400 naming the field. */
  private static AccountDataRepository.TransactionFilter filter(TransactionFilter f) {
    BigDecimal from = f.amountFrom() == null ? null : new BigDecimal(f.amountFrom());
    BigDecimal to = f.amountTo() == null ? null : new BigDecimal(f.amountTo());
    List<FieldError> errors = new ArrayList<>();
    if (from != null && to != null && from.compareTo(to) > 0) {
      errors.add(new FieldError("filter.amount_to", "must not be less than filter.amount_from"));
    }
    for (var d :
        new Object[][] {{"filter.date_from", f.dateFrom()}, {"filter.date_to", f.dateTo()}}) {
      LocalDate date = (LocalDate) d[1];
      if (date != null && (date.getYear() < 1900 || date.getYear() > 9999)) {
        errors.add(new FieldError((String) d[0], "must be a date from 1900 to 9999"));
      }
    }
    if (f.dateFrom() != null && f.dateTo() != null && f.dateFrom().isAfter(f.dateTo())) {
      errors.add(new FieldError("filter.date_to", "must not be before filter.date_from"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("The filter is invalid", errors);
    }
    return new AccountDataRepository.TransactionFilter(
        f.accountId(), from, to, f.dateFrom(), f.dateTo(), f.creditDebitIndicator(), f.status());
  }

  private static TransactionKey transactionKey(List<String> v) {
    if (v.size() != 2) {
      throw invalidCursor();
    }
    try {
      return new TransactionKey(LocalDate.parse(v.get(0)), Long.parseLong(v.get(1)));
    } catch (RuntimeException e) {
      throw invalidCursor();
    }
  }

  private static ProblemException invalidCursor() {
    return ProblemType.INVALID_CURSOR.exception(
        "the cursor is not one this API returned for this query", "pagination.after");
  }

  private String clientId() {
    return ResourceServerAuthMechanism.token(identity).clientId();
  }
}
