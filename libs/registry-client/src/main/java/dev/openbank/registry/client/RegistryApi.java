package dev.openbank.registry.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * provider-registry's internal API, as the platform's services read it (unknown fields are ignored,
 * so the registry may add fields without breaking its readers).
 */
@Path("/internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryApi {

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Limits(BigDecimal minAmount, BigDecimal maxAmount) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PaymentMethod(
      String id,
      String name,
      List<String> flowTypes,
      List<String> currencies,
      Limits limits,
      Boolean fundsStatusUpdates) {

    /** The method can carry this payment: flow, currency and amount within its limits. */
    public boolean accepts(String flowType, String currency, BigDecimal amount) {
      return flowTypes != null
          && flowTypes.contains(flowType)
          && currencies != null
          && currencies.contains(currency)
          && (limits == null
              || ((limits.minAmount() == null || amount.compareTo(limits.minAmount()) >= 0)
                  && (limits.maxAmount() == null || amount.compareTo(limits.maxAmount()) <= 0)));
    }

    public boolean reportsFunds() {
      return Boolean.TRUE.equals(fundsStatusUpdates);
    }
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record AisMethod(
      String id,
      String name,
      String accountOwnerType,
      String interfaceType,
      String interfaceEnv,
      List<String> scopes,
      Integer maxConsentDays) {

    /** The method can give access to every one of these scopes. */
    public boolean covers(List<String> wanted) {
      return scopes != null && scopes.containsAll(wanted);
    }
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Provider(
      String code,
      String name,
      String country,
      String logoUrl,
      String status,
      List<PaymentMethod> paymentMethods,
      List<AisMethod> aisMethods) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Providers(List<Provider> providers) {}

  @RegisterForReflection
  record ListForEnvironment(String environment) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Connector(String baseUrl, Map<String, String> quirks) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ConnectorRow(
      String providerCode, String methodKind, String methodId, Connector connector) {}

  @RegisterForReflection
  record ConnectorRef(String providerCode, String methodId) {}

  @POST
  @Path("/providers/list")
  Uni<Providers> providers(
      @HeaderParam("Authorization") String authorization, ListForEnvironment body);

  @POST
  @Path("/connectors/get")
  Uni<ConnectorRow> connector(
      @HeaderParam("Authorization") String authorization, ConnectorRef body);
}
