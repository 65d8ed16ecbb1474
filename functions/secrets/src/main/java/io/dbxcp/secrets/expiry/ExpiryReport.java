package io.dbxcp.secrets.expiry;

import java.util.List;

/**
 * What a check found: how many secrets were looked at, those reported as expiring (each also an
 * event on the bus), and those whose expiry could not be read (by name, with the reason).
 */
public record ExpiryReport(int checked, int windowDays, List<CredentialExpiring> expiring, List<String> unreadable) {}
