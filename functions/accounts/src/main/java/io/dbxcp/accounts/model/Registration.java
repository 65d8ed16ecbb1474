package io.dbxcp.accounts.model;

/** A Databricks account object onboarding registered or found: kind, id, name, and whether this run created it. */
public record Registration(String kind, String id, String name, boolean created) {}
