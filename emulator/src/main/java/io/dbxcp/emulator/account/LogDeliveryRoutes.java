package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;
import java.util.Map;

/** Log delivery: {@code A/log-delivery}; bodies wrapped in {@code log_delivery_configuration}; no DELETE. */
public final class LogDeliveryRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/log-delivery";
  private static final String ONE = BASE + "/{log_delivery_configuration_id}";
  private final LogDeliveryService service;

  public LogDeliveryRoutes(LogDeliveryService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "account.log-delivery";
    r.add(
        "POST",
        BASE,
        f,
        Access.ACCOUNT,
        c -> Map.of("log_delivery_configuration", service.create(c.param("account_id"), c.body(), c.now())));
    r.add(
        "GET",
        BASE,
        f,
        Access.ACCOUNT,
        c ->
            Map.of(
                "log_delivery_configurations",
                service.list(c.param("account_id"), c.query("status"), c.query("credentials_id"), c.query("storage_configuration_id"))));
    r.add(
        "GET",
        ONE,
        f,
        Access.ACCOUNT,
        c -> Map.of("log_delivery_configuration", service.get(c.param("account_id"), c.param("log_delivery_configuration_id"))));
    r.add(
        "PATCH",
        ONE,
        f,
        Access.ACCOUNT,
        c -> {
          service.patchStatus(c.param("account_id"), c.param("log_delivery_configuration_id"), c.body(), c.now());
          return null;
        });
  }
}
