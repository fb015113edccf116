package dev.openbank.ais.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.openbank.ais.domain.AccountData.Transaction;
import java.io.IOException;

/**
 * Writes a {@link Transaction} field by field, in the order and with the names and null handling
 * the bean serializer would use (snake_case, nulls left out, dates as ISO strings). A transactions
 * page is 51 of these; through the bean serializer each field was a reflective call, and Jackson
 * took a quarter of ais-service's CPU in bench/transactions.sh. {@code TransactionJsonTest} checks
 * the output equals the bean serializer's.
 */
public final class TransactionJson extends StdSerializer<Transaction> {

  private static final SerializedString TRANSACTION_ID = new SerializedString("transaction_id");
  private static final SerializedString ACCOUNT_ID = new SerializedString("account_id");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString BOOKING_DATE = new SerializedString("booking_date");
  private static final SerializedString VALUE_DATE = new SerializedString("value_date");
  private static final SerializedString AMOUNT = new SerializedString("amount");
  private static final SerializedString CURRENCY = new SerializedString("currency");
  private static final SerializedString CREDIT_DEBIT =
      new SerializedString("credit_debit_indicator");
  private static final SerializedString COUNTERPARTY = new SerializedString("counterparty_name");
  private static final SerializedString REMITTANCE = new SerializedString("remittance_information");
  private static final SerializedString END_TO_END = new SerializedString("end_to_end_id");
  private static final SerializedString BANK_CODE = new SerializedString("bank_transaction_code");

  public TransactionJson() {
    super(Transaction.class);
  }

  @Override
  public void serialize(Transaction t, JsonGenerator g, SerializerProvider provider)
      throws IOException {
    g.writeStartObject(t);
    field(g, TRANSACTION_ID, t.transactionId());
    field(g, ACCOUNT_ID, t.accountId() == null ? null : t.accountId().toString());
    field(g, STATUS, t.status());
    field(g, BOOKING_DATE, t.bookingDate() == null ? null : t.bookingDate().toString());
    field(g, VALUE_DATE, t.valueDate() == null ? null : t.valueDate().toString());
    field(g, AMOUNT, t.amount());
    field(g, CURRENCY, t.currency());
    field(g, CREDIT_DEBIT, t.creditDebitIndicator());
    field(g, COUNTERPARTY, t.counterpartyName());
    field(g, REMITTANCE, t.remittanceInformation());
    field(g, END_TO_END, t.endToEndId());
    field(g, BANK_CODE, t.bankTransactionCode());
    g.writeEndObject();
  }

  private static void field(JsonGenerator g, SerializedString name, String value)
      throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      g.writeString(value);
    }
  }
}
