package io.dbxcp.accounts.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The execution's state as it grows: the intake's input ({@code workflow}, {@code trigger},
 * {@code request}), then each step's result at its own path. Every Task gets all of it and reads
 * what it needs; after a failure {@code failedStep} and {@code error} say where and why.
 */
public record OnboardingState(String workflow, JsonNode trigger, OnboardingRequest request, Plan plan, Access access,
                              RolesResult roles, KeysResult keys, BucketsResult buckets, NetworkResult network,
                              Registration credentials, Registration storage, LogDeliveryResult logDelivery,
                              String failedStep, ErrorInfo error) {
    public static final String WORKFLOW = "onboard-account";
}
