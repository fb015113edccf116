package dev.openbank.xs2a.client;

import dev.openbank.xs2a.model.Common.ErrorBody;
import dev.openbank.xs2a.model.Common.TppMessage;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns a bank's error response into an {@link Xs2aException} with its tppMessages. */
class Xs2aErrorMapper implements ResponseExceptionMapper<Xs2aException> {

  @Override
  public Xs2aException toThrowable(Response response) {
    List<TppMessage> messages = List.of();
    try {
      if (response.hasEntity()) {
        ErrorBody body = response.readEntity(ErrorBody.class);
        if (body != null && body.tppMessages() != null) {
          messages = body.tppMessages();
        }
      }
    } catch (ProcessingException | IllegalStateException e) {
      // not a NextGenPSD2 error body: the status alone must do
    }
    return new Xs2aException(response.getStatus(), messages);
  }

  @Override
  public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }
}
